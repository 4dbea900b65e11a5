package org.custodyledger.verify;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.KeyPeriod;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.note.SignedNote;
import org.custodyledger.note.TrustedKey;

/**
 * The keys events may be signed by, each with the log indexes it was current for: an event is
 * accepted only with a valid signature by the key that was current at its index, and one by a
 * key revoked from at or before its index is reported as such. Keys the history names but the
 * verifier does not trust are known by name only, so a refusal can say which key it needs.
 */
public final class EventKeys {
    /** The check that a bundle's checkpoint is signed by the key its key history makes current at its size. */
    public static final String CHECKPOINT_KEY_PERIOD = "checkpoint-key-period";
    private final Map<String, KeyPeriod> periods;
    private final Set<String> untrusted;

    private EventKeys(Map<String, KeyPeriod> periods, Set<String> untrusted) {
        this.periods = Map.copyOf(periods);
        this.untrusted = Set.copyOf(untrusted);
    }

    /**
     * The keys of a recorded history, each limited to its period. A key named twice is refused,
     * not merged or overwritten: a later period would otherwise extend a retired key's reach.
     */
    public static EventKeys of(List<KeyPeriod> history) {
        Map<String, KeyPeriod> periods = new HashMap<>();
        for (KeyPeriod p : history) {
            if (periods.putIfAbsent(p.keyId(), p) != null) {
                throw new IllegalArgumentException("the key history names key " + p.key().name() + "+" + p.keyId()
                        + " more than once");
            }
        }
        return new EventKeys(periods, Set.of());
    }

    /** Keys without a recorded history (bundles written before key histories): any index. */
    public static EventKeys unbounded(Collection<NoteVerifier> keys) {
        Map<String, KeyPeriod> periods = new HashMap<>();
        keys.forEach(k -> periods.put(k.keyIdHex(), KeyPeriod.unbounded(k)));
        return new EventKeys(periods, Set.of());
    }

    /**
     * The keys an offline verifier checks a bundle's events with: with the bundle's key history,
     * each key for its period and only if {@code trusted}; without one (an older bundle), the
     * bundle's keys and the trusted ones, for any index, as before key histories.
     */
    public static EventKeys forBundle(List<KeyPeriod> history, Collection<NoteVerifier> bundleKeys,
                                      Collection<NoteVerifier> trusted, String checkpointNote) {
        if (history.isEmpty()) {
            Map<String, NoteVerifier> keys = new HashMap<>();
            bundleKeys.forEach(k -> keys.put(k.keyIdHex(), k));
            trusted.forEach(k -> keys.put(k.keyIdHex(), k));
            // Bundles from before key histories come from a log that only ever had one key, the one
            // that signed their checkpoint. A bundle stripped of its (unsigned) history must not let
            // a retired or revoked key sign events at any index because the verifier trusts it too.
            List<NoteVerifier> checkpointKeys = keys.values().stream().filter(k -> signs(checkpointNote, k)).toList();
            return unbounded(checkpointKeys.isEmpty() ? keys.values() : checkpointKeys);
        }
        return of(history).trustingOnly(trusted);
    }

    /**
     * Why the checkpoint {@code note} is not signed by a trusted key current at its size (the key
     * that signed its last entry, or for the empty tree the first key), or null when it is. A
     * handover checkpoint passes by its new key's signature; a checkpoint signed only by a key
     * retired before it, or revoked, is refused, whatever the trusted keys would accept.
     */
    public String checkpointRefusal(String note) {
        long size;
        try {
            size = Checkpoint.parse(SignedNote.parse(note).text()).size();
        } catch (NoteException | RuntimeException e) {
            return "the checkpoint is not readable: " + e.getMessage();
        }
        List<KeyPeriod> signers = periods.values().stream()
                .filter(p -> !untrusted.contains(p.keyId()) && signs(note, p.key())).toList();
        for (KeyPeriod p : signers) {
            if (checkpointKeyRefusal(size, p.keyId()) == null && !(size > 0 && p.revokedAt(size - 1))) {
                return null;
            }
        }
        return signers.isEmpty() ? "the checkpoint is signed by no trusted key of the key history"
                : "the checkpoint at size " + size + " is signed only by "
                + signers.stream().map(p -> p.key().name() + "+" + p.keyId() + " (current for " + p.describePeriod()
                + (p.revokedFrom() == null ? "" : ", revoked from " + p.revokedFrom()) + ")").toList()
                + ", not by the key current at that size";
    }

    /**
     * Why the checkpoint of {@code size} may not be signed by {@code keyId}: unknown, or not
     * current at that size (the key of its last entry; for the empty tree, the first key). Null
     * when it may. (A revoked key's checkpoints are its owner's own: the audit reports the
     * revoked key's entries, and a bundle refuses a tree only a revoked key vouches for.)
     */
    public String checkpointKeyRefusal(long size, String keyId) {
        KeyPeriod p = periods.get(keyId);
        if (p == null) {
            return "no known key with ID " + keyId;
        }
        boolean current = size == 0 ? Long.valueOf(0).equals(p.firstSize()) : p.covers(size - 1);
        if (!current) {
            return "the checkpoint at size " + size + " is signed by key " + p.key().name() + "+" + keyId
                    + ", current for " + p.describePeriod();
        }
        return null;
    }

    private static boolean signs(String note, NoteVerifier key) {
        try {
            Checkpoints.verify(note, key);
            return true;
        } catch (NoteException | RuntimeException e) {
            return false;
        }
    }

    /** This history, but signatures only by {@code trusted} keys (same key ID and public key) are accepted. */
    public EventKeys trustingOnly(Collection<NoteVerifier> trusted) {
        Set<String> trustedKeys = new HashSet<>();
        trusted.forEach(k -> trustedKeys.add(k.verifierKey()));
        Set<String> notTrusted = new HashSet<>(untrusted);
        periods.values().stream().filter(p -> !trustedKeys.contains(p.key().verifierKey()))
                .forEach(p -> notTrusted.add(p.keyId()));
        return new EventKeys(periods, notTrusted);
    }

    /**
     * These keys, each also revoked from where the verifier's key file says (the earlier of that
     * and any revocation already known wins): a revocation travels with the trust anchor, so a
     * bundle that leaves it out of its unsigned history cannot lift it.
     */
    public EventKeys withRevocations(Collection<TrustedKey> keyFile) {
        Map<String, KeyPeriod> revised = new HashMap<>(periods);
        for (TrustedKey t : keyFile) {
            KeyPeriod p = revised.get(t.key().keyIdHex());
            if (p != null && t.revokedFrom() != null && p.key().verifierKey().equals(t.key().verifierKey())) {
                revised.put(p.keyId(), new KeyPeriod(p.key(), p.firstSize(), p.lastSize(),
                        TrustedKey.earliest(p.revokedFrom(), t.revokedFrom())));
            }
        }
        return new EventKeys(revised, untrusted);
    }

    /** Whether any key is revoked (its checkpoints then need the period check too). */
    public boolean anyRevoked() {
        return periods.values().stream().anyMatch(p -> p.revokedFrom() != null);
    }

    /** The verifier of a key ID (trusted or not), or null when the history does not name it. */
    public NoteVerifier verifier(String keyId) {
        KeyPeriod p = periods.get(keyId);
        return p == null ? null : p.key();
    }

    /** Every key, by key ID (for checkpoints, which name the key their row was signed with). */
    public Map<String, NoteVerifier> verifiers() {
        Map<String, NoteVerifier> keys = new HashMap<>();
        periods.forEach((id, p) -> keys.put(id, p.key()));
        return keys;
    }

    /**
     * Why a signature by {@code keyId} on the entry at {@code index} is not accepted whatever
     * its bytes (unknown or untrusted key, outside its period, revoked), or null when the key
     * may have signed it and only the signature itself remains to be checked.
     */
    public String refusal(long index, String keyId) {
        KeyPeriod p = periods.get(keyId);
        if (p == null) {
            return "no known key with ID " + keyId;
        }
        String key = p.key().name() + "+" + keyId;
        if (untrusted.contains(keyId)) {
            return "signed by key " + key + ", which is not among the trusted keys; this event needs "
                    + p.key().verifierKey() + " (current for " + p.describePeriod() + ")";
        }
        if (!p.covers(index)) {
            return "signed by key " + key + " at index " + index + ", but that key was current for " + p.describePeriod();
        }
        if (p.revokedAt(index)) {
            return "signed by revoked key " + keyId + " (revoked from " + p.revokedFrom() + ")";
        }
        return null;
    }
}
