package org.custodyledger.custody;

import org.custodyledger.note.NoteSigner;
import org.custodyledger.note.NoteVerifier;

/**
 * Signs events with the ledger key. The key ID an event carries is the 8-hex-digit note key
 * ID, so the verifier-key line published for checkpoints also names the events' key.
 */
public final class EventSigner {
    private final NoteSigner signer;

    public EventSigner(NoteSigner signer) {
        this.signer = signer;
    }

    public SignedEvent sign(CustodyEvent event) {
        return new SignedEvent(event, signer.verifier().keyIdHex(), signer.signBytes(event.canonicalBytes()));
    }

    /** An event signed, with the leaf the log stores for it; the event is encoded once for both. */
    public record Leaf(SignedEvent signed, byte[] bytes) {
    }

    public Leaf signLeaf(CustodyEvent event) {
        byte[] eventBytes = event.canonicalBytes();
        String keyId = signer.verifier().keyIdHex();
        byte[] signature = signer.signBytes(eventBytes);
        return new Leaf(new SignedEvent(event, keyId, signature), SignedEvent.leafBytes(eventBytes, keyId, signature));
    }

    /**
     * Like {@link #verify(SignedEvent, NoteVerifier)} for an event read from {@code leaf} by
     * {@link SignedEvent#parseLeaf}: the signed bytes are taken from the leaf, not re-encoded.
     */
    public static boolean verifyLeaf(byte[] leaf, SignedEvent parsed, NoteVerifier verifier) {
        return verifier.keyIdHex().equals(parsed.keyId())
                && verifier.verify(SignedEvent.eventBytesOfCanonicalLeaf(leaf), parsed.signature());
    }

    /** True when {@code verifier} is the key the event names and its signature is valid. */
    public static boolean verify(SignedEvent event, NoteVerifier verifier) {
        return verifier.keyIdHex().equals(event.keyId())
                && verifier.verify(event.event().canonicalBytes(), event.signature());
    }
}
