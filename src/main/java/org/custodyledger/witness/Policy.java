package org.custodyledger.witness;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteSignature;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.note.SignedNote;

/**
 * A c2sp.org/tlog-policy: the logs, the witnesses, the groups, and the quorum a checkpoint's
 * cosignatures must meet. Built by {@link PolicyParser}, which guarantees that every group
 * member and the quorum name something defined before it (so there are no cycles).
 */
public record Policy(List<Log> logs, Map<String, Witness> witnesses, Map<String, Group> groups, String quorum) {
    /** The predefined quorum name that requires no cosignature. */
    public static final String NONE = "none";

    public record Log(NoteVerifier key, String url) {
    }

    public record Witness(String name, CosignatureVerifier key, String url) {
    }

    /** Witnessed when at least {@code threshold} of its members (witnesses or groups) are. */
    public record Group(String name, int threshold, List<String> members) {
        public Group {
            members = List.copyOf(members);
            if (threshold < 1 || threshold > members.size()) {
                throw new IllegalArgumentException("group " + name + " threshold " + threshold + " is outside 1.."
                        + members.size());
            }
        }
    }

    /** A checkpoint signed by a policy log, the witnesses whose cosignatures verified, and whether they meet the quorum. */
    public record Verdict(Checkpoint checkpoint, Set<String> cosigners, boolean quorumMet) {
    }

    public Policy {
        logs = List.copyOf(logs);
        // Policy file order, so listings and cosigner sets read in the order the operator wrote.
        witnesses = Collections.unmodifiableMap(new LinkedHashMap<>(witnesses));
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        if (!quorum.equals(NONE) && !witnesses.containsKey(quorum) && !groups.containsKey(quorum)) {
            throw new IllegalArgumentException("quorum " + quorum + " is neither a witness nor a group");
        }
    }

    /** Refuses a policy that does not list {@code logKey}: its witnesses would refuse every checkpoint (404 or 403). */
    public void requireLog(NoteVerifier logKey) throws WitnessException {
        String ours = logKey.verifierKey();
        if (logs.stream().noneMatch(l -> l.key().verifierKey().equals(ours))) {
            throw new WitnessException("the witness policy has no \"log\" line with this log's key " + ours
                    + (logs.isEmpty() ? "" : " (it lists " + String.join(", ",
                    logs.stream().map(l -> l.key().verifierKey()).toList()) + ")"));
        }
    }

    /** Whether the witnesses named in {@code cosigned} (those whose cosignatures verified) meet the quorum. */
    public boolean quorumMet(Set<String> cosigned) {
        return quorum.equals(NONE) || witnessed(quorum, cosigned, new HashMap<>());
    }

    private boolean witnessed(String name, Set<String> cosigned, Map<String, Boolean> memo) {
        if (witnesses.containsKey(name)) {
            return cosigned.contains(name);
        }
        Boolean known = memo.get(name);
        if (known != null) {
            return known;
        }
        Group group = groups.get(name);
        int count = 0;
        for (String member : group.members()) {
            if (witnessed(member, cosigned, memo)) {
                count++;
            }
        }
        boolean result = count >= group.threshold();
        memo.put(name, result);
        return result;
    }

    /**
     * The policy witnesses with a verifying cosignature over {@code checkpointText} among
     * {@code signatures}. Lines by unknown keys are ignored; a bad line by a known key counts for nothing.
     */
    public Set<String> cosigners(String checkpointText, List<NoteSignature> signatures) {
        Set<String> names = new LinkedHashSet<>();
        for (Witness w : witnesses.values()) {
            for (CosignatureCheck check : CosignatureLines.check(checkpointText, signatures, w.key())) {
                if (check.isVerified()) {
                    names.add(w.name());
                }
            }
        }
        return names;
    }

    /**
     * Checks a cosigned checkpoint note: a policy log's signature first (refused if none of its
     * keys for the origin verifies), then the body, then the witnesses' cosignatures and the quorum.
     */
    public Verdict check(String note) throws WitnessException {
        SignedNote parsed;
        try {
            parsed = SignedNote.parse(note);
        } catch (NoteException e) {
            throw new WitnessException("malformed checkpoint note: " + e.getMessage(), e);
        }
        String origin = parsed.text().substring(0, parsed.text().indexOf('\n'));
        List<NoteVerifier> keys = logs.stream().map(Log::key).filter(k -> k.name().equals(origin)).toList();
        if (keys.isEmpty()) {
            throw new WitnessException("the policy lists no log with origin \"" + origin + "\"");
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(SignedNote.open(note, keys));
        } catch (NoteException e) {
            throw new WitnessException("checkpoint of " + origin + ": " + e.getMessage(), e);
        }
        Set<String> cosigners = cosigners(parsed.text(), parsed.signatures());
        return new Verdict(checkpoint, cosigners, quorumMet(cosigners));
    }
}
