package org.custodyledger.witness;

import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteVerifier;

/**
 * A log a witness cosigns: the origin its checkpoints name on their first line, and a key that
 * signs them. tlog-checkpoint only says the key name SHOULD match the origin, so the two may differ.
 */
public record WitnessedLog(String origin, NoteVerifier key) {
    public WitnessedLog {
        if (origin == null || origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("a log origin is one non-empty line, got \"" + origin + "\"");
        }
    }

    /**
     * Reads {@code VKEY} (the origin is the key's name) or {@code ORIGIN=VKEY}. A verifier key
     * ends in base64 and may itself hold '=': the whole value is tried as a key first, so a plain
     * VKEY reads exactly as it always did; otherwise the origin is everything before the first '='.
     */
    public static WitnessedLog parse(String value) throws NoteException {
        try {
            NoteVerifier key = NoteVerifier.parse(value);
            return new WitnessedLog(key.name(), key);
        } catch (NoteException asKey) {
            int eq = value.indexOf('=');
            if (eq <= 0) {
                throw asKey;
            }
            NoteVerifier key;
            try {
                key = NoteVerifier.parse(value.substring(eq + 1));
            } catch (NoteException e) {
                throw new NoteException("neither VKEY nor ORIGIN=VKEY: " + asKey.getMessage() + "; after \""
                        + value.substring(0, eq) + "=\": " + e.getMessage(), e);
            }
            return new WitnessedLog(value.substring(0, eq), key);
        }
    }
}
