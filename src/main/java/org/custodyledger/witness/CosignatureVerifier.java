package org.custodyledger.witness;

import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.custodyledger.note.NoteSignature;
import org.custodyledger.note.VerifierKeys;

/**
 * A witness's Ed25519 cosignature/v1 key: signature type 0x04. Its vkey is
 * {@code <name>+<8 hex key ID>+<base64(0x04 ‖ public key)>} (note/'s {@code NoteVerifier}
 * reads only type 0x01, log keys).
 */
public record CosignatureVerifier(String name, int keyId, Ed25519PublicKeyParameters publicKey) {
    /** c2sp.org/signed-note type byte of timestamped Ed25519 witness cosignatures. */
    public static final byte TYPE_ED25519_COSIGNATURE = 0x04;

    public CosignatureVerifier {
        VerifierKeys.checkName(name);
        int want = keyId(name, publicKey.getEncoded());
        if (keyId != want) {
            throw new IllegalArgumentException("key ID " + HexFormat.of().toHexDigits(keyId) + " does not match "
                    + name + " and its key (want " + HexFormat.of().toHexDigits(want) + ")");
        }
    }

    public static CosignatureVerifier of(String name, Ed25519PublicKeyParameters publicKey) {
        return new CosignatureVerifier(name, keyId(name, publicKey.getEncoded()), publicKey);
    }

    /** Parses a vkey of type 0x04 and checks that its key ID matches its name and key. */
    public static CosignatureVerifier parse(String vkey) throws WitnessException {
        String[] parts = vkey.split("\\+", 3);
        if (parts.length != 3) {
            throw new WitnessException("a verifier key is name+keyid+key, got " + parts.length + " part(s): " + vkey);
        }
        byte[] key;
        int id;
        try {
            VerifierKeys.checkName(parts[0]);
            if (parts[1].length() != 8 || !parts[1].chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("key ID must be 8 hex digits, got \"" + parts[1] + "\"");
            }
            id = (int) Long.parseLong(parts[1], 16);
            key = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new WitnessException("malformed verifier key " + vkey + ": " + e.getMessage(), e);
        }
        if (key.length == 0 || key[0] != TYPE_ED25519_COSIGNATURE) {
            throw new WitnessException("verifier key " + parts[0] + " has type 0x"
                    + (key.length == 0 ? "??" : HexFormat.of().toHexDigits(key[0])) + ", a cosignature/v1 key has type 0x04");
        }
        if (key.length != 1 + Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new WitnessException("verifier key " + parts[0] + " holds " + (key.length - 1)
                    + " key bytes, an Ed25519 key is " + Ed25519PublicKeyParameters.KEY_SIZE);
        }
        Ed25519PublicKeyParameters pub = new Ed25519PublicKeyParameters(key, 1);
        int want = keyId(parts[0], pub.getEncoded());
        if (id != want) {
            throw new WitnessException("verifier key ID " + parts[1] + " does not match " + parts[0]
                    + " and its key (want " + HexFormat.of().toHexDigits(want) + ")");
        }
        return new CosignatureVerifier(parts[0], id, pub);
    }

    /** First 4 bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ 0x04 ‖ 32-byte public key). */
    public static int keyId(String name, byte[] publicKey) {
        return VerifierKeys.keyId(name, TYPE_ED25519_COSIGNATURE, publicKey);
    }

    public String keyIdHex() {
        return HexFormat.of().toHexDigits(keyId);
    }

    /** The published verifier-key line. */
    public String verifierKey() {
        return VerifierKeys.line(name, TYPE_ED25519_COSIGNATURE, publicKey);
    }

    /** Whether a signature line names this key (same name and key ID); lines that do not are ignored. */
    public boolean isKeyOf(NoteSignature line) {
        return line.name().equals(name) && line.keyId() == keyId;
    }

    /** Checks a cosignature over {@code checkpointText}; a value, never an exception. */
    public CosignatureCheck verify(String checkpointText, Cosignature cosignature) {
        if (!cosignature.name().equals(name) || cosignature.keyId() != keyId) {
            return new CosignatureCheck.OtherKey(cosignature.name(), cosignature.keyId());
        }
        byte[] message = Cosignature.signedMessage(checkpointText, cosignature.timestamp());
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(false, publicKey);
        signer.update(message, 0, message.length);
        return signer.verifySignature(cosignature.signature())
                ? new CosignatureCheck.Verified(name, cosignature.timestamp())
                : new CosignatureCheck.Invalid(name, cosignature.timestamp());
    }

    /** Key names are non-empty, without Unicode spaces or '+' (c2sp.org/signed-note). */
}
