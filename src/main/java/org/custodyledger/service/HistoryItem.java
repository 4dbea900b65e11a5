package org.custodyledger.service;

import org.custodyledger.custody.CustodyFormatException;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.storage.StoredEntry;

/** One event of a footage's history, with where it sits in the log. */
public record HistoryItem(long index, byte[] leafHash, SignedEvent event) {

    static HistoryItem of(StoredEntry e) {
        return new HistoryItem(e.index(), e.leafHash(), eventOf(e));
    }

    /** A stored leaf read back as a signed event; a leaf that does not parse is a damaged ledger. */
    static SignedEvent eventOf(StoredEntry e) {
        try {
            return SignedEvent.parseLeaf(e.leaf());
        } catch (CustodyFormatException ex) {
            throw new IllegalStateException("stored leaf " + e.index() + " is not a valid signed event: " + ex.getMessage()
                    + "; run an audit", ex);
        }
    }
}
