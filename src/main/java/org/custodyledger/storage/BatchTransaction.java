package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.custodyledger.custody.CustodyEvent;

/**
 * One batch's transaction on its connection, in two round trips: {@link #lock} opens it and
 * reads what the batch needs under the head lock; {@link #write} sends the writes and the
 * {@code COMMIT} together.
 */
final class BatchTransaction {
    /** What the database said once the batch held the head lock. */
    record Locked(LogHead head, List<PendingAppend> admitted, Map<String, Long> lastByFootage) {
    }

    private BatchTransaction() {
    }

    /**
     * Opens the batch's transaction in one round trip: {@code BEGIN}, the head lock, the
     * admissions and the previous-event look-up are sent together; PostgreSQL runs them in
     * order, so the admissions and the look-up see the log as it is under the lock.
     */
    static Future<Locked> lock(SqlConnection conn, List<PendingAppend> batch) {
        Future<?> begin = conn.query("BEGIN").execute();
        // The batch's statements bind arrays. PostgreSQL's default plans a generic statement for
        // 10 elements per array, so for batches smaller than that a custom plan looks cheaper and
        // it plans the statement afresh every time: for the registrations' statement 0.7-1.8 ms of
        // PostgreSQL's CPU per batch, most of a small batch's cost (BatchPlansTest; BENCHMARKS.md,
        // issue 22, sixth session). Until the transaction ends, the plan made once is kept.
        Future<?> generic = conn.query("SET LOCAL plan_cache_mode = force_generic_plan").execute();
        Future<LogHead> head = StoredTree.head(conn, true);
        Future<List<PendingAppend>> admission = admit(conn, batch);
        Future<Map<String, Long>> previous = previousLinks(conn, batch);
        // Joined, not all: every statement must have answered before the connection is rolled back or reused.
        return Future.join(begin, generic, head, admission, previous)
                .map(v -> new Locked(head.result(), admission.result(), previous.result()));
    }

    /**
     * One multi-row insert each for entries and nodes (arrays unnested server-side), then head,
     * checkpoint and {@code COMMIT}, all sent together: one round trip. Should a write fail,
     * PostgreSQL has aborted the transaction and turns the {@code COMMIT} into a rollback.
     */
    static Future<Void> write(SqlConnection conn, BatchBuilder.Built b, String keyId) {
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
            footage[i] = e.subjectId();
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
                StoredCheckpoints.insert(conn, b.checkpoint().size(), b.checkpoint().root(), b.note(), keyId),
                commit(conn))
                .mapEmpty();
    }

    static Future<Void> commit(SqlConnection conn) {
        return conn.query("COMMIT").execute().mapEmpty();
    }

    /** Ends a failed batch's transaction (a no-op if it already ended) and gives the connection back. */
    static void rollback(SqlConnection conn) {
        conn.query("ROLLBACK").execute().onComplete(v -> conn.close());
    }

    /**
     * Runs the admissions, pipelined on the batch's connection in order: grouped ones as one
     * statement per group, the others one by one. Answers the pendings admitted, in batch order.
     */
    private static Future<List<PendingAppend>> admit(SqlConnection conn, List<PendingAppend> batch) {
        Map<Sequencer.AdmissionGroup, List<Integer>> groups = new IdentityHashMap<>();
        Boolean[] verdicts = new Boolean[batch.size()];
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Sequencer.Admission a = batch.get(i).admission();
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
                        members.stream().map(i -> batch.get(i).admission()).toList())
                .onSuccess(results -> {
                    for (int k = 0; k < members.size(); k++) {
                        verdicts[members.get(k)] = results.get(k);
                    }
                })));
        return Future.all(work).map(all -> {
            List<PendingAppend> admitted = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                if (Boolean.TRUE.equals(verdicts[i])) {
                    admitted.add(batch.get(i));
                }
            }
            return admitted;
        });
    }

    /** For each footage in the batch, the index of its latest event already in the log. */
    private static Future<Map<String, Long>> previousLinks(SqlConnection conn, List<PendingAppend> batch) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        batch.forEach(p -> p.events().forEach(e -> ids.add(e.subjectId())));
        // A registration's new footage has no earlier event to find: probing the index for each
        // one was 18 of PostgreSQL's ~230 µs per registration (BENCHMARKS.md, issue 22, fifth
        // session). Only while no other append of the batch names it, which none should.
        Map<String, PendingAppend> creators = new HashMap<>();
        batch.forEach(p -> {
            if (p.admission() != null && p.admission().createdSubject() != null) {
                creators.put(p.admission().createdSubject(), p);
            }
        });
        batch.forEach(p -> p.events().forEach(e -> {
            if (creators.containsKey(e.subjectId()) && creators.get(e.subjectId()) != p) {
                creators.remove(e.subjectId());
            }
        }));
        ids.removeAll(creators.keySet());
        if (ids.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
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
}
