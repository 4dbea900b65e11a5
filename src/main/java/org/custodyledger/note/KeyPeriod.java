package org.custodyledger.note;

/**
 * A log signing key and the run of log indexes it was current for: it signs the entries with
 * {@code firstSize <= index < lastSize}. {@code firstSize} is null for a key that never became
 * current, {@code lastSize} null while it is current; {@code revokedFrom}, when set, marks its
 * signatures on entries from that index on as made with a compromised key.
 */
public record KeyPeriod(NoteVerifier key, Long firstSize, Long lastSize, Long revokedFrom) {
    /** A key with no recorded period (a bundle from before key histories): any index. */
    public static KeyPeriod unbounded(NoteVerifier key) {
        return new KeyPeriod(key, 0L, null, null);
    }

    public String keyId() {
        return key.keyIdHex();
    }

    /** The key was current for the entry at {@code index}. */
    public boolean covers(long index) {
        return firstSize != null && index >= firstSize && (lastSize == null || index < lastSize);
    }

    public boolean revokedAt(long index) {
        return revokedFrom != null && index >= revokedFrom;
    }

    /** "entries 0 to 41", "entries from 42 on", "no entries". */
    public String describePeriod() {
        if (firstSize == null) {
            return "no entries (it never became current)";
        }
        if (lastSize == null) {
            return "entries from " + firstSize + " on";
        }
        return lastSize.equals(firstSize) ? "no entries (retired as it began, at " + firstSize + ")"
                : "entries " + firstSize + " to " + (lastSize - 1);
    }
}
