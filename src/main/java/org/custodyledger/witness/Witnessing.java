package org.custodyledger.witness;

import java.util.List;
import org.custodyledger.merkle.ProofResult;
import org.custodyledger.merkle.ProofVerifier;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.note.SignedNote;
import java.security.MessageDigest;

/**
 * The witness's side of c2sp.org/tlog-witness as a pure function: the checks, in the spec's
 * order, between a parsed request and the witness's latest cosigned checkpoint for the log.
 */
public final class Witnessing {
    private Witnessing() {
    }

    /**
     * Decides an {@code add-checkpoint} request.
     *
     * @param logKeys the keys the witness trusts for {@code request.origin()} (empty: unknown log)
     * @param latest  the latest checkpoint it cosigned for that origin, or null if it never did
     */
    public static WitnessDecision decide(AddCheckpointRequest request, List<NoteVerifier> logKeys, Checkpoint latest) {
        String origin = request.origin();
        // The caller looked the keys up by origin: a key's name need not be the origin (WitnessedLog).
        List<NoteVerifier> keys = logKeys;
        if (keys.isEmpty()) {
            return new WitnessDecision.Refused(WitnessStatus.UNKNOWN_LOG, "unknown log origin \"" + origin + "\"");
        }
        if (latest != null && !latest.origin().equals(origin)) {
            throw new IllegalArgumentException("the latest checkpoint given is of " + latest.origin() + ", not " + origin);
        }
        try {
            SignedNote.parse(request.checkpointNote());
        } catch (NoteException e) {
            return new WitnessDecision.Refused(WitnessStatus.MALFORMED, "malformed checkpoint note: " + e.getMessage());
        }
        String text;
        try {
            text = SignedNote.open(request.checkpointNote(), keys);
        } catch (NoteException e) {
            return new WitnessDecision.Refused(WitnessStatus.FORBIDDEN, "checkpoint signature: " + e.getMessage());
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(text);
        } catch (NoteException e) {
            return new WitnessDecision.Refused(WitnessStatus.MALFORMED, "malformed checkpoint: " + e.getMessage());
        }
        long oldSize = request.oldSize();
        if (oldSize > checkpoint.size()) {
            return new WitnessDecision.Refused(WitnessStatus.MALFORMED,
                    "old size " + oldSize + " is above the checkpoint size " + checkpoint.size());
        }
        long witnessSize = latest == null ? 0 : latest.size();
        if (oldSize != witnessSize) {
            return new WitnessDecision.Conflict(witnessSize,
                    "old size " + oldSize + " is not the latest cosigned size " + witnessSize);
        }
        List<byte[]> proof = request.consistencyProof();
        if (oldSize == checkpoint.size() && latest != null) {
            if (!MessageDigest.isEqual(latest.root(), checkpoint.root())) {
                return new WitnessDecision.Conflict(witnessSize, "size " + oldSize + " was cosigned with root "
                        + latest.rootBase64() + ", the checkpoint has root " + checkpoint.rootBase64());
            }
        }
        if (oldSize == 0) {
            if (!proof.isEmpty()) {
                return new WitnessDecision.Refused(WitnessStatus.MALFORMED,
                        "old size 0 takes an empty proof, got " + proof.size() + " hashes");
            }
            return new WitnessDecision.Cosign(checkpoint, text);
        }
        ProofResult result = ProofVerifier.verifyConsistency(oldSize, checkpoint.size(), proof, latest.root(), checkpoint.root());
        if (!result.isValid()) {
            return new WitnessDecision.Refused(WitnessStatus.INCONSISTENT, "consistency proof from " + oldSize + " to "
                    + checkpoint.size() + ": " + result.describe());
        }
        return new WitnessDecision.Cosign(checkpoint, text);
    }
}
