package org.custodyledger.storage;

import org.custodyledger.model.AppendedEntry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.note.NoteSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends events to the log in batches, one transaction per batch: lock the head row, link
 * each event to its footage's previous event, sign, insert leaves and nodes, move the head,
 * sign and store a checkpoint, commit, and only then answer every caller of the batch. The
 * head row lock serialises batches across processes sharing the database, so the log never
 * forks.
 *
 * <p>Two batches overlap: while one writes and commits, the next has already sent its
 * {@code BEGIN}, head lock, admissions and previous-event look-up (PostgreSQL holds them at
 * the lock until the first commits) and has meanwhile been linked, signed and built on the
 * head the first will leave. Under the lock it keeps that work only if the locked head, its
 * admissions and the looked-up links are the ones predicted; otherwise (another instance
 * appended, the first batch failed, an admission said no) it redoes what differs. Nothing
 * predicted is written unchecked: the lock holder's view decides.
 */
public final class Sequencer {
    private static final Logger log = LoggerFactory.getLogger(Sequencer.class);
    /** How many footage ids' last log index are remembered to predict the next batch's links. */
    private static final int REMEMBERED_FOOTAGE = 100_000;

    /**
     * Writes that must commit with an event or not at all (a footage row with its
     * REGISTERED event). Runs in the batch's transaction under the head lock, before the
     * event gets an index; answering false withdraws the event (the caller's append fails
     * with {@link RefusedException}) without failing the rest of the batch.
     */
    @FunctionalInterface
    public interface Admission {
        Future<Boolean> admit(SqlConnection conn);

        /** Admissions sharing a group are run by it together, in one statement; null runs this one alone. */
        default AdmissionGroup group() {
            return null;
        }
    }

    /** Runs many admissions of one kind at once, answering each one's verdict in order. */
    public interface AdmissionGroup {
        Future<List<Boolean>> admitAll(SqlConnection conn, List<Admission> members);
    }

    /**
     * Told of every committed batch that appended events (for metrics). Called on the
     * sequencer's context after the commit, before the callers are answered: it must be quick
     * and must not block.
     */
    @FunctionalInterface
    public interface BatchListener {
        BatchListener NONE = (events, nanos, treeSize) -> { };

        void committed(int events, long nanos, long treeSize);
    }

    /** The event's admission said no, so it was not appended. */
    public static final class RefusedException extends RuntimeException {
        public RefusedException() {
            super("the append was withdrawn by its admission check");
        }
    }

    /**
     * Events that go in together (same batch, consecutive indexes) or not at all; {@code alone}
     * once a batch holding them failed, so they are retried in a batch of their own.
     */
    private record Pending(List<CustodyEvent> events, Admission admission, Promise<List<AppendedEntry>> promise,
                           Context caller, boolean alone) {
        Pending retriedAlone() {
            return new Pending(events, admission, promise, caller, true);
        }
    }

    /** What the database said once the batch held the head lock. */
    private record Locked(LogHead head, List<Pending> admitted, Map<String, Long> lastByFootage) {
    }

    /** A batch built and about to be written, with the callers it answers and those its admissions refused. */
    private record Ready(BatchBuilder.Built built, List<Pending> admitted, List<Pending> refused) {
    }

    private final Vertx vertx;
    private final Pool pool;
    private final BatchBuilder builder;
    private final int maxBatch;
    private final long lingerMillis;
    private final Context context;
    private final BatchListener listener;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    // Touched only on {@link #context}.
    /** A batch has been formed and is not yet writing (waiting for the lock, or building). */
    private boolean forming;
    /** Batches sending their writes or committing. */
    private int writing;
    private boolean lingering;
    /** The tree the last batch built leaves behind: committed, or about to be. */
    private CompactRange expectedRange;
    /** Batches whose run-ahead was written as built, and batches that had to be redone under the lock. */
    private final AtomicLong aheadKept = new AtomicLong();
    private final AtomicLong aheadRedone = new AtomicLong();
    private final Map<String, Long> lastIndexOfFootage = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_FOOTAGE;
        }
    };

    public Sequencer(Vertx vertx, Pool pool, NoteSigner signer, int maxBatch, Duration linger) {
        this(vertx, pool, signer, maxBatch, linger, BatchListener.NONE);
    }

    public Sequencer(Vertx vertx, Pool pool, NoteSigner signer, int maxBatch, Duration linger, BatchListener listener) {
        this.listener = listener;
        this.vertx = vertx;
        this.pool = pool;
        this.builder = new BatchBuilder(vertx, signer);
        this.maxBatch = maxBatch;
        this.lingerMillis = linger.toMillis();
        this.context = vertx.getOrCreateContext();
    }

    /**
     * Appends one unsigned event ({@code prev} is filled in here). Completes after the batch
     * holding it has committed, on the caller's context.
     */
    public Future<AppendedEntry> append(CustodyEvent event) {
        return append(event, null);
    }

    /** Appends an event whose {@code admission} writes commit in the same transaction (null: none). */
    public Future<AppendedEntry> append(CustodyEvent event, Admission admission) {
        return appendAll(List.of(event), admission).map(entries -> entries.get(0));
    }

    /**
     * Appends events atomically, in order, at consecutive indexes of one batch (a redaction's
     * two linked events); the admission decides for all of them.
     */
    public Future<List<AppendedEntry>> appendAll(List<CustodyEvent> events, Admission admission) {
        if (events.isEmpty() || events.size() > maxBatch) {
            throw new IllegalArgumentException("an atomic append takes 1 to " + maxBatch + " events, not " + events.size());
        }
        Context caller = Vertx.currentContext();
        Promise<List<AppendedEntry>> promise = Promise.promise();
        synchronized (queue) {
            queue.add(new Pending(List.copyOf(events), admission, promise, caller, false));
        }
        context.runOnContext(v -> schedule());
        return promise.future();
    }

    /** Appends waiting for a batch (an atomic append of several events counts once). */
    public int waiting() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** How often a batch's run-ahead was written as built, and how often the locked head made it redo work. */
    record RunAhead(long kept, long redone) {
    }

    RunAhead runAhead() {
        return new RunAhead(aheadKept.get(), aheadRedone.get());
    }

    /** Forms the next batch unless one is already forming; a batch forms while at most one other writes. */
    private void schedule() {
        if (forming || lingering || writing > 1) {
            return;
        }
        int waiting;
        synchronized (queue) {
            waiting = queue.size();
        }
        if (waiting == 0) {
            return;
        }
        if (lingerMillis > 0 && waiting < maxBatch) {
            lingering = true;
            vertx.setTimer(lingerMillis, t -> {
                lingering = false;
                form();
            });
            return;
        }
        form();
    }

    private void form() {
        if (forming || writing > 1) {
            return;
        }
        List<Pending> batch = new ArrayList<>();
        synchronized (queue) {
            int events = 0;
            while (!queue.isEmpty() && events + queue.peek().events.size() <= maxBatch
                    && (batch.isEmpty() || !queue.peek().alone)) {
                events += queue.peek().events.size();
                batch.add(queue.poll());
                if (batch.get(0).alone) {
                    break;
                }
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        forming = true;
        run(batch, runAhead(batch));
    }

    /**
     * Links, signs and builds the batch on the head the batch before it will leave, while its
     * lock is awaited; completes with null when there is nothing to predict from (or it failed).
     */
    private Future<BatchBuilder.Built> runAhead(List<Pending> batch) {
        CompactRange predicted = expectedRange;
        if (predicted == null) {
            return Future.succeededFuture();
        }
        List<CustodyEvent> events = new ArrayList<>();
        batch.forEach(p -> events.addAll(p.events));
        return builder.signAll(BatchBuilder.link(events, predicted.size(), lastIndexOfFootage), List.of())
                .compose(signed -> builder.buildOnWorker(predicted, signed))
                .otherwise((BatchBuilder.Built) null);
    }

    /** One batch's transaction: lock, make ready, write and commit, answer; the next batch may form once this one writes. */
    private void run(List<Pending> batch, Future<BatchBuilder.Built> ahead) {
        long started = System.nanoTime();
        boolean[] wrote = {false};
        pool.getConnection().onComplete(got -> onContext(() -> {
            if (got.failed()) {
                forming = false;
                finish(batch, started, Future.failedFuture(got.cause()));
                schedule();
                return;
            }
            SqlConnection conn = got.result();
            lock(conn, batch)
                    .compose(locked -> Future.all(Future.succeededFuture(locked), ahead))
                    .compose(both -> onContextFuture(() -> ready(conn, both.resultAt(0), batch, both.resultAt(1))))
                    .compose(ready -> onContextFuture(() -> {
                        // Holding the lock, this batch writes; the next one may form and queue for the lock.
                        forming = false;
                        writing++;
                        wrote[0] = true;
                        if (ready.built != null) {
                            expectedRange = ready.built.rangeAfter();
                            remember(ready.built);
                        }
                        schedule();
                        return ready.built == null ? commit(conn).map(ready) : write(conn, ready.built).map(ready);
                    }))
                    .onComplete(done -> onContext(() -> {
                        if (wrote[0]) {
                            writing--;
                        } else {
                            forming = false;
                        }
                        if (done.failed()) {
                            // The tree this batch would have left is not there: predict nothing from it.
                            expectedRange = null;
                            rollback(conn);
                        } else {
                            conn.close();
                        }
                        finish(batch, started, done);
                        schedule();
                    }));
        }));
    }

    /** Answers the batch's callers: their entries once committed, or the batch's failure. */
    private void finish(List<Pending> batch, long started, AsyncResult<Ready> result) {
        if (log.isDebugEnabled()) {
            log.debug("batch of {} {} in {} ms", batch.size(), result.succeeded() ? "committed" : "failed",
                    (System.nanoTime() - started) / 1_000_000);
        }
        if (result.failed()) {
            if (batch.size() > 1 && Connections.badData(result.cause())) {
                // One member's data failed them all: each is tried again alone, first in line, so the
                // others commit and only the culprit fails.
                log.warn("append batch of {} failed ({}); retrying its members one by one", batch.size(),
                        result.cause().toString());
                synchronized (queue) {
                    for (int i = batch.size() - 1; i >= 0; i--) {
                        queue.addFirst(batch.get(i).retriedAlone());
                    }
                }
                return;
            }
            log.warn("append batch of {} failed: {}", batch.size(), result.cause().toString());
            batch.forEach(p -> complete(p, null, result.cause()));
            return;
        }
        Ready ready = result.result();
        BatchBuilder.Built built = ready.built;
        if (built != null) {
            listener.committed(built.signed().size(), System.nanoTime() - started, built.checkpoint().size());
        }
        int next = 0;
        for (Pending p : ready.admitted) {
            List<AppendedEntry> entries = new ArrayList<>(p.events.size());
            for (int k = 0; k < p.events.size(); k++, next++) {
                BatchBuilder.Signed s = built.signed().get(next);
                entries.add(new AppendedEntry(built.firstIndex() + next, s.leafHash(), s.event(), built.checkpoint(),
                        built.note(), built.proofs().get(next)));
            }
            complete(p, entries, null);
        }
        ready.refused.forEach(p -> complete(p, null, new RefusedException()));
    }

    private static void complete(Pending p, List<AppendedEntry> entries, Throwable failure) {
        Runnable done = () -> {
            if (failure == null) {
                p.promise.complete(entries);
            } else {
                p.promise.fail(failure);
            }
        };
        if (p.caller == null) {
            done.run();
        } else {
            p.caller.runOnContext(v -> done.run());
        }
    }

    /** Runs {@code action} on the sequencer's context, where its state lives. */
    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    private <T> Future<T> onContextFuture(Callable<Future<T>> action) {
        Promise<T> promise = Promise.promise();
        onContext(() -> {
            try {
                action.call().onComplete(promise);
            } catch (Exception e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }

    /** The links the batch will leave, remembered to predict the next batches' links. */
    private void remember(BatchBuilder.Built built) {
        for (int i = 0; i < built.signed().size(); i++) {
            lastIndexOfFootage.put(built.signed().get(i).event().event().footageId(), built.firstIndex() + i);
        }
    }

    /**
     * Opens the batch's transaction in one round trip: {@code BEGIN}, the head lock, the
     * admissions and the previous-event look-up are sent together; PostgreSQL runs them in
     * order, so the admissions and the look-up see the log as it is under the lock.
     */
    private static Future<Locked> lock(SqlConnection conn, List<Pending> batch) {
        Future<?> begin = conn.query("BEGIN").execute();
        Future<LogHead> head = StoredTree.head(conn, true);
        Future<List<Pending>> admission = admit(conn, batch);
        Future<Map<String, Long>> previous = previousLinks(conn, batch);
        // Joined, not all: every statement must have answered before the connection is rolled back or reused.
        return Future.join(begin, head, admission, previous)
                .map(v -> new Locked(head.result(), admission.result(), previous.result()));
    }

    /**
     * The batch as it will be written: the run-ahead result if the head, admissions and links
     * are the predicted ones, else linked, signed (reusing what still holds) and built anew.
     */
    private Future<Ready> ready(SqlConnection conn, Locked locked, List<Pending> batch, BatchBuilder.Built ahead) {
        List<Pending> admitted = locked.admitted;
        Set<Pending> in = Collections.newSetFromMap(new IdentityHashMap<>());
        in.addAll(admitted);
        List<Pending> refused = batch.stream().filter(p -> !in.contains(p)).toList();
        if (admitted.isEmpty()) {
            return Future.succeededFuture(new Ready(null, admitted, refused));
        }
        List<CustodyEvent> events = new ArrayList<>();
        admitted.forEach(p -> events.addAll(p.events));
        List<CustodyEvent> linked = BatchBuilder.link(events, locked.head.size(), locked.lastByFootage);
        if (ahead != null && refused.isEmpty() && sameHead(ahead.rangeBefore(), locked.head)
                && sameEvents(ahead.signed(), linked)) {
            aheadKept.incrementAndGet();
            return Future.succeededFuture(new Ready(ahead, admitted, refused));
        }
        if (ahead != null) {
            aheadRedone.incrementAndGet();
        }
        List<BatchBuilder.Signed> reusable = ahead == null ? List.of() : ahead.signed();
        return frontier(conn, locked.head, ahead)
                .compose(range -> builder.signAll(linked, reusable)
                        .compose(signed -> builder.buildOnWorker(range, signed)))
                .map(built -> new Ready(built, admitted, refused));
    }

    private static boolean sameHead(CompactRange range, LogHead head) {
        return range.size() == head.size() && Arrays.equals(range.root(), head.root());
    }

    private static boolean sameEvents(List<BatchBuilder.Signed> signed, List<CustodyEvent> linked) {
        if (signed.size() != linked.size()) {
            return false;
        }
        for (int i = 0; i < linked.size(); i++) {
            if (!signed.get(i).event().event().equals(linked.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The compact range at the locked head: a known one when no other instance moved it, else from the nodes. */
    private Future<CompactRange> frontier(SqlConnection conn, LogHead head, BatchBuilder.Built ahead) {
        for (CompactRange known : new CompactRange[] {ahead == null ? null : ahead.rangeBefore(), expectedRange}) {
            if (known != null && sameHead(known, head)) {
                return Future.succeededFuture(known);
            }
        }
        return StoredTree.loadRange(conn, head);
    }

    /**
     * Runs the admissions, pipelined on the batch's connection in order: grouped ones as one
     * statement per group, the others one by one. Answers the pendings admitted, in batch order.
     */
    private static Future<List<Pending>> admit(SqlConnection conn, List<Pending> batch) {
        Map<AdmissionGroup, List<Integer>> groups = new IdentityHashMap<>();
        Boolean[] verdicts = new Boolean[batch.size()];
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Admission a = batch.get(i).admission;
            if (a == null) {
                verdicts[i] = true;
            } else if (a.group() != null) {
                groups.computeIfAbsent(a.group(), g -> new ArrayList<>()).add(i);
            } else {
                int at = i;
                work.add(a.admit(conn).onSuccess(ok -> verdicts[at] = ok));
            }
        }
        groups.forEach((group, members) -> work.add(group.admitAll(conn,
                        members.stream().map(i -> batch.get(i).admission).toList())
                .onSuccess(results -> {
                    for (int k = 0; k < members.size(); k++) {
                        verdicts[members.get(k)] = results.get(k);
                    }
                })));
        return Future.all(work).map(all -> {
            List<Pending> admitted = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                if (Boolean.TRUE.equals(verdicts[i])) {
                    admitted.add(batch.get(i));
                }
            }
            return admitted;
        });
    }

    /** For each footage in the batch, the index of its latest event already in the log. */
    private static Future<Map<String, Long>> previousLinks(SqlConnection conn, List<Pending> batch) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        batch.forEach(p -> p.events.forEach(e -> ids.add(e.footageId())));
        return conn.preparedQuery(LogSql.SELECT_LAST_INDEX_OF_FOOTAGES)
                .execute(Tuple.tuple().addValue(ids.toArray(new String[0])))
                .map(rows -> {
                    Map<String, Long> last = new HashMap<>();
                    for (Row row : rows) {
                        last.put(row.getString("footage_id"), row.getLong("last"));
                    }
                    return last;
                });
    }

    /**
     * One multi-row insert each for entries and nodes (arrays unnested server-side), then head,
     * checkpoint and {@code COMMIT}, all sent together: one round trip. Should a write fail,
     * PostgreSQL has aborted the transaction and turns the {@code COMMIT} into a rollback.
     */
    private Future<Void> write(SqlConnection conn, BatchBuilder.Built b) {
        int n = b.signed().size();
        Long[] idx = new Long[n];
        Buffer[] leaves = new Buffer[n];
        Buffer[] hashes = new Buffer[n];
        String[] footage = new String[n];
        String[] types = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String[] keys = new String[n];
        Long[] prev = new Long[n];
        for (int i = 0; i < n; i++) {
            BatchBuilder.Signed s = b.signed().get(i);
            CustodyEvent e = s.event().event();
            idx[i] = b.firstIndex() + i;
            leaves[i] = Buffer.buffer(s.leaf());
            hashes[i] = Buffer.buffer(s.leafHash());
            footage[i] = e.footageId();
            types[i] = e.type().name();
            times[i] = e.time().atOffset(ZoneOffset.UTC);
            keys[i] = s.event().keyId();
            prev[i] = e.prev();
        }
        int m = b.newNodeIds().size();
        Short[] levels = new Short[m];
        Long[] nodeIdx = new Long[m];
        Buffer[] nodeHashes = new Buffer[m];
        for (int i = 0; i < m; i++) {
            levels[i] = (short) b.newNodeIds().get(i).level();
            nodeIdx[i] = b.newNodeIds().get(i).index();
            nodeHashes[i] = Buffer.buffer(b.newNodeHashes().get(i));
        }
        // Pipelined: sent together, executed in order; a failure aborts the transaction and the rest with it.
        return Future.join(
                conn.preparedQuery(LogSql.INSERT_ENTRIES)
                        .execute(Tuple.tuple().addValue(idx).addValue(leaves).addValue(hashes).addValue(footage)
                                .addValue(types).addValue(times).addValue(keys).addValue(prev)),
                conn.preparedQuery(LogSql.INSERT_NODES)
                        .execute(Tuple.tuple().addValue(levels).addValue(nodeIdx).addValue(nodeHashes)),
                conn.preparedQuery(LogSql.MOVE_HEAD)
                        .execute(Tuple.of(b.checkpoint().size(), Buffer.buffer(b.checkpoint().root()))),
                StoredCheckpoints.insert(conn, b.checkpoint().size(), b.checkpoint().root(), b.note(),
                        builder.signer().verifier().keyIdHex()),
                commit(conn))
                .mapEmpty();
    }

    private static Future<Void> commit(SqlConnection conn) {
        return conn.query("COMMIT").execute().mapEmpty();
    }

    /** Ends a failed batch's transaction (a no-op if it already ended) and gives the connection back. */
    private static void rollback(SqlConnection conn) {
        conn.query("ROLLBACK").execute().onComplete(v -> conn.close());
    }
}
