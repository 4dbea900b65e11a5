package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.testing.Events;
import org.junit.jupiter.api.Test;

/** How batches form from the appends waiting, without a database or a clock. */
class AppendQueueTest {
    /** An atomic append of {@code events} events of footage {@code id}. */
    private static PendingAppend pending(String id, int events) {
        Promise<List<AppendedEntry>> promise = Promise.promise();
        return new PendingAppend(Collections.nCopies(events, Events.viewed(id)), null, promise, null, false);
    }

    private static List<String> footageOf(List<PendingAppend> batch) {
        return batch.stream().map(p -> p.events().get(0).footageId()).toList();
    }

    @Test
    void withNothingWaitingThereIsNothingToForm() {
        AppendQueue queue = new AppendQueue(4, Duration.ofMillis(50));
        assertEquals(AppendQueue.Next.NOTHING, queue.next());
        assertEquals(List.of(), queue.takeBatch());
        assertEquals(0, queue.waiting());
    }

    @Test
    void itLingersWhileLessThanAFullBatchWaitsAndFormsAtOnceWithoutALinger() {
        AppendQueue lingering = new AppendQueue(3, Duration.ofMillis(50));
        lingering.add(pending("a", 1));
        lingering.add(pending("b", 1));
        assertEquals(AppendQueue.Next.LINGER, lingering.next());
        assertEquals(50, lingering.lingerMillis());
        lingering.add(pending("c", 1));
        assertEquals(AppendQueue.Next.FORM, lingering.next());

        AppendQueue eager = new AppendQueue(3, Duration.ZERO);
        eager.add(pending("a", 1));
        assertEquals(AppendQueue.Next.FORM, eager.next());
    }

    @Test
    void aBatchTakesUpToMaxBatchEventsInArrivalOrderAndNeverSplitsAnAtomicAppend() {
        AppendQueue queue = new AppendQueue(4, Duration.ZERO);
        for (PendingAppend p : List.of(pending("a", 1), pending("b", 2), pending("c", 2), pending("d", 2))) {
            queue.add(p);
        }
        assertEquals(4, queue.waiting());
        // a + b are 3 events; c's 2 would make 5: c and what follows wait for the next batch.
        assertEquals(List.of("a", "b"), footageOf(queue.takeBatch()));
        assertEquals(2, queue.waiting());
        // Exactly maxBatch events fit in one batch.
        assertEquals(List.of("c", "d"), footageOf(queue.takeBatch()));
        assertEquals(0, queue.waiting());
    }

    @Test
    void aFailedBatchsMembersGoFirstInLineEachInABatchOfItsOwn() {
        AppendQueue queue = new AppendQueue(8, Duration.ZERO);
        queue.add(pending("a", 1));
        queue.add(pending("b", 2));
        queue.add(pending("c", 1));
        List<PendingAppend> failed = queue.takeBatch();
        assertEquals(List.of("a", "b", "c"), footageOf(failed));
        queue.add(pending("d", 1));
        queue.add(pending("e", 1));
        queue.retryAlone(failed);
        assertEquals(5, queue.waiting());
        for (int i = 0; i < failed.size(); i++) {
            List<PendingAppend> alone = queue.takeBatch();
            assertEquals(1, alone.size());
            assertTrue(alone.get(0).alone());
            assertSame(failed.get(i).promise(), alone.get(0).promise(), "the same caller is answered");
            assertEquals(failed.get(i).events(), alone.get(0).events());
        }
        List<PendingAppend> after = queue.takeBatch();
        assertEquals(List.of("d", "e"), footageOf(after));
        assertFalse(after.get(0).alone());
    }

    @Test
    void aPendingAppendIsAnsweredWithItsEntriesOrItsFailure() {
        PendingAppend ok = pending("a", 1);
        ok.complete(List.of(), null);
        assertEquals(List.of(), ok.promise().future().result());
        PendingAppend refused = pending("b", 1);
        refused.complete(null, new Sequencer.RefusedException());
        assertTrue(refused.promise().future().cause() instanceof Sequencer.RefusedException);
        assertEquals(Arrays.asList(true, true), List.of(ok.promise().future().isComplete(),
                refused.promise().future().isComplete()));
    }
}
