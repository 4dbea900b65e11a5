package org.custodyledger.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.custodyledger.custody.CustodyFormatException;
import org.custodyledger.custody.LoggedEvent;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.note.SignedNote;

/**
 * Checks one footage's evidence, the same way on the server ({@code /verify}) and offline
 * ({@code verify-bundle}): the checkpoint's signature by a trusted key; for every event its
 * leaf format, leaf hash, signature, subject (this footage, this hash) and inclusion in the
 * checkpoint's tree; the history's chain; and each earlier checkpoint's signature and
 * consistency with the evidence checkpoint. Each check is named after what it covers, with
 * the log index where there is one, so a failure says where the evidence breaks.
 */
public final class FootageVerifier {
    private FootageVerifier() {
    }

    /**
     * @param trusted   keys a checkpoint may be signed by (the verifier's trust anchor)
     * @param eventKeys keys events may be signed by, by 8-hex key ID (retired ones included)
     */
    public static List<Check> verify(FootageEvidence evidence, List<NoteVerifier> trusted,
                                     Map<String, NoteVerifier> eventKeys) {
        return verify(evidence, trusted, EventKeys.unbounded(eventKeys.values()));
    }

    /**
     * @param trusted   keys a checkpoint may be signed by (the verifier's trust anchor)
     * @param eventKeys the keys events may be signed by, each for the indexes it was current for
     */
    public static List<Check> verify(FootageEvidence evidence, List<NoteVerifier> trusted, EventKeys eventKeys) {
        List<Check> checks = new ArrayList<>();
        Checkpoint checkpoint = checkpoint(evidence.checkpointNote(), trusted, checks, "checkpoint-signature");
        // Each event's checks are independent (a signature verification dominates): spread them
        // over the cores, then report them in log order.
        List<EventChecks> perEvent = IntStream.range(0, evidence.events().size()).parallel()
                .mapToObj(i -> eventChecks(evidence.events().get(i), evidence, eventKeys, checkpoint))
                .toList();
        List<LoggedEvent> parsed = new ArrayList<>();
        for (EventChecks e : perEvent) {
            checks.addAll(e.checks());
            if (e.parsed() != null) {
                parsed.add(e.parsed());
            }
        }
        checks.add(LedgerChecks.chain(evidence.footageId(), parsed));
        for (CitedCheckpoint earlier : evidence.earlierCheckpoints()) {
            Checkpoint older = checkpoint(earlier.note(), trusted, checks, "earlier-checkpoint-signature");
            if (older != null && checkpoint != null) {
                checks.add(LedgerChecks.consistency(older, checkpoint, earlier.consistencyProof()));
            }
        }
        return checks;
    }

    private record EventChecks(LoggedEvent parsed, List<Check> checks) {
    }

    private static EventChecks eventChecks(EvidenceEvent e, FootageEvidence evidence, EventKeys eventKeys,
                                           Checkpoint checkpoint) {
        List<Check> checks = new ArrayList<>(5);
        SignedEvent signed = parse(e, checks);
        checks.add(LedgerChecks.leafHash(e.index(), e.leaf(), e.leafHash()));
        LoggedEvent logged = null;
        if (signed != null) {
            logged = new LoggedEvent(e.index(), signed);
            checks.add(LedgerChecks.eventSignature(logged, eventKeys));
            checks.add(subject(e.index(), signed, evidence.footageId(), evidence.sha256()));
        }
        checks.add(inclusion(e, checkpoint));
        return new EventChecks(logged, checks);
    }

    /**
     * The checkpoint's signature by any trusted key, added to {@code checks} as {@code name}.
     * Answers the checkpoint even when no trusted key signed it (so inclusion can still be
     * reported), or null when it cannot be read at all.
     */
    public static Checkpoint checkpoint(String note, List<NoteVerifier> trusted, List<Check> checks, String name) {
        String why = "no trusted key was given";
        for (NoteVerifier key : trusted) {
            try {
                Checkpoint cp = Checkpoints.verify(note, key);
                checks.add(Check.pass(name, "size " + cp.size() + " signed by " + key.name() + "+" + key.keyIdHex()));
                return cp;
            } catch (NoteException e) {
                why = e.getMessage();
            }
        }
        try {
            Checkpoint unsigned = Checkpoint.parse(SignedNote.parse(note).text());
            checks.add(Check.fail(name, "size " + unsigned.size() + ": " + why,
                    trusted.stream().map(k -> k.name() + "+" + k.keyIdHex()).toList().toString(), signers(note)));
            return unsigned;
        } catch (NoteException | RuntimeException e) {
            checks.add(Check.fail(name, "not a checkpoint note: " + e.getMessage()));
            return null;
        }
    }

    private static String signers(String note) {
        try {
            return SignedNote.parse(note).signatures().stream().map(s -> s.name() + "+" + String.format("%08x", s.keyId()))
                    .toList().toString();
        } catch (NoteException e) {
            return "unreadable";
        }
    }

    private static SignedEvent parse(EvidenceEvent e, List<Check> checks) {
        try {
            return SignedEvent.parseLeaf(e.leaf());
        } catch (CustodyFormatException ex) {
            checks.add(Check.fail("leaf-format@" + e.index(), "the leaf is not a canonical signed event: " + ex.getMessage()));
            return null;
        }
    }

    /** The event is about this footage and carries its registered hash. */
    private static Check subject(long index, SignedEvent signed, String footageId, Sha256Digest sha256) {
        String name = "event-subject@" + index;
        if (!footageId.equals(signed.event().footageId())) {
            return Check.fail(name, "the event is about another footage", footageId, signed.event().footageId());
        }
        if (!signed.event().sha256().equals(sha256)) {
            return Check.fail(name, "the event names another file hash", sha256.hex(), signed.event().sha256().hex());
        }
        return Check.pass(name, signed.event().type() + " of " + footageId);
    }

    /** Inclusion of the leaf as it is now (its recomputed hash), not as its stored hash claims. */
    private static Check inclusion(EvidenceEvent e, Checkpoint checkpoint) {
        if (checkpoint == null) {
            return Check.fail("inclusion@" + e.index(), "no readable checkpoint to prove inclusion against");
        }
        if (e.inclusionProof() == null) {
            return Check.fail("inclusion@" + e.index(), "no inclusion proof: " + e.proofProblem());
        }
        return LedgerChecks.inclusion(e.index(), Rfc6962.hashLeaf(e.leaf()), e.inclusionProof(), checkpoint);
    }
}
