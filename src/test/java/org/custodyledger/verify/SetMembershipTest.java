package org.custodyledger.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.custodyledger.TestKeys;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventSigner;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Digest;
import org.junit.jupiter.api.Test;

/** set-membership read from a member's own signed events, one rule per way a member can be out of place. */
class SetMembershipTest {
    private static final String F = "f-" + "a".repeat(32);
    private static final Sha256Digest SHA = Sha256Digest.of(new byte[32]);
    private static final String C = "c-" + "b".repeat(32);

    private record E(EventType type, String role, Map<String, String> details) {
    }

    private static FootageEvidence history(E... events) throws Exception {
        EventSigner signer = new EventSigner(TestKeys.sampleSigner());
        List<EvidenceEvent> list = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            CustodyEvent e = CustodyEvent.of(F, SHA, events[i].type(), "someone", events[i].role(),
                    Instant.parse("2026-11-28T05:40:30.123Z"), "why", null, events[i].details());
            byte[] leaf = signer.sign(i == 0 ? e : e.withPrev((long) i - 1)).leafBytes();
            list.add(new EvidenceEvent(i, leaf, new byte[32], null, "not needed here"));
        }
        return new FootageEvidence(F, SHA, "", list, null);
    }

    private static E registered() {
        return new E(EventType.REGISTERED, "officer", Map.of());
    }

    private static E exported(String kind, String id) {
        return new E(EventType.EXPORTED, "reviewer", Map.of("via", SetMembership.VIA, kind, id));
    }

    @Test
    void aCaseMemberIsAddedNotRemovedAndExportedInThisSet() throws Exception {
        Check ok = SetMembership.check(history(registered(), new E(EventType.CASE_ADDED, "reviewer", Map.of("case", "K-1")),
                exported("case", "K-1")), "case", "K-1");
        assertTrue(ok.ok(), ok.detail());
        Check removed = SetMembership.check(history(registered(), new E(EventType.CASE_ADDED, "reviewer", Map.of("case", "K-1")),
                exported("case", "K-1"), new E(EventType.CASE_REMOVED, "reviewer", Map.of("case", "K-1"))), "case", "K-1");
        assertFalse(removed.ok());
        assertEquals("it was removed from case K-1 at index 3", removed.detail());
        Check otherCase = SetMembership.check(history(registered(), new E(EventType.CASE_ADDED, "reviewer", Map.of("case", "K-2")),
                exported("case", "K-2")), "case", "K-1");
        assertEquals("its history never adds it to case K-1", otherCase.detail());
        Check notThisSet = SetMembership.check(history(registered(), new E(EventType.CASE_ADDED, "reviewer", Map.of("case", "K-1")),
                new E(EventType.EXPORTED, "reviewer", Map.of("via", "evidence-bundle"))), "case", "K-1");
        assertFalse(notThisSet.ok());
        assertTrue(notThisSet.detail().startsWith("its history holds no EXPORTED of this bundle set"), notThisSet.detail());
        Check laterChange = SetMembership.check(history(registered(), new E(EventType.CASE_ADDED, "reviewer", Map.of("case", "K-1")),
                exported("case", "K-1"), new E(EventType.TRANSFERRED, "reviewer", Map.of("to", "lab"))), "case", "K-1");
        assertFalse(laterChange.ok());
    }

    @Test
    void aComplaintMemberIsHeldByTheServiceForThatComplaint() throws Exception {
        Check ok = SetMembership.check(history(registered(), new E(EventType.HOLD_PLACED, "system",
                Map.of("holdId", "h-1", "matter", C)), exported("complaint", C)), "complaint", C);
        assertTrue(ok.ok(), ok.detail());
        Check byHand = SetMembership.check(history(registered(), new E(EventType.HOLD_PLACED, "admin",
                Map.of("holdId", "h-1", "matter", C)), exported("complaint", C)), "complaint", C);
        assertFalse(byHand.ok());
        assertEquals("its history holds no HOLD_PLACED for complaint " + C, byHand.detail());
    }
}
