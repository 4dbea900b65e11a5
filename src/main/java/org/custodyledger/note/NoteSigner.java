package org.custodyledger.note;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Signs with one Ed25519 key under a key name; a fresh Bouncy Castle signer per signature. */
public final class NoteSigner {
    private final Ed25519PrivateKeyParameters privateKey;
    private final NoteVerifier verifier;

    public NoteSigner(String name, Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.verifier = NoteVerifier.of(name, privateKey.generatePublicKey());
    }

    public NoteVerifier verifier() {
        return verifier;
    }

    public String name() {
        return verifier.name();
    }

    /** The raw 64-byte Ed25519 signature of {@code message}. */
    public byte[] signBytes(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** A note signature over {@code text}, which must be the note's complete text. */
    public NoteSignature sign(String text) {
        return new NoteSignature(verifier.name(), verifier.keyId(), signBytes(text.getBytes(StandardCharsets.UTF_8)));
    }
}
