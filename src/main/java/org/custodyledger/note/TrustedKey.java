package org.custodyledger.note;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a verifier's key file: a log verifier key, optionally followed by
 * {@code revoked-from=N} — the key's holder declared it compromised from entry index N on, so
 * its signatures on entries at N and later, and its checkpoints of trees larger than N, are not
 * to be trusted. A line without it is a plain verifier key, as {@code keygen} and
 * {@code /api/v1/ledger/key} write them; any other word after the key is refused, so a
 * verifier never reads past a statement it does not understand.
 */
public record TrustedKey(NoteVerifier key, Long revokedFrom) {
    public static final String REVOKED_FROM = "revoked-from=";

    /** Parses a key-file line (already stripped, neither blank nor a comment). */
    public static TrustedKey parse(String line) throws NoteException {
        String[] words = line.strip().split("\\s+");
        NoteVerifier key = NoteVerifier.parse(words[0]);
        Long revokedFrom = null;
        for (int i = 1; i < words.length; i++) {
            if (!words[i].startsWith(REVOKED_FROM) || revokedFrom != null) {
                throw new NoteException("after the verifier key a key-file line may only say " + REVOKED_FROM
                        + "<tree size>, once; got \"" + words[i] + "\"");
            }
            try {
                revokedFrom = Long.parseLong(words[i].substring(REVOKED_FROM.length()));
            } catch (NumberFormatException e) {
                throw new NoteException(REVOKED_FROM + " needs a tree size: \"" + words[i] + "\"");
            }
            if (revokedFrom < 0) {
                throw new NoteException(REVOKED_FROM + " needs a tree size of at least 0: \"" + words[i] + "\"");
            }
        }
        return new TrustedKey(key, revokedFrom);
    }

    /** The key file's lines, blank lines and {@code #} comments skipped. */
    public static List<TrustedKey> parseFile(List<String> lines) throws NoteException {
        List<TrustedKey> keys = new ArrayList<>();
        for (String line : lines) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                keys.add(parse(l));
            }
        }
        return keys;
    }

    /** The line as a key file holds it. */
    public String line() {
        return key.verifierKey() + (revokedFrom == null ? "" : " " + REVOKED_FROM + revokedFrom);
    }

    /** The key may not vouch for the entry at {@code index}. */
    public boolean revokedAt(long index) {
        return revokedFrom != null && index >= revokedFrom;
    }

    /** The earlier of two revocations (null: none). */
    public static Long earliest(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
    }
}
