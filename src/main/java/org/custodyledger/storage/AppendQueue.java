package org.custodyledger.storage;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The appends waiting for a batch, and how the next batch forms from them: up to
 * {@code maxBatch} events in arrival order, an atomic append never split, a member retried
 * alone always in a batch of its own. Thread-safe: callers add from any thread, the sequencer
 * takes batches on its context.
 */
final class AppendQueue {
    /** What the sequencer should do about the appends waiting now. */
    enum Next {
        /** Nothing is waiting. */
        NOTHING,
        /** Fewer than a full batch wait: give the others the linger to join. */
        LINGER,
        /** Form a batch now. */
        FORM
    }

    private final ArrayDeque<PendingAppend> queue = new ArrayDeque<>();
    private final int maxBatch;
    private final long lingerMillis;

    AppendQueue(int maxBatch, Duration linger) {
        this.maxBatch = maxBatch;
        this.lingerMillis = linger.toMillis();
    }

    int maxBatch() {
        return maxBatch;
    }

    long lingerMillis() {
        return lingerMillis;
    }

    synchronized void add(PendingAppend pending) {
        queue.add(pending);
    }

    /** Appends waiting (an atomic append of several events counts once). */
    synchronized int waiting() {
        return queue.size();
    }

    synchronized Next next() {
        if (queue.isEmpty()) {
            return Next.NOTHING;
        }
        return lingerMillis > 0 && queue.size() < maxBatch ? Next.LINGER : Next.FORM;
    }

    /** Takes the next batch off the queue (empty when nothing waits). */
    synchronized List<PendingAppend> takeBatch() {
        List<PendingAppend> batch = new ArrayList<>();
        int events = 0;
        while (!queue.isEmpty() && events + queue.peek().events().size() <= maxBatch
                && (batch.isEmpty() || !queue.peek().alone())) {
            events += queue.peek().events().size();
            batch.add(queue.poll());
            if (batch.get(0).alone()) {
                break;
            }
        }
        return batch;
    }

    /** Puts a failed batch's members back first in line, in order, each to be tried in a batch of its own. */
    synchronized void retryAlone(List<PendingAppend> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            queue.addFirst(batch.get(i).retriedAlone());
        }
    }
}
