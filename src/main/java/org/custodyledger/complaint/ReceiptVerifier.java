package org.custodyledger.complaint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.custodyledger.custody.CanonicalJson;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.CustodyFormatException;
import org.custodyledger.custody.EventSigner;
import org.custodyledger.custody.EventType;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.note.SignedNote;
import org.custodyledger.note.TrustedKey;
import org.custodyledger.verify.Check;
import org.custodyledger.verify.FootageVerifier;
import org.custodyledger.verify.LedgerChecks;

/**
 * Checks a complaint receipt offline, with only the log's published verifier key: the content
 * is canonical and about this complaint; salt and content hash to the commitment; the leaf is
 * a COMPLAINT_RECEIVED event of this complaint carrying that commitment, signed by the log's
 * key; the checkpoint is signed by that key and the leaf is in its tree; and, when given, a
 * later checkpoint extends that tree. Every check is named; none throws. A key revoked from N
 * (key file) vouches neither for entries at N or later nor for checkpoints of trees larger than N.
 */
public final class ReceiptVerifier {
    /** A later checkpoint of the same log and the consistency proof from the receipt's tree to it. */
    public record Later(String checkpoint, List<byte[]> consistencyProof) {
    }

    private ReceiptVerifier() {
    }

    /**
     * @param keys  the verifier's key file (revocations applied per entry and per checkpoint size)
     * @param later null when only the receipt itself is checked
     */
    public static List<Check> verify(Receipt r, List<TrustedKey> keys, Later later) {
        List<NoteVerifier> trusted = keys.stream().filter(k -> !k.revokedAt(r.index())).map(TrustedKey::key).toList();
        List<Check> checks = new ArrayList<>();
        byte[] content = r.content().getBytes(StandardCharsets.UTF_8);
        checks.add(contentCanonical(r, content));
        Sha256Digest commitment = commitment(r, content, checks);
        SignedEvent signed = null;
        try {
            signed = SignedEvent.parseLeaf(r.leaf());
            checks.add(Check.pass("leaf-format", "a canonical signed event"));
        } catch (CustodyFormatException e) {
            checks.add(Check.fail("leaf-format", "the leaf is not a canonical signed event: " + e.getMessage()));
        }
        if (signed != null) {
            checks.add(event(r, signed.event(), commitment));
            checks.add(category(content, signed.event()));
            checks.add(eventSignature(r.leaf(), signed, trusted));
        }
        Checkpoint checkpoint = checkpoint(r.checkpoint(), keys, checks, "checkpoint-signature");
        if (checkpoint != null) {
            checks.add(checkpoint.origin().equals(r.logOrigin())
                    ? Check.pass("log-origin", "the checkpoint is of log " + r.logOrigin())
                    : Check.fail("log-origin", "the receipt names another log than its checkpoint's", r.logOrigin(),
                            checkpoint.origin()));
            checks.add(LedgerChecks.inclusion(r.index(), Rfc6962.hashLeaf(r.leaf()), r.inclusionProof(), checkpoint));
        }
        if (later != null) {
            Checkpoint newer = checkpoint(later.checkpoint(), keys, checks, "later-checkpoint-signature");
            if (newer != null && checkpoint != null) {
                checks.add(LedgerChecks.consistency(checkpoint, newer, later.consistencyProof()));
            }
        }
        return checks;
    }

    /**
     * The checkpoint {@code note} checked with the keys not revoked for its size (a key revoked
     * from N is not trusted for trees larger than N); a failure names the revoked key that signed it.
     */
    private static Checkpoint checkpoint(String note, List<TrustedKey> keys, List<Check> checks, String name) {
        long size;
        try {
            size = Checkpoint.parse(SignedNote.parse(note).text()).size();
        } catch (NoteException | RuntimeException e) {
            size = 0; // unreadable: FootageVerifier.checkpoint reports it
        }
        long last = size - 1;
        List<NoteVerifier> current = keys.stream().filter(k -> last < 0 || !k.revokedAt(last)).map(TrustedKey::key).toList();
        Checkpoint checkpoint = FootageVerifier.checkpoint(note, current, checks, name);
        if (!checks.get(checks.size() - 1).ok()) {
            for (TrustedKey k : keys) {
                if (last >= 0 && k.revokedAt(last) && signs(note, k.key())) {
                    checks.set(checks.size() - 1, Check.fail(name, "size " + size + " signed by " + k.key().name() + "+"
                            + k.key().keyIdHex() + ", revoked from " + k.revokedFrom() + " (key file): not trusted for"
                            + " checkpoints of trees larger than " + k.revokedFrom()));
                    break;
                }
            }
        }
        return checkpoint;
    }

    private static boolean signs(String note, NoteVerifier key) {
        try {
            Checkpoints.verify(note, key);
            return true;
        } catch (NoteException e) {
            return false;
        }
    }

    /** The content re-encodes to itself (so its bytes are the ones committed to) and names this complaint. */
    private static Check contentCanonical(Receipt r, byte[] content) {
        try {
            Object parsed = CanonicalJson.parse(content);
            if (!Arrays.equals(CanonicalJson.encode(parsed), content)) {
                return Check.fail("content-format", "the content is not canonical JSON (RFC 8785)");
            }
            if (!(parsed instanceof java.util.Map<?, ?> m) || !r.complaintId().equals(m.get("complaintId"))) {
                return Check.fail("content-format", "the content is not about complaint " + r.complaintId());
            }
            return Check.pass("content-format", "canonical JSON of complaint " + r.complaintId());
        } catch (CustodyFormatException | IllegalArgumentException e) {
            return Check.fail("content-format", "the content is not canonical JSON: " + e.getMessage());
        }
    }

    private static Sha256Digest commitment(Receipt r, byte[] content, List<Check> checks) {
        if (r.salt().length != Commitments.SALT_LENGTH) {
            checks.add(Check.fail("commitment", "the salt is " + r.salt().length + " bytes, not " + Commitments.SALT_LENGTH));
            return null;
        }
        Sha256Digest computed = Commitments.commit(r.salt(), content);
        checks.add(computed.hex().equals(r.commitment())
                ? Check.pass("commitment", "SHA-256(salt ‖ content) = " + computed.hex())
                : Check.fail("commitment", "SHA-256(salt ‖ content) differs from the receipt's commitment",
                        computed.hex(), r.commitment()));
        return computed;
    }

    /** The event is this complaint's COMPLAINT_RECEIVED and carries the commitment just recomputed. */
    private static Check event(Receipt r, CustodyEvent e, Sha256Digest commitment) {
        if (e.type() != EventType.COMPLAINT_RECEIVED || !r.complaintId().equals(e.complaintId())) {
            return Check.fail("event-subject", "the event is not the receipt of complaint " + r.complaintId(),
                    "COMPLAINT_RECEIVED of " + r.complaintId(), e.type() + " of " + e.subjectId());
        }
        String logged = e.details().get("commitment");
        if (commitment == null || !commitment.hex().equals(logged)) {
            return Check.fail("event-commitment", "the logged commitment is not SHA-256(salt ‖ content)",
                    commitment == null ? null : commitment.hex(), logged);
        }
        return Check.pass("event-commitment", "COMPLAINT_RECEIVED of " + r.complaintId() + " at "
                + CustodyEvent.formatTime(e.time()) + " commits to the content");
    }

    /** The category the event logs (what transparency reports count) is the content's. */
    private static Check category(byte[] content, CustodyEvent e) {
        Object stated = null;
        try {
            if (CanonicalJson.parse(content) instanceof java.util.Map<?, ?> m) {
                stated = m.get("category");
            }
        } catch (CustodyFormatException | IllegalArgumentException e2) {
            stated = null;
        }
        String logged = e.details().get("category");
        return stated != null && stated.equals(logged)
                ? Check.pass("event-category", "the event logs the content's category " + logged)
                : Check.fail("event-category", "the event logs another category than the content's",
                        String.valueOf(stated), logged);
    }

    private static Check eventSignature(byte[] leaf, SignedEvent signed, List<NoteVerifier> trusted) {
        for (NoteVerifier key : trusted) {
            if (key.keyIdHex().equals(signed.keyId())) {
                return EventSigner.verifyLeaf(leaf, signed, key)
                        ? Check.pass("event-signature", "Ed25519 signature by " + key.name() + "+" + key.keyIdHex())
                        : Check.fail("event-signature", "invalid Ed25519 signature by " + key.name() + "+" + key.keyIdHex());
            }
        }
        return Check.fail("event-signature", "the event is signed by key " + signed.keyId() + ", not a trusted key",
                trusted.stream().map(NoteVerifier::keyIdHex).toList().toString(), signed.keyId());
    }
}
