package org.custodyledger.verify;

import java.util.ArrayList;
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

/**
 * A bundle's readable key history checked against its signed key handovers. The history
 * (which key signed which entries) is unsigned; what bounds it is the first checkpoint under
 * each new key, which the log signs with the old key and the new one. That note, of size S,
 * says both keys vouch for the same tree of S entries: the old key's entries all lie below S
 * (it signs nothing from S on), and the new key took over at or before S — the history's
 * boundary B must therefore satisfy B ≤ S (the handover batch, entries B to S-1, is the new
 * key's). A history that lets the old key run past its handover, names a rotation no handover
 * signs, or comes with a handover only one of the two keys signed, is refused; the periods the
 * event checks then use are cut back to what the signed handovers allow. A key may appear in the
 * history once: a key handing over to itself, or coming back after a later key, would let one
 * signed handover (or a copy of it) vouch for a period it never bounded. The handovers are the
 * log's, oldest first: their sizes strictly increase, so one note cannot be counted twice.
 */
public final class KeyHandovers {
    /** The check that the history is one run of keys, each handover accounted for. */
    public static final String HISTORY = "key-history";
    /** One rotation's check, {@code key-handover@<B>} with B the first entry of the new key. */
    public static final String HANDOVER = "key-handover@";

    /** The checks made and the key periods events are to be checked against. */
    public record Result(List<Check> checks, List<KeyPeriod> periods) {
    }

    private KeyHandovers() {
    }

    /**
     * Checks {@code history} against the signed {@code handovers} (the exact note texts). Each
     * signature is checked with the trusted key of that ID when {@code trusted} has one, else with
     * the bundle's own copy (and the check says so). A history of one key without handovers (a
     * ledger that never rotated), and a bundle from before key histories, make no check.
     */
    public static Result check(List<KeyPeriod> history, List<String> handovers, List<NoteVerifier> trusted) {
        List<Check> checks = new ArrayList<>();
        if (history.isEmpty()) {
            if (!handovers.isEmpty()) {
                checks.add(Check.fail(HISTORY, "the bundle carries " + handovers.size()
                        + " key handover(s) but no keyHistory to read them with"));
            }
            return new Result(checks, history);
        }
        if (history.size() == 1 && handovers.isEmpty()) {
            return new Result(checks, history);
        }
        List<KeyPeriod> once = firstPeriods(history);
        if (once.size() < history.size()) {
            // Refused outright; the event checks get each key's first period only, never a later one it was edited into.
            checks.add(Check.fail(HISTORY, "keyHistory names a key more than once (" + repeated(history) + "): each key"
                    + " is current for one run of entries and hands over to a different key"));
            return new Result(checks, once);
        }
        Map<String, NoteVerifier> trustedById = new HashMap<>();
        trusted.forEach(k -> trustedById.put(k.keyIdHex(), k));
        List<KeyPeriod> periods = new ArrayList<>(history);
        Set<Integer> used = new HashSet<>();
        String contiguity = contiguity(history);
        String order = order(handovers);
        long after = -1;
        for (int i = 1; i < history.size(); i++) {
            KeyPeriod old = history.get(i - 1);
            KeyPeriod next = history.get(i);
            NoteVerifier oldKey = trustedById.getOrDefault(old.keyId(), old.key());
            NoteVerifier newKey = trustedById.getOrDefault(next.keyId(), next.key());
            long boundary = next.firstSize();
            String name = HANDOVER + boundary;
            Found found = find(handovers, oldKey, newKey, used, after);
            if (found.size < 0) {
                checks.add(Check.fail(name, "keyHistory says " + label(old) + " handed over to " + label(next) + " at entry "
                        + boundary + ", but " + found.why));
                continue;
            }
            used.add(found.index);
            long signed = found.size;
            after = signed;
            // The old key never signs from its handover's size on, whatever the readable history says.
            if (old.lastSize() == null || old.lastSize() > signed) {
                periods.set(i - 1, new KeyPeriod(old.key(), old.firstSize(), signed, old.revokedFrom()));
            }
            if (boundary > signed || (old.lastSize() != null && old.lastSize() > signed)) {
                checks.add(Check.fail(name, "keyHistory says " + label(old) + " was current for " + old.describePeriod()
                        + ", but its signed handover to " + label(next) + " is the checkpoint of size " + signed
                        + ": the old key signs nothing from entry " + signed + " on", "at most " + signed,
                        String.valueOf(old.lastSize())));
            } else if (next.lastSize() != null && next.lastSize() < signed) {
                checks.add(Check.fail(name, "the signed handover to " + label(next) + " is the checkpoint of size " + signed
                        + ", after keyHistory ends that key's period (" + next.describePeriod() + ")"));
            } else {
                checks.add(Check.pass(name, "checkpoint of size " + signed + " signed by both " + label(old) + " and "
                        + label(next) + ": " + label(old) + " signs entries below " + boundary + " only"
                        + copies(trustedById, old, next)));
            }
        }
        List<Integer> unused = new ArrayList<>();
        for (int i = 0; i < handovers.size(); i++) {
            if (!used.contains(i)) {
                unused.add(i);
            }
        }
        if (contiguity != null) {
            checks.add(Check.fail(HISTORY, contiguity));
        } else if (order != null) {
            checks.add(Check.fail(HISTORY, order));
        } else if (!unused.isEmpty()) {
            checks.add(Check.fail(HISTORY, "keyHandovers" + unused + " hand over between no two consecutive keys of"
                    + " keyHistory"));
        } else {
            checks.add(Check.pass(HISTORY, history.size() + " signing keys, one after the other from entry 0, each"
                    + " handover signed by both keys"));
        }
        return new Result(checks, periods);
    }

    /** A signed handover found: its index among the notes and its tree size; size -1 and why when none. */
    private record Found(int index, long size, String why) {
    }

    /** The unused note signed by both keys, larger than {@code after} (the previous rotation's handover). */
    private static Found find(List<String> notes, NoteVerifier oldKey, NoteVerifier newKey, Set<Integer> used, long after) {
        String half = null;
        for (int i = 0; i < notes.size(); i++) {
            if (used.contains(i) || size(notes.get(i)) <= after) {
                continue;
            }
            Checkpoint byOld = signed(notes.get(i), oldKey);
            Checkpoint byNew = signed(notes.get(i), newKey);
            if (byOld != null && byNew != null) {
                return new Found(i, byNew.size(), null);
            }
            if (half == null && (byOld != null || byNew != null)) {
                half = "keyHandovers[" + i + "] (size " + (byOld != null ? byOld : byNew).size() + ") is signed by "
                        + (byOld != null ? "the old key only" : "the new key only")
                        + ": a handover must carry valid signatures by both";
            }
        }
        return new Found(-1, -1, half != null ? half : "the bundle carries no checkpoint signed by both keys (keyHandovers)");
    }

    /** The tree size a note states (signatures unchecked), or -1 when it is no checkpoint note. */
    private static long size(String note) {
        try {
            return Checkpoint.parse(SignedNote.parse(note).text()).size();
        } catch (NoteException | RuntimeException e) {
            return -1;
        }
    }

    /** Why the handovers are not the log's, oldest first (each larger than the one before); null when they are. */
    private static String order(List<String> handovers) {
        for (int i = 1; i < handovers.size(); i++) {
            long before = size(handovers.get(i - 1));
            long size = size(handovers.get(i));
            if (before >= 0 && size >= 0 && size <= before) {
                return "keyHandovers[" + i + "] (size " + size + ") is not larger than keyHandovers[" + (i - 1) + "] (size "
                        + before + "): the log's handovers come oldest first, one per rotation"
                        + (handovers.get(i).equals(handovers.get(i - 1)) ? " (it is the same note twice)" : "");
            }
        }
        return null;
    }

    /** Each key's first period in {@code history}, later ones of a key already named dropped. */
    private static List<KeyPeriod> firstPeriods(List<KeyPeriod> history) {
        Set<String> seen = new HashSet<>();
        return history.stream().filter(p -> seen.add(p.keyId())).toList();
    }

    private static String repeated(List<KeyPeriod> history) {
        Set<String> seen = new HashSet<>();
        return String.join(", ", history.stream().filter(p -> !seen.add(p.keyId())).map(KeyHandovers::label).distinct()
                .toList());
    }

    private static Checkpoint signed(String note, NoteVerifier key) {
        try {
            return Checkpoints.verify(note, key);
        } catch (NoteException | RuntimeException e) {
            return null;
        }
    }

    /** Why the history is not one run of keys from entry 0, each ending where the next begins; null when it is. */
    private static String contiguity(List<KeyPeriod> history) {
        if (history.get(0).firstSize() != 0) {
            return "keyHistory's first key " + label(history.get(0)) + " begins at entry " + history.get(0).firstSize()
                    + ", not 0";
        }
        for (int i = 1; i < history.size(); i++) {
            KeyPeriod old = history.get(i - 1);
            if (old.lastSize() == null || !old.lastSize().equals(history.get(i).firstSize())) {
                return "keyHistory's " + label(old) + " (" + old.describePeriod() + ") does not end where the next key "
                        + label(history.get(i)) + " begins (" + history.get(i).describePeriod() + ")";
            }
        }
        if (history.get(history.size() - 1).lastSize() != null) {
            return "keyHistory's last key " + label(history.get(history.size() - 1)) + " is retired, with no key after it";
        }
        return null;
    }

    private static String copies(Map<String, NoteVerifier> trusted, KeyPeriod... keys) {
        List<String> copies = new ArrayList<>();
        for (KeyPeriod k : keys) {
            if (!trusted.containsKey(k.keyId())) {
                copies.add(k.keyId());
            }
        }
        return copies.isEmpty() ? "" : " (checked with the bundle's own copy of " + String.join(", ", copies)
                + ": not among the trusted keys)";
    }

    private static String label(KeyPeriod p) {
        return p.key().name() + "+" + p.keyId();
    }
}
