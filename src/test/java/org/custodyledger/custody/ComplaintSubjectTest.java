package org.custodyledger.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.custodyledger.TestKeys;
import org.junit.jupiter.api.Test;

/** An event has one subject: a footage (as always) or a complaint; the format refuses anything else. */
class ComplaintSubjectTest {
    private static final String ID = "c-0123456789abcdef0123456789abcdef";
    private static final Instant T = Instant.parse("2026-11-28T05:40:30.123Z");

    @Test
    void aComplaintEventNamesTheComplaintAndNoFootage() throws Exception {
        CustodyEvent e = CustodyEvent.aboutComplaint(ID, EventType.COMPLAINT_RECEIVED, "public", "public", T,
                Map.of("category", "other", "commitment", "ab".repeat(32), "footageMatched", "0"));
        assertEquals("{\"actorId\":\"public\",\"actorRole\":\"public\",\"complaintId\":\"" + ID + "\",\"details\":{"
                + "\"category\":\"other\",\"commitment\":\"" + "ab".repeat(32) + "\",\"footageMatched\":\"0\"},"
                + "\"time\":\"2026-11-28T05:40:30.123Z\",\"type\":\"COMPLAINT_RECEIVED\",\"v\":1}",
                new String(e.canonicalBytes(), StandardCharsets.UTF_8));
        byte[] leaf = new EventSigner(TestKeys.sampleSigner()).sign(e.withPrev(7L)).leafBytes();
        SignedEvent parsed = SignedEvent.parseLeaf(leaf);
        assertEquals(ID, parsed.event().complaintId());
        assertNull(parsed.event().footageId());
        assertEquals(ID, parsed.event().subjectId());
        LeafFields.Fields fast = LeafFields.read(leaf);
        assertEquals(ID, fast.subjectId());
        assertEquals(7L, fast.prev());
    }

    @Test
    void bothSubjectsNeitherOrAMismatchedTypeAreRefused() {
        String both = "{\"actorId\":\"a\",\"actorRole\":\"admin\",\"complaintId\":\"" + ID + "\",\"footageId\":\"f-1\","
                + "\"sha256\":\"" + "00".repeat(32) + "\",\"time\":\"2026-11-28T05:40:30.123Z\",\"type\":\"COMPLAINT_ASSIGNED\",\"v\":1}";
        assertTrue(assertThrows(CustodyFormatException.class, () -> parse(both)).getMessage().contains("one subject"));
        String neither = "{\"actorId\":\"a\",\"actorRole\":\"admin\",\"time\":\"2026-11-28T05:40:30.123Z\","
                + "\"type\":\"VIEWED\",\"v\":1}";
        assertThrows(CustodyFormatException.class, () -> parse(neither));
        String footageTypeOnComplaint = "{\"actorId\":\"a\",\"actorRole\":\"admin\",\"complaintId\":\"" + ID + "\","
                + "\"time\":\"2026-11-28T05:40:30.123Z\",\"type\":\"VIEWED\",\"v\":1}";
        assertTrue(assertThrows(CustodyFormatException.class, () -> parse(footageTypeOnComplaint)).getMessage()
                .contains("not about a complaint"));
        String complaintTypeOnFootage = "{\"actorId\":\"a\",\"actorRole\":\"admin\",\"footageId\":\"f-1\",\"sha256\":\""
                + "00".repeat(32) + "\",\"time\":\"2026-11-28T05:40:30.123Z\",\"type\":\"COMPLAINT_ASSIGNED\",\"v\":1}";
        assertTrue(assertThrows(CustodyFormatException.class, () -> parse(complaintTypeOnFootage)).getMessage()
                .contains("needs a complaintId"));
    }

    @Test
    void subjectIdsCannotCollideAcrossKinds() {
        String shortComplaint = "{\"actorId\":\"a\",\"actorRole\":\"admin\",\"complaintId\":\"c-1\","
                + "\"time\":\"2026-11-28T05:40:30.123Z\",\"type\":\"COMPLAINT_ASSIGNED\",\"v\":1}";
        assertTrue(assertThrows(CustodyFormatException.class, () -> parse(shortComplaint)).getMessage()
                .contains("c- and 32 lowercase hex"));
        assertNull(LeafFields.read(leaf(shortComplaint)));
        String footageAsComplaint = "{\"actorId\":\"a\",\"actorRole\":\"admin\",\"footageId\":\"" + ID + "\",\"sha256\":\""
                + "00".repeat(32) + "\",\"time\":\"2026-11-28T05:40:30.123Z\",\"type\":\"VIEWED\",\"v\":1}";
        assertTrue(assertThrows(CustodyFormatException.class, () -> parse(footageAsComplaint)).getMessage()
                .contains("complaint's form"));
        assertNull(LeafFields.read(leaf(footageAsComplaint)));
        String footage = footageAsComplaint.replace("\"footageId\":\"" + ID, "\"footageId\":\"f-1");
        assertEquals("f-1", LeafFields.read(leaf(footage)).subjectId(), "the same leaf with a footage id reads");
    }

    /** The event in a leaf's frame (signature not checked by the fast reader). */
    private static byte[] leaf(String event) {
        return ("{\"event\":" + event + ",\"keyId\":\"00000000\",\"sig\":\"AA==\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static CustodyEvent parse(String json) throws CustodyFormatException {
        return CustodyEvent.fromMap((Map<?, ?>) CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8)));
    }
}
