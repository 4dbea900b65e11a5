package org.custodyledger.storage;

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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventSigner;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.merkle.NodeId;
import org.custodyledger.merkle.ProofNodes;
import org.custodyledger.merkle.Proofs;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends events to the log in batches, one transaction per batch: lock the head row, link
 * each event to its footage's previous event, sign, insert leaves and nodes, move the head,
 * sign and store a checkpoint, commit, and only then answer every caller of the batch. The
 * head row lock serialises batches across processes sharing the database, so the log never
 * forks. One batch is in flight per instance; appends arriving meanwhile form the next one.
 */
public final class Sequencer {
    private static final Logger log = LoggerFactory.getLogger(Sequencer.class);
    private static final int SIGNING_PARALLELISM = Runtime.getRuntime().availableProcessors();

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

    /** The event's admission said no, so it was not appended. */
    public static final class RefusedException extends RuntimeException {
        public RefusedException() {
            super("the append was withdrawn by its admission check");
        }
    }

    /** Events that go in together (same batch, consecutive indexes) or not at all. */
    private record Pending(List<CustodyEvent> events, Admission admission, Promise<List<AppendedEntry>> promise,
                           Context caller) {
    }

    /** A batch after the CPU work, ready to write; empty when every admission said no. */
    private record Built(List<Pending> admitted, List<Pending> refused, List<SignedEvent> events, List<byte[]> leaves, List<byte[]> leafHashes, long firstIndex,
                         List<NodeId> newNodeIds, List<byte[]> newNodeHashes, CompactRange rangeAfter,
                         Checkpoint checkpoint, String note, List<List<byte[]>> proofs) {
    }

    private final Vertx vertx;
    private final Pool pool;
    private final NoteSigner signer;
    private final EventSigner eventSigner;
    private final int maxBatch;
    private final long lingerMillis;
    private final Context context;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    // Touched only on {@link #context}.
    private boolean inFlight;
    private boolean lingering;
    private CompactRange cachedRange;

    public Sequencer(Vertx vertx, Pool pool, NoteSigner signer, int maxBatch, Duration linger) {
        this.vertx = vertx;
        this.pool = pool;
        this.signer = signer;
        this.eventSigner = new EventSigner(signer);
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
            queue.add(new Pending(List.copyOf(events), admission, promise, caller));
        }
        context.runOnContext(v -> schedule());
        return promise.future();
    }

    private void schedule() {
        if (inFlight || lingering) {
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
                flush();
            });
            return;
        }
        flush();
    }

    private void flush() {
        if (inFlight) {
            return;
        }
        List<Pending> batch = new ArrayList<>();
        synchronized (queue) {
            int events = 0;
            while (!queue.isEmpty() && events + queue.peek().events.size() <= maxBatch) {
                events += queue.peek().events.size();
                batch.add(queue.poll());
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        inFlight = true;
        long started = System.nanoTime();
        pool.withTransaction(conn -> runBatch(conn, batch)).onComplete(ar -> {
            inFlight = false;
            if (log.isDebugEnabled()) {
                log.debug("batch of {} {} in {} ms", batch.size(), ar.succeeded() ? "committed" : "failed",
                        (System.nanoTime() - started) / 1_000_000);
            }
            if (ar.succeeded()) {
                Built built = ar.result();
                if (built.rangeAfter != null) {
                    cachedRange = built.rangeAfter;
                }
                int next = 0;
                for (Pending p : built.admitted) {
                    List<AppendedEntry> entries = new ArrayList<>(p.events.size());
                    for (int k = 0; k < p.events.size(); k++, next++) {
                        entries.add(new AppendedEntry(built.firstIndex + next, built.leafHashes.get(next),
                                built.events.get(next), built.checkpoint, built.note, built.proofs.get(next)));
                    }
                    complete(p, entries, null);
                }
                built.refused.forEach(p -> complete(p, null, new RefusedException()));
            } else {
                log.warn("append batch of {} failed: {}", batch.size(), ar.cause().toString());
                batch.forEach(p -> complete(p, null, ar.cause()));
            }
            schedule();
        });
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

    /**
     * The batch's statements are pipelined on its connection wherever one does not need the
     * answer of another: the head lock, the admissions and the previous-event look-up go out
     * together (PostgreSQL runs them in order, so the look-up sees the log under the lock),
     * and so do the four writes. A batch costs three round trips plus the commit.
     */
    private Future<Built> runBatch(SqlConnection conn, List<Pending> batch) {
        Future<LogHead> head = LedgerStore.head(conn, true);
        Future<List<Pending>> admission = admit(conn, batch);
        Future<Map<String, Long>> previous = previousLinks(conn, batch);
        return Future.all(head, admission, previous).compose(ready -> {
            List<Pending> admitted = admission.result();
            java.util.Set<Pending> in = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            in.addAll(admitted);
            List<Pending> refused = batch.stream().filter(p -> !in.contains(p)).toList();
            if (admitted.isEmpty()) {
                return Future.succeededFuture(new Built(admitted, refused, List.of(), List.of(), List.of(),
                        head.result().size(), List.of(), List.of(), null, null, null, List.of()));
            }
            return frontier(conn, head.result())
                    .compose(range -> signAll(link(admitted, range.size(), previous.result()))
                            .compose(signed -> vertx.executeBlocking(() -> build(admitted, refused, range, signed), false)))
                    .compose(built -> write(conn, built).map(built));
        });
    }

    /**
     * Runs the admissions, pipelined on the batch's connection in order: grouped ones as one
     * statement per group, the others one by one. Answers the pendings admitted, in batch order.
     */
    private static Future<List<Pending>> admit(SqlConnection conn, List<Pending> batch) {
        Map<AdmissionGroup, List<Integer>> groups = new java.util.IdentityHashMap<>();
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

    /** The compact range at the head: from memory when no other instance moved it, else from the nodes. */
    private Future<CompactRange> frontier(SqlConnection conn, LogHead head) {
        if (cachedRange != null && cachedRange.size() == head.size() && Arrays.equals(cachedRange.root(), head.root())) {
            return Future.succeededFuture(cachedRange);
        }
        return loadRange(conn, head);
    }

    static Future<CompactRange> loadRange(SqlConnection conn, LogHead head) {
        return LedgerStore.nodes(conn, Proofs.rangeNodes(0, head.size())).map(hashes -> {
            CompactRange range = new CompactRange(head.size(), hashes);
            if (!Arrays.equals(range.root(), head.root())) {
                throw new StorageException("stored tree nodes do not hash to the log head's root at size " + head.size()
                        + ": refusing to extend a tree that disagrees with itself");
            }
            return range;
        });
    }

    /** For each footage in the batch, the index of its latest event already in the log. */
    private static Future<Map<String, Long>> previousLinks(SqlConnection conn, List<Pending> batch) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        batch.forEach(p -> p.events.forEach(e -> ids.add(e.footageId())));
        return conn.preparedQuery("SELECT footage_id, max(idx) AS last FROM log_entries WHERE footage_id = ANY($1)"
                        + " GROUP BY footage_id")
                .execute(Tuple.tuple().addValue(ids.toArray(new String[0])))
                .map(rows -> {
                    Map<String, Long> last = new HashMap<>();
                    for (Row row : rows) {
                        last.put(row.getString("footage_id"), row.getLong("last"));
                    }
                    return last;
                });
    }

    /** An event signed, with its leaf bytes and leaf hash. */
    private record Signed(SignedEvent event, byte[] leaf, byte[] leafHash) {
    }

    /** Each event with the index of its footage's previous event, in batch order. */
    private static List<CustodyEvent> link(List<Pending> batch, long firstIndex, Map<String, Long> lastByFootage) {
        Map<String, Long> last = new HashMap<>(lastByFootage);
        List<CustodyEvent> linked = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            for (CustodyEvent e : p.events) {
                CustodyEvent event = e.withPrev(last.get(e.footageId()));
                last.put(event.footageId(), firstIndex + linked.size());
                linked.add(event);
            }
        }
        return linked;
    }

    /** Signs and hashes the events on workers, split across the cores: signing is the batch's main CPU cost. */
    private Future<List<Signed>> signAll(List<CustodyEvent> events) {
        int parts = Math.max(1, Math.min(SIGNING_PARALLELISM, events.size() / 32));
        int per = (events.size() + parts - 1) / parts;
        List<Future<List<Signed>>> chunks = new ArrayList<>(parts);
        for (int from = 0; from < events.size(); from += per) {
            List<CustodyEvent> part = events.subList(from, Math.min(events.size(), from + per));
            chunks.add(vertx.executeBlocking(() -> {
                List<Signed> out = new ArrayList<>(part.size());
                for (CustodyEvent e : part) {
                    SignedEvent signed = eventSigner.sign(e);
                    byte[] leaf = signed.leafBytes();
                    out.add(new Signed(signed, leaf, Rfc6962.hashLeaf(leaf)));
                }
                return out;
            }, false));
        }
        return Future.all(chunks).map(all -> {
            List<Signed> signed = new ArrayList<>(events.size());
            chunks.forEach(c -> signed.addAll(c.result()));
            return signed;
        });
    }

    /** Extends the tree, signs the checkpoint and cuts each event's inclusion proof; CPU only, run on a worker. */
    private Built build(List<Pending> batch, List<Pending> refused, CompactRange before, List<Signed> signed) {
        long first = before.size();
        // Every node a proof in the new tree can need: the old frontier plus what this batch completes.
        Map<NodeId, byte[]> known = new HashMap<>();
        List<NodeId> frontierIds = Proofs.rangeNodes(0, first);
        List<byte[]> frontierHashes = before.hashes();
        for (int i = 0; i < frontierIds.size(); i++) {
            known.put(frontierIds.get(i), frontierHashes.get(i));
        }
        CompactRange range = new CompactRange(first, frontierHashes);
        List<NodeId> newIds = new ArrayList<>();
        List<byte[]> newHashes = new ArrayList<>();
        List<SignedEvent> events = new ArrayList<>(signed.size());
        List<byte[]> leaves = new ArrayList<>(signed.size());
        List<byte[]> leafHashes = new ArrayList<>(signed.size());
        for (Signed s : signed) {
            events.add(s.event);
            leaves.add(s.leaf);
            leafHashes.add(s.leafHash);
            range.append(s.leafHash, (id, hash) -> {
                newIds.add(id);
                newHashes.add(hash);
                known.put(id, hash);
            });
        }
        long size = range.size();
        Checkpoint checkpoint = new Checkpoint(signer.name(), size, range.root());
        String note = Checkpoints.sign(checkpoint, signer);
        List<List<byte[]>> proofs = new ArrayList<>(signed.size());
        for (int i = 0; i < signed.size(); i++) {
            ProofNodes plan = Proofs.inclusion(first + i, size);
            List<byte[]> hashes = new ArrayList<>(plan.ids().size());
            for (NodeId id : plan.ids()) {
                byte[] h = known.get(id);
                if (h == null) {
                    throw new IllegalStateException("proof node " + id + " is neither new nor on the frontier");
                }
                hashes.add(h);
            }
            proofs.add(plan.rehash(hashes));
        }
        return new Built(batch, refused, events, leaves, leafHashes, first, newIds, newHashes, range, checkpoint, note,
                proofs);
    }

    /** One multi-row insert each for entries and nodes (arrays unnested server-side), then head and checkpoint. */
    private Future<Void> write(SqlConnection conn, Built b) {
        int n = b.events.size();
        Long[] idx = new Long[n];
        Buffer[] leaves = new Buffer[n];
        Buffer[] hashes = new Buffer[n];
        String[] footage = new String[n];
        String[] types = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String[] keys = new String[n];
        Long[] prev = new Long[n];
        for (int i = 0; i < n; i++) {
            CustodyEvent e = b.events.get(i).event();
            idx[i] = b.firstIndex + i;
            leaves[i] = Buffer.buffer(b.leaves.get(i));
            hashes[i] = Buffer.buffer(b.leafHashes.get(i));
            footage[i] = e.footageId();
            types[i] = e.type().name();
            times[i] = e.time().atOffset(ZoneOffset.UTC);
            keys[i] = b.events.get(i).keyId();
            prev[i] = e.prev();
        }
        int m = b.newNodeIds.size();
        Short[] levels = new Short[m];
        Long[] nodeIdx = new Long[m];
        Buffer[] nodeHashes = new Buffer[m];
        for (int i = 0; i < m; i++) {
            levels[i] = (short) b.newNodeIds.get(i).level();
            nodeIdx[i] = b.newNodeIds.get(i).index();
            nodeHashes[i] = Buffer.buffer(b.newNodeHashes.get(i));
        }
        // Pipelined: sent together, executed in order; a failure aborts the transaction and the rest with it.
        return Future.all(
                conn.preparedQuery("INSERT INTO log_entries (idx, leaf, leaf_hash, footage_id, event_type, event_time,"
                                + " key_id, prev_idx) SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::text[],"
                                + " $5::text[], $6::timestamptz[], $7::text[], $8::bigint[])")
                        .execute(Tuple.tuple().addValue(idx).addValue(leaves).addValue(hashes).addValue(footage)
                                .addValue(types).addValue(times).addValue(keys).addValue(prev)),
                conn.preparedQuery("INSERT INTO tree_nodes (level, idx, hash)"
                                + " SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])")
                        .execute(Tuple.tuple().addValue(levels).addValue(nodeIdx).addValue(nodeHashes)),
                conn.preparedQuery("UPDATE log_head SET size = $1, root = $2, updated_at = now() WHERE id = 0")
                        .execute(Tuple.of(b.checkpoint.size(), Buffer.buffer(b.checkpoint.root()))),
                conn.preparedQuery("INSERT INTO checkpoints (size, root, note, key_id) VALUES ($1, $2, $3, $4)")
                        .execute(Tuple.of(b.checkpoint.size(), Buffer.buffer(b.checkpoint.root()), b.note,
                                signer.verifier().keyIdHex())))
                .mapEmpty();
    }
}
