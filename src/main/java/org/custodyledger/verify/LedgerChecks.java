package org.custodyledger.verify;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.custodyledger.custody.EventSigner;
import org.custodyledger.custody.LoggedEvent;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.merkle.ProofResult;
import org.custodyledger.merkle.ProofVerifier;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteVerifier;

/**
 * The checks a verifier runs, each a pure function returning a named {@link Check} rather
 * than throwing, so a report can say which one failed and why.
 */
public final class LedgerChecks {
    private LedgerChecks() {
    }

    /** The event is signed by the key its key ID names, and the signature is valid (keys without periods). */
    public static Check eventSignature(LoggedEvent e, Map<String, NoteVerifier> keysById) {
        return eventSignature(e, EventKeys.unbounded(keysById.values()));
    }

    /**
     * The event is signed by the key that was current at its index, with a valid signature,
     * and that key was not revoked from at or before it.
     */
    public static Check eventSignature(LoggedEvent e, EventKeys keys) {
        String name = "event-signature@" + e.index();
        NoteVerifier key = keys.verifier(e.signed().keyId());
        if (key == null) {
            return Check.fail(name, "no known key with ID " + e.signed().keyId());
        }
        if (!EventSigner.verify(e.signed(), key)) {
            return Check.fail(name, "invalid Ed25519 signature by " + key.name() + "+" + key.keyIdHex());
        }
        String refusal = keys.refusal(e.index(), e.signed().keyId());
        return refusal == null ? Check.pass(name, "Ed25519 signature by " + key.name() + "+" + key.keyIdHex())
                : Check.fail(name, refusal);
    }

    /** The file as re-hashed now has the SHA-256 it was registered with. */
    public static Check fileHash(Sha256Digest registered,
                                 Sha256Digest actual) {
        return registered.equals(actual)
                ? Check.pass("file-hash", "SHA-256 of the file matches the registered " + registered.hex())
                : Check.fail("file-hash", "the file's SHA-256 differs from the registered one: it is not the registered file",
                        registered.hex(), actual.hex());
    }

    /** The stored leaf hash is SHA-256(0x00 ‖ leaf bytes). */
    public static Check leafHash(long index, byte[] leaf, byte[] storedHash) {
        String name = "leaf-hash@" + index;
        byte[] computed = Rfc6962.hashLeaf(leaf);
        return MessageDigest.isEqual(computed, storedHash)
                ? Check.pass(name, "SHA-256(0x00 ‖ leaf) matches")
                : Check.fail(name, "stored leaf hash differs from SHA-256(0x00 ‖ leaf)", b64(computed), b64(storedHash));
    }

    /** The leaf at {@code index} is in the tree the checkpoint commits to. */
    public static Check inclusion(long index, byte[] leafHash, List<byte[]> proof, Checkpoint checkpoint) {
        String name = "inclusion@" + index;
        ProofResult r = ProofVerifier.verifyInclusion(index, checkpoint.size(), leafHash, proof, checkpoint.root());
        return proofCheck(name, r, "included in checkpoint of size " + checkpoint.size());
    }

    /** The checkpoint note carries a valid signature by {@code key} and its origin is the key's name. */
    public static Check checkpointSignature(String note, NoteVerifier key) {
        try {
            Checkpoint cp = Checkpoints.verify(note, key);
            return Check.pass("checkpoint-signature", "size " + cp.size() + " signed by " + key.name() + "+" + key.keyIdHex());
        } catch (NoteException e) {
            return Check.fail("checkpoint-signature", e.getMessage());
        }
    }

    /** The newer checkpoint's tree extends the older one's. */
    public static Check consistency(Checkpoint older, Checkpoint newer, List<byte[]> proof) {
        String name = "consistency@" + older.size() + "-" + newer.size();
        if (!older.origin().equals(newer.origin())) {
            return Check.fail(name, "checkpoints come from different logs", older.origin(), newer.origin());
        }
        ProofResult r = ProofVerifier.verifyConsistency(older.size(), newer.size(), proof, older.root(), newer.root());
        return proofCheck(name, r, "tree of size " + newer.size() + " extends size " + older.size());
    }

    /**
     * A footage's events, in log order, form an unbroken chain: the first has no previous
     * link, each later one links the index of the one before, and all name the same footage.
     */
    public static Check chain(String footageId, List<LoggedEvent> events) {
        String name = "chain";
        if (events.isEmpty()) {
            return Check.fail(name, "no events for footage " + footageId);
        }
        Long expectedPrev = null;
        long lastIndex = -1;
        for (LoggedEvent e : events) {
            if (!footageId.equals(e.signed().event().footageId())) {
                return Check.fail(name, "event at index " + e.index() + " belongs to another footage",
                        footageId, e.signed().event().footageId());
            }
            if (e.index() <= lastIndex) {
                return Check.fail(name, "events out of log order at index " + e.index(), "> " + lastIndex,
                        String.valueOf(e.index()));
            }
            Long prev = e.signed().event().prev();
            if (!Objects.equals(prev, expectedPrev)) {
                return Check.fail(name, "event at index " + e.index() + " links previous event " + prev
                                + (expectedPrev == null ? " but is the first here" : " but the one before it here is "
                                + expectedPrev) + ": an event is missing or out of order",
                        String.valueOf(expectedPrev), String.valueOf(prev));
            }
            expectedPrev = e.index();
            lastIndex = e.index();
        }
        return Check.pass(name, events.size() + " events linked without a gap");
    }

    private static Check proofCheck(String name, ProofResult r, String okDetail) {
        if (r.isValid()) {
            return Check.pass(name, okDetail);
        }
        if (r instanceof ProofResult.RootMismatch m) {
            return Check.fail(name, "proof leads to a different root", b64(m.expected()), b64(m.calculated()));
        }
        return Check.fail(name, r.describe());
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
