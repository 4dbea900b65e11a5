package org.custodyledger.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.custodyledger.hash.Sha256Hasher;

/**
 * What every c2sp.org/signed-note verifier key shares, whatever its signature type (0x01 log
 * signatures, 0x04 witness cosignatures): the name rule, the key ID and the text form.
 */
public final class VerifierKeys {
    private VerifierKeys() {
    }

    /** First 4 bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ type ‖ public key). */
    public static int keyId(String name, byte type, byte[] publicKey) {
        MessageDigest sha = Sha256Hasher.newSha256();
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x0A);
        sha.update(type);
        sha.update(publicKey);
        byte[] h = sha.digest();
        return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
    }

    /** The published verifier-key line: {@code <name>+<8 hex key ID>+<base64(type ‖ public key)>}. */
    public static String line(String name, byte type, Ed25519PublicKeyParameters publicKey) {
        byte[] key = new byte[1 + Ed25519PublicKeyParameters.KEY_SIZE];
        key[0] = type;
        publicKey.encode(key, 1);
        return name + "+" + HexFormat.of().toHexDigits(keyId(name, type, publicKey.getEncoded())) + "+"
                + Base64.getEncoder().encodeToString(key);
    }

    /** A key name is non-empty and holds neither a Unicode space nor '+' (signed-note). */
    public static void checkName(String name) {
        if (name == null || name.isEmpty()
                || name.codePoints().anyMatch(c -> c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c))) {
            throw new IllegalArgumentException("a key name must be non-empty, without spaces or '+': \"" + name + "\"");
        }
    }
}
