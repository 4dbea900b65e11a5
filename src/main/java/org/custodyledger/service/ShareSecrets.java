package org.custodyledger.service;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import org.custodyledger.hash.Sha256Hasher;

/**
 * A share's capability secret: 256 random bits from {@link SecureRandom}, base64url without
 * padding (43 characters). The service keeps only its SHA-256, and finds a share by that hash,
 * so the secret is never compared (nor its timing measured) against anything stored.
 */
final class ShareSecrets {
    static final int BYTES = 32;
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ShareSecrets() {
    }

    static String mint() {
        byte[] b = new byte[BYTES];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Whether {@code s} could be a secret this service gave out (a quick 404 for anything else). */
    static boolean wellFormed(String s) {
        return s != null && FORM.matcher(s).matches();
    }

    static byte[] sha256(String secret) {
        return Sha256Hasher.hash(secret.getBytes(StandardCharsets.US_ASCII)).bytes();
    }
}
