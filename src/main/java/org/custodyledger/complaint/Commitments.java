package org.custodyledger.complaint;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.custodyledger.hash.Sha256Digest;

/**
 * The commitment a COMPLAINT_RECEIVED event carries: SHA-256(salt ‖ canonical content). The
 * salt (32 random bytes, fixed length so the concatenation is unambiguous) keeps a short or
 * guessable complaint from being confirmed by hashing guesses against the public ledger.
 */
public final class Commitments {
    public static final int SALT_LENGTH = 32;

    private Commitments() {
    }

    public static Sha256Digest commit(byte[] salt, byte[] canonicalContent) {
        if (salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("a salt is " + SALT_LENGTH + " bytes, not " + salt.length);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            sha.update(canonicalContent);
            return Sha256Digest.of(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
