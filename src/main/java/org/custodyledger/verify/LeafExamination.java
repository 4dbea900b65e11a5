package org.custodyledger.verify;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.custodyledger.custody.CanonicalJson;
import org.custodyledger.custody.CustodyFormatException;
import org.custodyledger.custody.EventSigner;
import org.custodyledger.custody.LeafFields;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.verify.LedgerAudit.Divergence;
import org.custodyledger.verify.LedgerAudit.Examined;

/** The audit's per-leaf work, pure and thread-safe: what one entry says, and what is wrong with it alone. */
final class LeafExamination {
    private LeafExamination() {
    }

    /**
     * Leaf hash, format and (optionally) signature of one entry; pure, thread-safe. With
     * signatures the leaf is read as a full signed event (canonical form re-checked, as the
     * signature is over it); without, only as JSON, for the footage id and previous link the
     * chain needs — its bytes are still bound by the leaf hash and the rebuilt tree.
     */
    static Examined examine(long index, byte[] leaf, byte[] storedHash, EventKeys keys, boolean checkSignature) {
        List<Divergence> problems = new ArrayList<>(0);
        byte[] computed = Rfc6962.hashLeaf(leaf);
        if (!MessageDigest.isEqual(computed, storedHash)) {
            problems.add(new Divergence("log_entries", index, "leaf-hash", "stored leaf_hash is not SHA-256(0x00 ‖ leaf)",
                    LedgerAudit.b64(computed), LedgerAudit.b64(storedHash)));
        }
        if (!checkSignature) {
            return examineStructure(index, leaf, computed, problems);
        }
        SignedEvent event = null;
        try {
            event = SignedEvent.parseLeaf(leaf);
        } catch (CustodyFormatException e) {
            problems.add(new Divergence("log_entries", index, "leaf-format", "leaf is not a canonical signed event: "
                    + e.getMessage(), null, null));
        }
        if (event != null) {
            NoteVerifier key = keys.verifier(event.keyId());
            if (key == null) {
                problems.add(new Divergence("log_entries", index, "event-signature", "no known key with ID " + event.keyId(),
                        null, event.keyId()));
            } else if (!EventSigner.verifyLeaf(leaf, event, key)) {
                problems.add(new Divergence("log_entries", index, "event-signature", "invalid Ed25519 signature by "
                        + key.name() + "+" + key.keyIdHex(), null, null));
            } else {
                String refusal = keys.refusal(index, event.keyId());
                if (refusal != null) {
                    problems.add(new Divergence("log_entries", index, "event-signature", refusal, null, event.keyId()));
                }
            }
        }
        return new Examined(index, computed, event == null ? null : event.event().subjectId(),
                event == null ? null : event.event().prev(), problems, event != null);
    }

    private static Examined examineStructure(long index, byte[] leaf, byte[] computed, List<Divergence> problems) {
        LeafFields.Fields fields = LeafFields.read(leaf);
        if (fields != null) {
            return new Examined(index, computed, fields.subjectId(), fields.prev(), problems, false);
        }
        try {
            if (CanonicalJson.parse(leaf) instanceof Map<?, ?> m && m.get("event") instanceof Map<?, ?> event
                    && subjectOf(event) instanceof String subjectId
                    && (event.get("prev") == null || event.get("prev") instanceof Long)) {
                return new Examined(index, computed, subjectId, (Long) event.get("prev"), problems, false);
            }
            problems.add(new Divergence("log_entries", index, "leaf-format", "leaf has no event with one subject"
                    + " (a footage id or a complaint id)",
                    null, null));
        } catch (CustodyFormatException e) {
            problems.add(new Divergence("log_entries", index, "leaf-format", "leaf is not JSON: " + e.getMessage(),
                    null, null));
        }
        return new Examined(index, computed, null, null, problems, false);
    }

    /** The event's one subject id (complaint or footage); null when it has neither or both. */
    private static Object subjectOf(Map<?, ?> event) {
        Object complaint = event.get("complaintId");
        Object footage = event.get("footageId");
        return (complaint == null) == (footage == null) ? null : complaint != null ? complaint : footage;
    }
}
