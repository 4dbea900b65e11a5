package org.custodyledger.http;

import java.util.Base64;
import java.util.Locale;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.service.ServiceException;

/** RFC 9530 {@code Repr-Digest}: a structured-field dictionary such as {@code sha-256=:<base64>:}. */
final class ReprDigest {
    static final String HEADER = "Repr-Digest";

    private ReprDigest() {
    }

    /** The header value for a representation with this digest. */
    static String of(Sha256Digest digest) {
        return "sha-256=:" + digest.base64() + ":";
    }

    /** The sha-256 member, or null when the header is absent or names only other algorithms. */
    static Sha256Digest sha256(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        for (String member : header.split(",")) {
            String m = member.strip();
            int eq = m.indexOf('=');
            if (eq < 0) {
                throw ServiceException.invalid("Repr-Digest is malformed: expected algorithm=:base64:, got '" + m + "'");
            }
            String alg = m.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = m.substring(eq + 1).strip();
            if (!alg.equals("sha-256")) {
                continue;
            }
            if (value.length() < 2 || !value.startsWith(":") || !value.endsWith(":")) {
                throw ServiceException.invalid("Repr-Digest sha-256 must be a byte sequence, :base64:, got '" + value + "'");
            }
            try {
                return Sha256Digest.of(Base64.getDecoder().decode(value.substring(1, value.length() - 1)));
            } catch (IllegalArgumentException e) {
                throw ServiceException.invalid("Repr-Digest sha-256 is not 32 bytes of base64: " + e.getMessage());
            }
        }
        return null;
    }
}
