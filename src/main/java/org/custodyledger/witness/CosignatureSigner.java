package org.custodyledger.witness;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.NoteException;

/** Produces cosignature/v1 lines with one witness key; a fresh Bouncy Castle signer per signature. */
public final class CosignatureSigner {
    private final Ed25519PrivateKeyParameters privateKey;
    private final CosignatureVerifier verifier;

    public CosignatureSigner(String name, Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.verifier = CosignatureVerifier.of(name, privateKey.generatePublicKey());
    }

    public CosignatureVerifier verifier() {
        return verifier;
    }

    public String name() {
        return verifier.name();
    }

    /**
     * Cosigns a checkpoint's note text (origin, size, root, any extension lines; no signature
     * lines) as of {@code timestamp}, POSIX seconds.
     */
    public Cosignature sign(String checkpointText, long timestamp) {
        try {
            Checkpoint.parse(checkpointText);
        } catch (NoteException e) {
            throw new IllegalArgumentException("only a checkpoint can be cosigned: " + e.getMessage(), e);
        }
        byte[] message = Cosignature.signedMessage(checkpointText, timestamp);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return new Cosignature(verifier.name(), verifier.keyId(), timestamp, signer.generateSignature());
    }
}
