package org.custodyledger.testing;

import java.time.Instant;
import java.util.Map;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Hasher;

/** Unsigned events for tests. */
public final class Events {
    private Events() {
    }

    public static CustodyEvent viewed(String footageId) {
        return CustodyEvent.of(footageId, Sha256Hasher.hash(footageId.getBytes()), EventType.VIEWED, "reviewer-1",
                "reviewer", Instant.now(), "test review", "test bench", Map.of());
    }
}
