package org.custodyledger.storage;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.model.AppendedEntry;
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

        /**
         * The subject (footage) this admission creates under an id just minted for it (random,
         * known to no one until the append answers), or null. No entry can name such an id yet,
         * so the batch does not look up an earlier event to link this append's events to.
         * Nothing in the schema checks that: an admission must only name an id it minted.
         */
        default String createdSubject() {
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

    private final Vertx vertx;
    private final Pool pool;
    private final BatchBuilder builder;
    private final AppendQueue queue;
    private final OnContext context;
    private final BatchListener listener;
    // Touched only on {@link #context}.
    /** A batch has been formed and is not yet writing (waiting for the lock, or building). */
    private boolean forming;
    /** Batches sending their writes or committing. */
    private int writing;
    private boolean lingering;
    private final RunAheadPrediction prediction = new RunAheadPrediction();
    /** Batches whose run-ahead was written as built, and batches that had to be redone under the lock. */
    private final AtomicLong aheadKept = new AtomicLong();
    private final AtomicLong aheadRedone = new AtomicLong();

    public Sequencer(Vertx vertx, Pool pool, NoteSigner signer, int maxBatch, Duration linger) {
        this(vertx, pool, signer, maxBatch, linger, BatchListener.NONE);
    }

    public Sequencer(Vertx vertx, Pool pool, NoteSigner signer, int maxBatch, Duration linger, BatchListener listener) {
        this(vertx, pool, signer, null, maxBatch, linger, listener);
    }

    /** A sequencer that completes a key handover ({@link KeyRotation#open}; null: none due). */
    public Sequencer(Vertx vertx, Pool pool, NoteSigner signer, KeyRotation.Handover handover, int maxBatch,
                     Duration linger, BatchListener listener) {
        this.listener = listener;
        this.vertx = vertx;
        this.pool = pool;
        this.builder = new BatchBuilder(vertx, signer, handover);
        this.queue = new AppendQueue(maxBatch, linger);
        this.context = new OnContext(vertx.getOrCreateContext());
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
     * two linked events); the admission decides for all of them. An event whose leaf could not
     * be served in an entry bundle fails with {@link LeafTooLargeException}, nothing queued.
     */
    public Future<List<AppendedEntry>> appendAll(List<CustodyEvent> events, Admission admission) {
        int maxBatch = queue.maxBatch();
        if (events.isEmpty() || events.size() > maxBatch) {
            throw new IllegalArgumentException("an atomic append takes 1 to " + maxBatch + " events, not " + events.size());
        }
        // Checked here, before any batch: a batch failing for one member would hold up (and redo) the others.
        LeafTooLargeException tooLarge = LeafTooLargeException.check(events, builder.signer().verifier().keyIdHex());
        if (tooLarge != null) {
            return Future.failedFuture(tooLarge);
        }
        Promise<List<AppendedEntry>> promise = Promise.promise();
        queue.add(new PendingAppend(List.copyOf(events), admission, promise, Vertx.currentContext(), false));
        // Queued, never run inline: the appends made in one turn of the event loop meet in one batch.
        context.later(this::schedule);
        return promise.future();
    }

    /** The most events one atomic append ({@link #appendAll}) may carry. */
    public int maxBatch() {
        return queue.maxBatch();
    }

    /** Appends waiting for a batch (an atomic append of several events counts once). */
    public int waiting() {
        return queue.waiting();
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
        switch (queue.next()) {
            case NOTHING -> { }
            case LINGER -> {
                lingering = true;
                vertx.setTimer(queue.lingerMillis(), t -> {
                    lingering = false;
                    form();
                });
            }
            case FORM -> form();
        }
    }

    private void form() {
        if (forming || writing > 1) {
            return;
        }
        List<PendingAppend> batch = queue.takeBatch();
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
    private Future<BatchBuilder.Built> runAhead(List<PendingAppend> batch) {
        CompactRange predicted = prediction.expectedRange();
        if (predicted == null) {
            return Future.succeededFuture();
        }
        return builder.signAll(prediction.link(eventsOf(batch)), List.of())
                .compose(signed -> builder.buildOnWorker(predicted, signed))
                .otherwise((BatchBuilder.Built) null);
    }

    /** One batch's transaction: lock, make ready, write and commit, answer; the next batch may form once this one writes. */
    private void run(List<PendingAppend> batch, Future<BatchBuilder.Built> ahead) {
        long started = System.nanoTime();
        boolean[] wrote = {false};
        pool.getConnection().onComplete(got -> context.run(() -> {
            if (got.failed()) {
                forming = false;
                finish(batch, started, Future.failedFuture(got.cause()));
                schedule();
                return;
            }
            SqlConnection conn = got.result();
            BatchTransaction.lock(conn, batch)
                    .compose(locked -> Future.all(Future.succeededFuture(locked), ahead))
                    .compose(both -> context.call(() -> ready(conn, both.resultAt(0), batch, both.resultAt(1))))
                    .compose(ready -> context.call(() -> {
                        // Holding the lock, this batch writes; the next one may form and queue for the lock.
                        forming = false;
                        writing++;
                        wrote[0] = true;
                        if (ready.built() != null) {
                            prediction.remember(ready.built());
                        }
                        schedule();
                        return ready.built() == null ? BatchTransaction.commit(conn).map(ready)
                                : BatchTransaction.write(conn, ready.built(), builder.signer().verifier().keyIdHex()).map(ready);
                    }))
                    .onComplete(done -> context.run(() -> {
                        if (wrote[0]) {
                            writing--;
                        } else {
                            forming = false;
                        }
                        if (done.failed()) {
                            // The tree this batch would have left is not there: predict nothing from it.
                            prediction.forgetRange();
                            BatchTransaction.rollback(conn);
                        } else {
                            conn.close();
                        }
                        finish(batch, started, done);
                        schedule();
                    }));
        }));
    }

    /** Answers the batch's callers: their entries once committed, or the batch's failure. */
    private void finish(List<PendingAppend> batch, long started, AsyncResult<ReadyBatch> result) {
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
                queue.retryAlone(batch);
                return;
            }
            log.warn("append batch of {} failed: {}", batch.size(), result.cause().toString());
            batch.forEach(p -> p.complete(null, result.cause()));
            return;
        }
        ReadyBatch ready = result.result();
        if (ready.built() != null) {
            listener.committed(ready.built().signed().size(), System.nanoTime() - started, ready.built().checkpoint().size());
        }
        ready.answer();
    }

    /**
     * The batch as it will be written: the run-ahead result if the head, admissions and links
     * are the predicted ones, else linked, signed (reusing what still holds) and built anew.
     */
    private Future<ReadyBatch> ready(SqlConnection conn, BatchTransaction.Locked locked, List<PendingAppend> batch,
                                BatchBuilder.Built ahead) {
        List<PendingAppend> admitted = locked.admitted();
        Set<PendingAppend> in = Collections.newSetFromMap(new IdentityHashMap<>());
        in.addAll(admitted);
        List<PendingAppend> refused = batch.stream().filter(p -> !in.contains(p)).toList();
        if (admitted.isEmpty()) {
            return Future.succeededFuture(new ReadyBatch(null, admitted, refused));
        }
        List<CustodyEvent> linked = BatchBuilder.link(eventsOf(admitted), locked.head().size(), locked.lastByFootage());
        if (refused.isEmpty() && RunAheadPrediction.holds(ahead, locked.head(), linked)) {
            aheadKept.incrementAndGet();
            return Future.succeededFuture(new ReadyBatch(ahead, admitted, refused));
        }
        if (ahead != null) {
            aheadRedone.incrementAndGet();
        }
        List<BatchBuilder.Signed> reusable = ahead == null ? List.of() : ahead.signed();
        CompactRange known = prediction.knownRange(ahead, locked.head());
        return (known != null ? Future.succeededFuture(known) : StoredTree.loadRange(conn, locked.head()))
                .compose(range -> builder.signAll(linked, reusable)
                        .compose(signed -> builder.buildOnWorker(range, signed)))
                .map(built -> new ReadyBatch(built, admitted, refused));
    }

    private static List<CustodyEvent> eventsOf(List<PendingAppend> batch) {
        List<CustodyEvent> events = new ArrayList<>();
        batch.forEach(p -> events.addAll(p.events()));
        return events;
    }
}
