package org.custodyledger.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What verify-bundle --witness-policy says about which of a bundle's events the cosigned tree covers. */
class WitnessQuorumCoverageTest {
    @Test
    void everyEventBelowTheCosignedSizeIsCovered() {
        assertEquals("the cosigned tree of size 10 covers log entries 0..9: all 3 of this bundle's events, the last included",
                WitnessQuorum.coverage(10, List.of(0L, 4L, 9L)));
    }

    @Test
    void theEventsAtOrAboveTheCosignedSizeAreNamed() {
        assertEquals("the cosigned tree of size 10 covers log entries 0..9: 2 of this bundle's 3 events; not yet witnessed: "
                + "the event at index 10 (signed by the log alone)", WitnessQuorum.coverage(10, List.of(0L, 4L, 10L)));
        assertEquals("the cosigned tree of size 3 covers log entries 0..2: 1 of this bundle's 3 events; not yet witnessed: "
                + "the events at indexes 5, 8 (signed by the log alone)", WitnessQuorum.coverage(3, List.of(8L, 0L, 5L)));
        assertEquals("the cosigned tree of size 1 covers log entries 0..0: 1 of this bundle's 7 events; not yet witnessed: "
                + "6 events, at indexes 1 to 6 (signed by the log alone)",
                WitnessQuorum.coverage(1, List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L)));
    }

    @Test
    void aBundleWithoutEvents() {
        assertEquals("the cosigned tree of size 2 covers log entries 0..1: the bundle has no events",
                WitnessQuorum.coverage(2, List.of()));
    }
}
