package org.custodyledger.service;

import org.custodyledger.custody.CustodyFormatException;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.storage.StoredEntry;

/** Stored leaves read back as signed events, for display; a leaf that does not parse is a damaged ledger. */
final class Leaves {
    private Leaves() {
    }

    static SignedEvent parse(StoredEntry e) {
        try {
            return SignedEvent.parseLeaf(e.leaf());
        } catch (CustodyFormatException ex) {
            throw new IllegalStateException("stored leaf " + e.index() + " is not a valid signed event: " + ex.getMessage()
                    + "; run an audit", ex);
        }
    }
}
