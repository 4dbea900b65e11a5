package org.custodyledger.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.custodyledger.TestKeys;
import org.custodyledger.hash.Sha256Digest;
import org.junit.jupiter.api.Test;

/** The period subject and the optional unit (docs/FORMATS.md §2): read back exactly, malformed ones refused. */
class PeriodEventTest {
    private static final EventSigner EVENTS = new EventSigner(TestKeys.sampleSigner());
    private static final Instant T = Instant.parse("2026-12-01T00:00:01.000Z");

    private static byte[] leaf(String eventJson) {
        return ("{\"event\":" + eventJson + ",\"keyId\":\"k\",\"sig\":\"AAAA\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void periodAndUnitEventsRoundTrip() throws Exception {
        CustodyEvent published = CustodyEvent.aboutPeriod("2026-Q3", EventType.REPORT_PUBLISHED, "ov-1", "oversight", T,
                Map.of("reportSha256", "ab".repeat(32), "checkpointSize", "12")).withUnit("Central");
        SignedEvent signed = EVENTS.sign(published);
        SignedEvent back = SignedEvent.parseLeaf(signed.leafBytes());
        assertEquals(published, back.event());
        assertEquals("2026-Q3", back.event().subjectId());
        String text = new String(signed.leafBytes(), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"period\":\"2026-Q3\"") && text.contains("\"unit\":\"Central\""), text);
        assertNull(LeafFields.read(signed.leafBytes()));   // not a fast-path subject: the full parse reads it
        CustodyEvent day = CustodyEvent.aboutPeriod("2026-11-30", EventType.ACCESS_REFUSALS_COUNTED, "system", "system", T,
                Map.of("401", "3"));
        assertEquals(day, SignedEvent.parseLeaf(EVENTS.sign(day).leafBytes()).event());
        CustodyEvent noUnit = CustodyEvent.of("f-1", Sha256Digest.of(new byte[32]), EventType.VIEWED, "a", "reviewer", T,
                null, null, Map.of()).withUnit(" ");
        assertTrue(!new String(noUnit.canonicalBytes(), StandardCharsets.UTF_8).contains("unit"));
    }

    @Test
    void malformedPeriodEventsAreRefused() {
        String base = "\"actorId\":\"s\",\"actorRole\":\"system\",\"time\":\"2026-12-01T00:00:01.000Z\",\"v\":1";
        String[] bad = {
            "{" + base + ",\"period\":\"2026-Q5\",\"type\":\"REPORT_PUBLISHED\"}",                     // no such quarter
            "{" + base + ",\"period\":\"2026-Q3\",\"type\":\"VIEWED\"}",                               // type not about a period
            "{" + base + ",\"footageId\":\"f-1\",\"sha256\":\"" + "0".repeat(64) + "\",\"type\":\"REPORT_PUBLISHED\"}",
            "{" + base + ",\"footageId\":\"f-1\",\"period\":\"2026-Q3\",\"type\":\"REPORT_PUBLISHED\"}", // two subjects
            "{" + base + ",\"complaintId\":\"c-" + "0".repeat(32) + "\",\"period\":\"2026-Q3\",\"type\":\"REPORT_PUBLISHED\"}",
            "{" + base + ",\"period\":3,\"type\":\"REPORT_PUBLISHED\"}",                                // not a string
            "{" + base + ",\"period\":\"2026-Q3\",\"type\":\"REPORT_PUBLISHED\",\"unit\":7}",          // unit not a string
            "{" + base + ",\"period\":\"2026-Q3\",\"type\":\"REPORT_PUBLISHED\",\"unit\":\" \"}",      // blank unit
            "{" + base + ",\"period\":\"2026-Q3\",\"type\":\"REPORT_WITHDRAWN\"}",                     // unknown type
        };
        for (String event : bad) {
            assertThrows(CustodyFormatException.class, () -> SignedEvent.parseLeaf(leaf(event)), event);
        }
    }
}
