package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.custodyledger.TestKeys;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventSigner;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.note.NoteSigner;
import org.custodyledger.testing.Events;
import org.junit.jupiter.api.Test;

/** The run-ahead's prediction, without a database: what a batch leaves, and when a prediction still holds. */
class RunAheadPredictionTest {
    private static final NoteSigner SIGNER = TestKeys.sampleSigner();
    // build() is CPU only: no Vert.x needed.
    private static final BatchBuilder BUILDER = new BatchBuilder(null, SIGNER, null);

    /** The events linked from {@code lastByFootage} and built on {@code before}, as a batch would be. */
    private static BatchBuilder.Built built(CompactRange before, Map<String, Long> lastByFootage, String... footage) {
        List<CustodyEvent> linked = BatchBuilder.link(events(footage), before.size(), lastByFootage);
        EventSigner signer = new EventSigner(SIGNER);
        return BUILDER.build(before, linked.stream().map(e -> BatchBuilder.Signed.of(signer.sign(e))).toList());
    }

    private static List<CustodyEvent> events(String... footage) {
        return Arrays.stream(footage).map(Events::viewed).toList();
    }

    private static LogHead headOf(CompactRange range) {
        return new LogHead(range.size(), range.root());
    }

    private static List<Long> prevs(List<CustodyEvent> linked) {
        return linked.stream().map(CustodyEvent::prev).toList();
    }

    @Test
    void nothingIsPredictedBeforeABatchIsRemembered() {
        RunAheadPrediction prediction = new RunAheadPrediction();
        assertNull(prediction.expectedRange());
        assertNull(prediction.link(events("f")));
        assertNull(prediction.lastIndexOf("f"));
    }

    @Test
    void aRememberedBatchPredictsTheHeadAndTheLinksItLeaves() {
        RunAheadPrediction prediction = new RunAheadPrediction();
        BatchBuilder.Built first = built(new CompactRange(), Map.of(), "f", "g", "f");
        prediction.remember(first);
        assertEquals(3, prediction.expectedRange().size());
        assertArrayEquals(first.rangeAfter().root(), prediction.expectedRange().root());
        assertEquals(2L, prediction.lastIndexOf("f"));
        assertEquals(1L, prediction.lastIndexOf("g"));
        // The next batch starts at 3: f links to 2, then to its own event at 3; h is new.
        assertEquals(Arrays.asList(2L, null, 3L), prevs(prediction.link(events("f", "h", "f"))));
    }

    @Test
    void aFailedBatchForgetsTheTreeButNotTheLinks() {
        RunAheadPrediction prediction = new RunAheadPrediction();
        prediction.remember(built(new CompactRange(), Map.of(), "f"));
        prediction.forgetRange();
        assertNull(prediction.expectedRange());
        assertNull(prediction.link(events("f")));
        assertEquals(0L, prediction.lastIndexOf("f"));
    }

    @Test
    void theLeastRecentlyUsedFootageIsForgottenBeyondWhatIsRemembered() {
        RunAheadPrediction prediction = new RunAheadPrediction(2);
        prediction.remember(built(new CompactRange(), Map.of(), "a", "b", "c"));
        assertNull(prediction.lastIndexOf("a"));
        assertEquals(1L, prediction.lastIndexOf("b"));
        assertEquals(2L, prediction.lastIndexOf("c"));
    }

    @Test
    void aRunAheadHoldsOnlyOnTheSameHeadWithTheSameLinkedEvents() {
        CompactRange empty = new CompactRange();
        BatchBuilder.Built ahead = built(empty, Map.of(), "f", "g");
        List<CustodyEvent> linked = ahead.signed().stream().map(s -> s.event().event()).toList();
        assertTrue(RunAheadPrediction.holds(ahead, headOf(empty), linked));
        assertFalse(RunAheadPrediction.holds(null, headOf(empty), linked));
        // Another instance appended: the head moved.
        assertFalse(RunAheadPrediction.holds(ahead, headOf(ahead.rangeAfter()), linked));
        byte[] otherRoot = empty.root().clone();
        otherRoot[0] ^= 1;
        assertFalse(RunAheadPrediction.holds(ahead, new LogHead(0, otherRoot), linked));
        // The lock's look-up found f's previous event at 7: the signed link (none) is stale.
        assertFalse(RunAheadPrediction.holds(ahead, headOf(empty), BatchBuilder.link(events("f", "g"), 0, Map.of("f", 7L))));
        assertFalse(RunAheadPrediction.holds(ahead, headOf(empty), linked.subList(0, 1)));
    }

    @Test
    void theKnownRangeAtALockedHeadIsTheRunAheadsStartOrTheExpectedTree() {
        RunAheadPrediction prediction = new RunAheadPrediction();
        BatchBuilder.Built first = built(new CompactRange(), Map.of(), "f", "g", "f");
        prediction.remember(first);
        BatchBuilder.Built ahead = built(prediction.expectedRange(), Map.of(), "h");
        LogHead atThree = headOf(first.rangeAfter());
        assertSame(ahead.rangeBefore(), prediction.knownRange(ahead, atThree));
        assertSame(prediction.expectedRange(), prediction.knownRange(null, atThree));
        assertNull(prediction.knownRange(ahead, headOf(ahead.rangeAfter())), "a head nobody here built is loaded");
    }
}
