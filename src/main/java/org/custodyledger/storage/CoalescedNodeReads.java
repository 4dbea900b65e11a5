package org.custodyledger.storage;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.custodyledger.merkle.NodeId;

/**
 * Reads of stored nodes for concurrent proofs, sent together: at most {@code maxInFlight}
 * statements are in flight, and the reads that arrive meanwhile wait and go as one statement
 * when one returns. Under load each proof then shares a statement's fixed cost (a pool
 * connection, the protocol's round trip, PostgreSQL's executor start and snapshot) with the
 * others waiting beside it; alone, a read goes at once, as before. Thread-safe: each read's
 * answer is delivered on the context that asked for it.
 */
final class CoalescedNodeReads {
    private record Waiting(Collection<NodeId> ids, Promise<Map<NodeId, byte[]>> promise, Context context) {
    }

    private final StoredTree.NodeSource source;
    private final int maxInFlight;
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private int inFlight;

    /** Reads through {@code source} (one statement per call), at most {@code maxInFlight} at once. */
    CoalescedNodeReads(StoredTree.NodeSource source, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        this.source = source;
        this.maxInFlight = maxInFlight;
    }

    /** The stored hashes of those of {@code ids} that are stored; missing ones are absent from the map. */
    Future<Map<NodeId, byte[]>> read(Collection<NodeId> ids) {
        Promise<Map<NodeId, byte[]>> promise = Promise.promise();
        List<Waiting> batch;
        synchronized (this) {
            queue.add(new Waiting(ids, promise, Vertx.currentContext()));
            if (inFlight >= maxInFlight) {
                return promise.future();
            }
            inFlight++;
            batch = drain();
        }
        send(batch);
        return promise.future();
    }

    /** How many reads wait for a statement (for tests). */
    synchronized int waiting() {
        return queue.size();
    }

    private List<Waiting> drain() {
        List<Waiting> batch = new ArrayList<>(queue);
        queue.clear();
        return batch;
    }

    private void send(List<Waiting> batch) {
        Set<NodeId> all = new HashSet<>();
        batch.forEach(w -> all.addAll(w.ids()));
        Future<Map<NodeId, byte[]>> read;
        try {
            read = source.read(all);
        } catch (Throwable e) {
            read = Future.failedFuture(e);
        }
        read.onComplete(result -> {
            // The slot passes to the reads waiting (or is freed) before any answer is delivered,
            // so nothing a caller's callback does can stall the reads behind it.
            List<Waiting> next;
            synchronized (this) {
                if (queue.isEmpty()) {
                    inFlight--;
                    next = null;
                } else {
                    next = drain();
                }
            }
            if (next != null) {
                send(next);
            }
            RuntimeException thrown = null;
            for (Waiting w : batch) {
                try {
                    deliver(w, result);
                } catch (RuntimeException e) { // only from a caller outside Vert.x: the others still get theirs
                    thrown = thrown == null ? e : thrown;
                }
            }
            if (thrown != null) {
                throw thrown;
            }
        });
    }

    /** Completes one read with its own nodes (or the failure), on the context that asked for it. */
    private static void deliver(Waiting w, AsyncResult<Map<NodeId, byte[]>> result) {
        Runnable complete = () -> {
            if (result.failed()) {
                w.promise().fail(result.cause());
                return;
            }
            Map<NodeId, byte[]> own = new HashMap<>(w.ids().size() * 2);
            for (NodeId id : w.ids()) {
                byte[] hash = result.result().get(id);
                if (hash != null) {
                    own.put(id, hash);
                }
            }
            w.promise().complete(own);
        };
        if (w.context() != null) {
            w.context().runOnContext(v -> complete.run()); // a callback that throws is reported there, as any handler's
        } else {
            complete.run(); // asked from outside Vert.x (tests)
        }
    }
}
