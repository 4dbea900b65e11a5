package org.custodyledger.witness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The add-checkpoint request body: the spec's example parses, round trips, and every malformed form is refused. */
class WitnessRequestTest {
    static final String SPEC_NOTE = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
            + "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
            + "\u2014 example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=\n";
    static final String SPEC_BODY = "old 20852014\n"
            + "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n"
            + "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n"
            + "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n"
            + "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n"
            + "\n" + SPEC_NOTE;

    @Test
    void specExampleParsesAndRoundTrips() throws WitnessException {
        AddCheckpointRequest r = AddCheckpointRequest.parse(SPEC_BODY);
        assertEquals(20852014L, r.oldSize());
        assertEquals(4, r.consistencyProof().size());
        assertArrayEquals(Base64.getDecoder().decode("PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw="), r.consistencyProof().get(0));
        assertEquals(SPEC_NOTE, r.checkpointNote());
        assertEquals("example.com/behind-the-sofa", r.origin());
        assertEquals(SPEC_BODY, r.encode());
        assertEquals(SPEC_BODY, AddCheckpointRequest.parse(SPEC_BODY.getBytes(StandardCharsets.UTF_8)).encode());
    }

    @Test
    void oldZeroWithoutProof() throws WitnessException {
        String body = "old 0\n\n" + SPEC_NOTE;
        AddCheckpointRequest r = AddCheckpointRequest.parse(body);
        assertEquals(0, r.oldSize());
        assertTrue(r.consistencyProof().isEmpty());
        assertEquals(body, new AddCheckpointRequest(0, List.of(), SPEC_NOTE).encode());
    }

    @Test
    void sixtyThreeProofLinesAreTheLimit() throws WitnessException {
        String line = "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n";
        assertEquals(63, AddCheckpointRequest.parse("old 5\n" + line.repeat(63) + "\n" + SPEC_NOTE).consistencyProof().size());
        WitnessException e = assertThrows(WitnessException.class,
                () -> AddCheckpointRequest.parse("old 5\n" + line.repeat(64) + "\n" + SPEC_NOTE));
        assertEquals("line 65: more than 63 consistency proof lines", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new AddCheckpointRequest(5, Collections.nCopies(64, new byte[32]), SPEC_NOTE));
    }

    @Test
    void malformedBodiesAreRefusedNamingTheLine() {
        String h = "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=";
        String[][] cases = {
                {"", "line 1: the old size line must end with a newline"},
                {"old 5", "line 1: the old size line must end with a newline"},
                {"new 5\n\n" + SPEC_NOTE, "line 1: want \"old <size>\", got \"new 5\""},
                {"old  5\n\n" + SPEC_NOTE, "line 1: size \" 5\" is not a decimal number without leading zeroes"},
                {"old 05\n\n" + SPEC_NOTE, "line 1: size \"05\" is not a decimal number without leading zeroes"},
                {"old -5\n\n" + SPEC_NOTE, "line 1: size \"-5\" is not a decimal number without leading zeroes"},
                {"old +5\n\n" + SPEC_NOTE, "line 1: size \"+5\" is not a decimal number without leading zeroes"},
                {"old 5 \n\n" + SPEC_NOTE, "line 1: size \"5 \" is not a decimal number without leading zeroes"},
                {"old \n\n" + SPEC_NOTE, "line 1: size \"\" is not a decimal number without leading zeroes"},
                {"old 9223372036854775808\n\n" + SPEC_NOTE, "line 1: size 9223372036854775808 is beyond 2^63-1"},
                {"OLD 5\n\n" + SPEC_NOTE, "line 1: want \"old <size>\", got \"OLD 5\""},
                {"old 5\r\n\n" + SPEC_NOTE, "line 1: size \"5\r\" is not a decimal number without leading zeroes"},
                {"old 5\n" + h + "\n", "line 3: no empty line before the checkpoint"},
                {"old 5\n" + h + "\n\n", "line 4: the checkpoint note is missing"},
                {"old 5\n\n\n" + SPEC_NOTE, "line 3: the checkpoint note is missing"},
                {"old 5\n\n" + SPEC_NOTE.strip(), "the checkpoint note must end with a newline"},
                {"old 5\n" + h.substring(0, 43) + "\n\n" + SPEC_NOTE, "line 2: proof hash is not canonical padded base64"},
                {"old 5\n" + h + " \n\n" + SPEC_NOTE, "line 2: proof hash is not base64: Input byte array has incorrect ending byte at 44"},
                {"old 5\n" + "AAAA" + "\n\n" + SPEC_NOTE, "line 2: proof hash has 3 bytes, want 32"},
                {"old 5\n" + "A".repeat(48) + "\n\n" + SPEC_NOTE, "line 2: proof hash has 36 bytes, want 32"},
                {"old 5\n" + "5-pKlUdi2LeF/BcMHBn-Ku6yhPGNCswZZD1X/6QgPd8=\n\n" + SPEC_NOTE, "line 2: proof hash is not base64: Illegal base64 character 2d"},
        };
        for (String[] c : cases) {
            WitnessException e = assertThrows(WitnessException.class, () -> AddCheckpointRequest.parse(c[0]), c[0]);
            assertEquals(c[1], e.getMessage(), c[0]);
        }
        assertThrows(WitnessException.class, () -> AddCheckpointRequest.parse(new byte[] {'o', 'l', 'd', ' ', (byte) 0xff, '\n'}));
        assertThrows(WitnessException.class, () -> AddCheckpointRequest.parse(new byte[AddCheckpointRequest.MAX_BODY_BYTES + 1]));
        assertThrows(IllegalArgumentException.class, () -> new AddCheckpointRequest(-1, List.of(), SPEC_NOTE));
        assertThrows(IllegalArgumentException.class, () -> new AddCheckpointRequest(1, List.of(new byte[31]), SPEC_NOTE));
        assertThrows(IllegalArgumentException.class, () -> new AddCheckpointRequest(1, List.of(), "no newline"));
    }

    @Test
    void sizeBodyOf409() throws WitnessException {
        assertEquals("20852014\n", WitnessStatus.sizeBody(20852014));
        assertEquals(20852014L, WitnessStatus.parseSizeBody("20852014\n"));
        assertEquals(0L, WitnessStatus.parseSizeBody("0\n"));
        for (String bad : new String[] {"", "5", "05\n", "5\n\n", "-1\n", "5 \n", "x\n", "5\n6\n"}) {
            assertThrows(WitnessException.class, () -> WitnessStatus.parseSizeBody(bad), bad);
        }
        assertEquals("text/x.tlog.size", WitnessStatus.SIZE_CONTENT_TYPE);
        assertEquals(WitnessStatus.INCONSISTENT, WitnessStatus.ofCode(422));
        assertEquals(null, WitnessStatus.ofCode(500));
    }
}
