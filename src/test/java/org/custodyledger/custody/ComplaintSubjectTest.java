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

    private static CustodyEvent parse(String json) throws CustodyFormatException {
        return CustodyEvent.fromMap((Map<?, ?>) CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8)));
    }
}
