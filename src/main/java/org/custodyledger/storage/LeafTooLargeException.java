package org.custodyledger.storage;

import java.util.List;
import org.custodyledger.custody.CanonicalJson;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.merkle.EntryBundles;

/**
 * An event whose leaf could be longer than a c2sp.org/tlog-tiles entry bundle can carry
 * (65,535 bytes), refused before it was queued: nothing of it was written.
 */
public final class LeafTooLargeException extends RuntimeException {
    /** Stands for the signature in a leaf's length: every Ed25519 signature is 64 bytes, so its base64 is too. */
    private static final byte[] SIGNATURE_SIZED = new byte[64];

    private LeafTooLargeException(int leafLength) {
        super("the event's leaf would be up to " + leafLength + " bytes; the log serves leaves of at most "
                + EntryBundles.MAX_ENTRY_SIZE + " bytes (c2sp.org/tlog-tiles entry bundles): shorten its text fields");
    }

    /** The refusal of the first of {@code events} whose leaf could exceed the limit, or null when all fit. */
    static LeafTooLargeException check(List<CustodyEvent> events, String keyIdHex) {
        for (CustodyEvent event : events) {
            int length = longestLeaf(event, keyIdHex);
            if (!EntryBundles.fits(length)) {
                return new LeafTooLargeException(length);
            }
        }
        return null;
    }

    /**
     * The longest leaf {@code event} can have once linked and signed: its previous-event index
     * is only known under the head lock, so the largest index a leaf can hold stands in for it
     * (at most 24 bytes more than the real leaf); key ID and signature have fixed lengths.
     */
    static int longestLeaf(CustodyEvent event, String keyIdHex) {
        CustodyEvent linked = event.prev() != null ? event : event.withPrev(CanonicalJson.MAX_SAFE_INTEGER);
        return new SignedEvent(linked, keyIdHex, SIGNATURE_SIZED).leafBytes().length;
    }
}
