package org.custodyledger.hash;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** An immutable 32-byte SHA-256 value, rendered as lowercase hex or standard base64. */
public final class Sha256Digest {
    public static final int LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Sha256Digest(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of {@code bytes}, which must be exactly 32 bytes long. */
    public static Sha256Digest of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a SHA-256 digest is 32 bytes, got "
                    + (bytes == null ? "none" : bytes.length));
        }
        return new Sha256Digest(bytes.clone());
    }

    /** Parses 64 hex digits (either case). */
    public static Sha256Digest fromHex(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a SHA-256 digest is 64 hex digits, got "
                    + (hex == null ? "none" : hex.length() + " characters"));
        }
        try {
            return new Sha256Digest(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a SHA-256 digest is 64 hex digits, got a non-hex character", e);
        }
    }

    /** Parses standard, padded base64 of 32 bytes. */
    public static Sha256Digest fromBase64(String base64) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64 == null ? "" : base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not valid base64: " + e.getMessage(), e);
        }
        if (decoded.length != LENGTH) {
            throw new IllegalArgumentException("a SHA-256 digest is 32 bytes, base64 decoded to " + decoded.length);
        }
        return new Sha256Digest(decoded);
    }

    /** A copy of the 32 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sha256Digest d && Arrays.equals(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
