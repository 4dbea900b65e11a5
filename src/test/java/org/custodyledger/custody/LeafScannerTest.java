package org.custodyledger.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.custodyledger.TestKeys;
import org.custodyledger.hash.Sha256Digest;
import org.junit.jupiter.api.Test;

/**
 * The report's leaf scanner against the strict parser ({@link SignedEvent#parseLeaf}): the same
 * fields for every leaf the service writes, and the same verdict — accepted with the same values,
 * or refused — for leaves broken on purpose and for thousands of random mutations of them.
 */
class LeafScannerTest {
    private static final EventSigner EVENTS = new EventSigner(TestKeys.sampleSigner());
    private static final Sha256Digest SHA = Sha256Digest.fromHex("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    private static final String COMPLAINT = "c-0123456789abcdef0123456789abcdef";
    private static final Instant T = Instant.parse("2026-07-10T10:00:00.123Z");

    /** Events of every type and subject kind, with units, escapes and text beyond ASCII. */
    static List<CustodyEvent> varied() {
        List<CustodyEvent> out = new ArrayList<>();
        int i = 0;
        for (EventType type : EventType.values()) {
            Instant t = T.plusSeconds(i++ * 3607);
            if (type.aboutComplaint()) {
                out.add(CustodyEvent.aboutComplaint(COMPLAINT, type, "public", "public", t,
                        Map.of("category", "use-of-force", "to", "closed", "outcome", "sustained", "dueBy", "2026-10-08T00:00:00.000Z")));
            } else if (type.aboutPeriod()) {
                out.add(CustodyEvent.aboutPeriod(type == EventType.ACCESS_REFUSALS_COUNTED ? "2026-07-09" : "2026-Q2", type,
                        "system", "system", t, Map.of("401", "3", "403:cases", "4", "reportSha256", "ab".repeat(32))));
                out.add(CustodyEvent.aboutPeriod("2026-06", type, "system", "system", t, Map.of()).withUnit("Central"));
            } else {
                out.add(CustodyEvent.of("f-" + i, SHA, type, "officer-4711", "reviewer", t, "purpose " + i, null,
                        Map.of("held", "true", "durationMs", "150000", "recordedAt", "2026-07-10T09:00:00.000Z")));
                out.add(CustodyEvent.of("f-" + i, SHA, type, "officer-4711", "supervisor.lead", t, null, "Room 2",
                        Map.of()).withPrev((long) i).withUnit("North, \"East\" (2)"));
            }
        }
        // Text beyond ASCII and strings that need escapes, in every string field that can hold them.
        out.add(CustodyEvent.of("f-ünïcode", SHA, EventType.VIEWED, "agent-名前", "reviewer", T,
                "revue — défense ✓", "salle 😀 2", Map.of("note", "é", "ключ", "значение", "z😀", "a")).withUnit("Unité Nord"));
        out.add(CustodyEvent.of("f-esc", SHA, EventType.EXPORTED, "a\"b", "rev\\iewer", T, "line\nbreak\ttab\u0001ctl", "\"",
                Map.of("quote\"key", "back\\slash", "ctl", "\u001f\b\f\r")).withUnit("Unit \"Q\""));
        out.add(CustodyEvent.of("f-year", SHA, EventType.VIEWED, "a", "r", Instant.parse("0001-01-01T00:00:00Z"), null, null, null));
        out.add(CustodyEvent.of("f-year", SHA, EventType.VIEWED, "a", "r", Instant.parse("+10000-02-29T23:59:59.999Z"), null, null, null));
        out.add(CustodyEvent.of("f-leap", SHA, EventType.VIEWED, "a", "r", Instant.parse("2024-02-29T23:59:59.999Z"), null, null, null)
                .withPrev(9_007_199_254_740_991L));
        out.add(CustodyEvent.of("f-zero", SHA, EventType.VIEWED, " a ", " r", Instant.EPOCH, " ", " ", null).withPrev(0L));
        return out;
    }

    private static List<byte[]> leaves() {
        return varied().stream().map(e -> EVENTS.sign(e).leafBytes()).toList();
    }

    /** The strict parser's verdict: the event's fields, or the refusal. */
    private static Object strict(byte[] leaf) {
        try {
            return LeafScanner.Event.of(SignedEvent.parseLeaf(leaf).event());
        } catch (CustodyFormatException | IllegalArgumentException e) {
            return "refused";
        }
    }

    private static Object scanned(byte[] leaf) {
        try {
            return LeafScanner.scan(leaf);
        } catch (CustodyFormatException e) {
            return "refused";
        }
    }

    @Test
    void readsWhatTheStrictParserReadsFromEveryKindOfLeaf() {
        for (byte[] leaf : leaves()) {
            assertEquals(strict(leaf), scanned(leaf), new String(leaf, StandardCharsets.UTF_8));
        }
    }

    @Test
    void decidesTheServicesLeavesItselfAndLeavesOnlyEscapesAndWideYearsToTheStrictParser() {
        int fast = 0;
        for (byte[] leaf : leaves()) {
            String text = new String(leaf, StandardCharsets.UTF_8);
            LeafScanner.Event e = LeafScanner.fast(leaf);
            if (text.contains("\\") || text.contains("+10000")) {
                assertEquals(null, e, text);
            } else {
                assertNotNull(e, text);
                assertEquals(strict(leaf), e);
                fast++;
            }
        }
        assertTrue(fast >= 25, "the fast pass decided only " + fast + " leaves");
    }

    /** Leaves the lenient reading the report used before ({@link #lenient}) accepted, which the strict parser refuses: refused now. */
    @Test
    void refusesLeavesThatAreNotCanonicalAlthoughTheirEventReads() throws Exception {
        String leaf = new String(EVENTS.sign(CustodyEvent.of("f-1", SHA, EventType.VIEWED, "a", "reviewer", T, "p", null,
                Map.of("k", "v"))).leafBytes(), StandardCharsets.UTF_8);
        Map<String, String> broken = new LinkedHashMap<>();
        broken.put("white space", leaf.replace("\"type\":", "\"type\": "));
        broken.put("keys out of order", leaf.replace("\"actorId\":\"a\",\"actorRole\":\"reviewer\"", "\"actorRole\":\"reviewer\",\"actorId\":\"a\""));
        broken.put("sha256 in capitals", leaf.replace(SHA.hex(), SHA.hex().toUpperCase()));
        broken.put("a day February lacks", leaf.replace("2026-07-10T", "2026-02-30T"));
        broken.put("hour 24", leaf.replace("T10:00:00.123Z", "T24:00:00.000Z"));
        broken.put("escaped plain letter", leaf.replace("\"reviewer\"", "\"r\\u0065viewer\""));
        broken.put("prev as minus zero", leaf.replace("\"purpose\"", "\"prev\":-0,\"purpose\""));
        broken.put("empty details", leaf.replace("{\"k\":\"v\"}", "{}"));
        broken.put("empty purpose", leaf.replace("\"purpose\":\"p\"", "\"purpose\":\"\""));
        broken.put("signature without padding", leaf.replace("==\"}", "\"}"));
        for (Map.Entry<String, String> b : broken.entrySet()) {
            byte[] bytes = b.getValue().getBytes(StandardCharsets.UTF_8);
            assertTrue(!b.getValue().equals(leaf), b.getKey() + ": the test did not break the leaf");
            lenient(bytes);   // the reading the report used before still reads it
            assertThrows(CustodyFormatException.class, () -> LeafScanner.scan(bytes), b.getKey());
            assertThrows(CustodyFormatException.class, () -> SignedEvent.parseLeaf(bytes), b.getKey());
        }
    }

    /** What the report read leaves with before: the event parsed, its fields and types checked, the bytes' form not. */
    static CustodyEvent lenient(byte[] leaf) throws CustodyFormatException {
        return CustodyEvent.fromMap((Map<?, ?>) ((Map<?, ?>) CanonicalJson.parse(leaf)).get("event"));
    }

    @Test
    void refusesWhatTheEventRulesRefuse() {
        String leaf = new String(EVENTS.sign(CustodyEvent.of("f-1", SHA, EventType.VIEWED, "a", "reviewer", T, null, null,
                null)).leafBytes(), StandardCharsets.UTF_8);
        for (String bad : List.of(
                leaf.replace("\"v\":1", "\"v\":2"),
                leaf.replace("\"VIEWED\"", "\"LOOKED_AT\""),
                leaf.replace("\"VIEWED\"", "\"COMPLAINT_RECEIVED\""),
                leaf.replace("\"f-1\"", "\"c-1\""),
                leaf.replace("\"f-1\"", "\"   \""),
                leaf.replace("\"actorId\":\"a\",", ""),
                leaf.replace("\"actorId\":\"a\"", "\"actorId\":\"a\",\"colour\":\"red\""),
                leaf.replace("\"v\":1}", "\"unit\":\" \",\"v\":1}"),
                leaf.replace("\"footageId\":\"f-1\"", "\"footageId\":\"f-1\",\"period\":\"2026-Q3\""),
                leaf.replace("}", "},"),
                leaf + " ",
                "[]", "", "{\"event\":{}}")) {
            byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
            assertEquals("refused", scanned(bytes), bad);
            assertEquals("refused", strict(bytes), bad);
        }
    }

    /** Thousands of leaves broken at random: the scanner's verdict is the strict parser's, every time. */
    @Test
    void agreesWithTheStrictParserOnRandomlyMutatedLeaves() {
        Random random = new Random(19);
        byte[] alphabet = "\"\\{}[],:0123456789-.aAfzZT +=/eu\u007f".getBytes(StandardCharsets.US_ASCII);
        List<byte[]> leaves = leaves();
        int accepted = 0;
        for (int round = 0; round < 40_000; round++) {
            byte[] leaf = leaves.get(random.nextInt(leaves.size()));
            byte[] m = mutate(leaf, random, alphabet);
            Object strict = strict(m);
            LeafScanner.Event fast = LeafScanner.fast(m);
            if (fast != null && !fast.equals(strict)) {
                fail("the fast pass accepted " + new String(m, StandardCharsets.UTF_8) + " as " + fast + ", strict: " + strict);
            }
            assertEquals(strict, scanned(m), () -> new String(m, StandardCharsets.UTF_8));
            if (!"refused".equals(strict)) {
                accepted++;
            }
        }
        assertTrue(accepted > 100, "mutations left only " + accepted + " valid leaves: the comparison proved little");
    }

    private static byte[] mutate(byte[] leaf, Random random, byte[] alphabet) {
        int at = random.nextInt(leaf.length);
        byte[] pick = {alphabet[random.nextInt(alphabet.length)]};
        return switch (random.nextInt(6)) {
            case 0 -> splice(leaf, at, 1, pick);                               // replace one byte
            case 1 -> splice(leaf, at, 1, new byte[0]);                        // delete one
            case 2 -> splice(leaf, at, 0, pick);                               // insert one
            case 3 -> splice(leaf, at, 0, new byte[] {(byte) (0x80 + random.nextInt(0x80))}); // a stray byte above ASCII
            case 4 -> {                                                        // a digit changed (times, numbers)
                byte[] c = leaf.clone();
                c[at] = (byte) ('0' + random.nextInt(10));
                yield c;
            }
            default -> {                                                       // a run of bytes duplicated
                int len = Math.min(1 + random.nextInt(12), leaf.length - at);
                byte[] run = java.util.Arrays.copyOfRange(leaf, at, at + len);
                yield splice(leaf, at, 0, run);
            }
        };
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }
}
