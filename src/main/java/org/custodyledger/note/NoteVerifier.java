package org.custodyledger.note;

import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A C2SP signed-note Ed25519 verifier: key name, 4-byte key ID and public key. Its text
 * form is {@code <name>+<8 hex key ID>+<base64(0x01 ‖ public key)>}.
 */
public record NoteVerifier(String name, int keyId, Ed25519PublicKeyParameters publicKey) {
    static final byte ALG_ED25519 = 0x01;

    public static NoteVerifier of(String name, Ed25519PublicKeyParameters publicKey) {
        VerifierKeys.checkName(name);
        return new NoteVerifier(name, keyId(name, publicKey.getEncoded()), publicKey);
    }

    /** Parses the verifier-key string and checks that its key ID matches its name and key. */
    public static NoteVerifier parse(String vkey) throws NoteException {
        // The name has no '+', the key ID is hex: the base64 key, which may hold '+', is the rest.
        String[] parts = vkey.strip().split("\\+", 3);
        if (parts.length != 3) {
            throw new NoteException("a verifier key is name+keyid+key, got " + parts.length + " part(s)");
        }
        byte[] key;
        int id;
        try {
            VerifierKeys.checkName(parts[0]);
            key = Base64.getDecoder().decode(parts[2]);
            if (parts[1].length() != 8) {
                throw new IllegalArgumentException("key ID must be 8 hex digits");
            }
            id = (int) Long.parseLong(parts[1], 16);
        } catch (IllegalArgumentException e) {
            throw new NoteException("malformed verifier key: " + e.getMessage(), e);
        }
        if (key.length != 33 || key[0] != ALG_ED25519) {
            throw new NoteException("verifier key is not an Ed25519 key (0x01 followed by 32 bytes)");
        }
        Ed25519PublicKeyParameters pub = new Ed25519PublicKeyParameters(key, 1);
        NoteVerifier verifier = of(parts[0], pub);
        if (verifier.keyId != id) {
            throw new NoteException("verifier key ID " + parts[1] + " does not match its name and key (want "
                    + verifier.keyIdHex() + ")");
        }
        return verifier;
    }

    /** First 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), big-endian. */
    public static int keyId(String name, byte[] publicKey) {
        return VerifierKeys.keyId(name, ALG_ED25519, publicKey);
    }

    public String keyIdHex() {
        return HexFormat.of().toHexDigits(keyId);
    }

    /** The published verifier-key line. */
    public String verifierKey() {
        return VerifierKeys.line(name, ALG_ED25519, publicKey);
    }

    /** Verifies a raw Ed25519 signature over {@code message}; a fresh signer each call. */
    public boolean verify(byte[] message, byte[] signature) {
        if (signature == null || signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
            return false;
        }
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(false, publicKey);
        signer.update(message, 0, message.length);
        return signer.verifySignature(signature);
    }

}
