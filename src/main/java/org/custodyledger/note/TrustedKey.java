package org.custodyledger.note;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
    /** A tree size as a key file writes it: ASCII digits, no sign, no leading zero (Long.parseLong takes more). */
    private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]*");

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
            String size = words[i].substring(REVOKED_FROM.length());
            try {
                if (!SIZE.matcher(size).matches()) {
                    throw new NumberFormatException();
                }
                revokedFrom = Long.parseLong(size);
            } catch (NumberFormatException e) {
                throw new NoteException(REVOKED_FROM + " needs a tree size (digits 0-9, no sign, no leading zero): \""
                        + words[i] + "\"");
            }
        }
        return new TrustedKey(key, revokedFrom);
    }

    /**
     * The key file's keys, blank lines and {@code #} comments skipped, one per verifier key in
     * order of first appearance: a key listed on several lines keeps the earliest revocation any
     * of them states, so a second, plain line for a revoked key cannot lift its revocation.
     */
    public static List<TrustedKey> parseFile(List<String> lines) throws NoteException {
        Map<String, TrustedKey> keys = new LinkedHashMap<>();
        for (String line : lines) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                TrustedKey k = parse(l);
                keys.merge(k.key().verifierKey(), k,
                        (a, b) -> new TrustedKey(a.key(), earliest(a.revokedFrom(), b.revokedFrom())));
            }
        }
        return new ArrayList<>(keys.values());
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
