package org.custodyledger.storage;

import org.custodyledger.note.StoredCheckpoint;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.custodyledger.merkle.NodeId;
import org.custodyledger.merkle.ProofNodes;
import org.custodyledger.merkle.Proofs;
import org.custodyledger.note.NoteVerifier;

/** Reads of the log: head, entries, checkpoints, keys, and proofs from O(log n) stored nodes. */
public final class LedgerStore {
    /** Null in a store bound to one snapshot's connection. */
    private final Pool pool;
    private final SqlClient client;

    public LedgerStore(Pool pool) {
        this(pool, pool);
    }

    private LedgerStore(Pool pool, SqlClient client) {
        this.pool = pool;
        this.client = client;
    }

    /**
     * Runs {@code reads} on one connection in a REPEATABLE READ, READ ONLY transaction: every
     * read sees the same committed ledger, so no append can commit between two of them. For
     * short answers only (a /verify): an open snapshot holds back vacuum while it lasts.
     */
    public <T> Future<T> snapshot(Function<LedgerStore, Future<T>> reads) {
        if (pool == null) {
            return reads.apply(this); // already one snapshot
        }
        return pool.withTransaction(conn -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute()
                .compose(v -> reads.apply(new LedgerStore(null, conn))));
    }

    public Future<LogHead> head() {
        return head(client, false);
    }

    static Future<LogHead> head(SqlClient client, boolean forUpdate) {
        return client.query("SELECT size, root FROM log_head WHERE id = 0" + (forUpdate ? " FOR UPDATE" : ""))
                .execute()
                .map(rows -> {
                    if (rows.size() != 1) {
                        throw new StorageException("the log head row is missing: the schema was not applied");
                    }
                    Row row = rows.iterator().next();
                    return new LogHead(row.getLong("size"), row.getBuffer("root").getBytes());
                });
    }

    /** Hashes of the given nodes, in the same order; fails if any is not stored. */
    static Future<List<byte[]>> nodes(SqlClient client, List<NodeId> ids) {
        return storedNodes(client, ids).map(found -> {
            List<byte[]> hashes = new ArrayList<>(ids.size());
            for (NodeId id : ids) {
                byte[] h = found.get(id);
                if (h == null) {
                    throw new StorageException("tree node (" + id.level() + ", " + id.index() + ") is not stored");
                }
                hashes.add(h);
            }
            return hashes;
        });
    }

    /** The inclusion proof of {@code index} in the tree of {@code treeSize}; both must be in range of the head. */
    public Future<List<byte[]>> inclusionProof(long index, long treeSize) {
        ProofNodes plan = Proofs.inclusion(index, treeSize);
        return nodes(client, plan.ids()).map(plan::rehash);
    }

    /** The consistency proof between two tree sizes of this log. */
    public Future<List<byte[]>> consistencyProof(long from, long to) {
        ProofNodes plan = Proofs.consistency(from, to);
        return nodes(client, plan.ids()).map(plan::rehash);
    }

    /** The entry at {@code index}, or null. */
    public Future<StoredEntry> entry(long index) {
        return client.preparedQuery("SELECT idx, leaf, leaf_hash FROM log_entries WHERE idx = $1")
                .execute(Tuple.of(index))
                .map(rows -> rows.size() == 0 ? null : entry(rows.iterator().next()));
    }

    /** Entries of one footage, in log order. */
    public Future<List<StoredEntry>> entriesOfFootage(String footageId) {
        return client.preparedQuery("SELECT idx, leaf, leaf_hash FROM log_entries WHERE footage_id = $1 ORDER BY idx")
                .execute(Tuple.of(footageId))
                .map(LedgerStore::entries);
    }

    /** At most {@code limit} entries of one footage after log index {@code afterIndex}, in log order. */
    public Future<List<StoredEntry>> entriesOfFootage(String footageId, long afterIndex, int limit) {
        return client.preparedQuery("SELECT idx, leaf, leaf_hash FROM log_entries WHERE footage_id = $1 AND idx > $2"
                        + " ORDER BY idx LIMIT $3")
                .execute(Tuple.of(footageId, afterIndex, limit))
                .map(LedgerStore::entries);
    }

    /** At most {@code limit} entries with index in [fromIndex, toIndex), in index order (an audit's page). */
    public Future<List<StoredEntry>> entriesBetween(long fromIndex, long toIndex, int limit) {
        return client.preparedQuery("SELECT idx, leaf, leaf_hash FROM log_entries WHERE idx >= $1 AND idx < $2"
                        + " ORDER BY idx LIMIT $3")
                .execute(Tuple.of(fromIndex, toIndex, limit))
                .map(LedgerStore::entries);
    }

    /** How many entries are stored (a verification compares it with the head read in the same snapshot). */
    public Future<Long> entryCount() {
        return client.query("SELECT count(*) FROM log_entries").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * What an audit of the tree of {@code treeSize} compares at its end: the stored nodes of
     * that tree, and the rows no committed head covers — entries, nodes and checkpoints beyond
     * the head as it is now. One statement, so an append committing meanwhile is all in or all out.
     */
    public record TreeRows(long nodesInTree, long headSize, long entriesBeyondHead, long nodesBeyondHead,
                           long checkpointsBeyondHead) {
    }

    public Future<TreeRows> treeRows(long treeSize) {
        return client.preparedQuery("SELECT h.size, n.in_tree, n.beyond_head,"
                        + " (SELECT count(*) FROM log_entries WHERE idx >= h.size),"
                        + " (SELECT count(*) FROM checkpoints WHERE size > h.size)"
                        + " FROM log_head h, LATERAL (SELECT count(*) FILTER (WHERE idx < ($1::bigint >> level)) AS in_tree,"
                        + " count(*) FILTER (WHERE idx >= (h.size >> level)) AS beyond_head FROM tree_nodes) n"
                        + " WHERE h.id = 0")
                .execute(Tuple.of(treeSize))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new TreeRows(r.getLong(1), r.getLong(0), r.getLong(3), r.getLong(2), r.getLong(4));
                });
    }

    /** The stored hashes of those nodes that are stored; missing ones are absent from the map. */
    private static Future<Map<NodeId, byte[]>> storedNodes(SqlClient client, java.util.Collection<NodeId> ids) {
        if (ids.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        Short[] levels = new Short[ids.size()];
        Long[] indexes = new Long[ids.size()];
        int i = 0;
        for (NodeId id : ids) {
            levels[i] = (short) id.level();
            indexes[i++] = id.index();
        }
        return client.preparedQuery("SELECT n.level, n.idx, n.hash FROM unnest($1::smallint[], $2::bigint[]) AS q(level, idx)"
                        + " JOIN tree_nodes n ON n.level = q.level AND n.idx = q.idx")
                .execute(Tuple.tuple().addValue(levels).addValue(indexes))
                .map(LedgerStore::nodeMap);
    }

    /** Stored nodes of one level in an index range, in index order: an audit's read-back of a run. */
    public record NodeRows(long[] indexes, List<byte[]> hashes) {
    }

    /**
     * The stored nodes of {@code level} with index in [lo, hi], one primary-key index scan.
     * Asked as "from lo, at most hi - lo + 1 rows" (rows past hi, when nodes are missing, are
     * dropped here): PostgreSQL then walks the index in order, where for a closed range it
     * estimates too few rows, picks a bitmap scan plus a sort and spends ~1.6× the time.
     */
    public Future<NodeRows> storedNodeRange(int level, long lo, long hi) {
        return client.preparedQuery("SELECT idx, hash FROM tree_nodes WHERE level = $1 AND idx >= $2 ORDER BY idx LIMIT $3")
                .execute(Tuple.of((short) level, lo, hi - lo + 1))
                .map(rows -> {
                    long[] indexes = new long[rows.size()];
                    List<byte[]> hashes = new ArrayList<>(rows.size());
                    int k = 0;
                    for (Row row : rows) {
                        long index = row.getLong(0);
                        if (index > hi) {
                            break;
                        }
                        indexes[k++] = index;
                        hashes.add(row.getBuffer(1).getBytes());
                    }
                    return new NodeRows(k == indexes.length ? indexes : Arrays.copyOf(indexes, k), hashes);
                });
    }

    /**
     * Inclusion proofs of several entries in one tree, from one query for all their nodes.
     * An entry whose proof needs a node that is not stored maps to null.
     */
    public Future<Map<Long, List<byte[]>>> inclusionProofs(List<Long> indexes, long treeSize) {
        Map<Long, ProofNodes> plans = new java.util.LinkedHashMap<>();
        java.util.Set<NodeId> all = new java.util.HashSet<>();
        for (long index : indexes) {
            ProofNodes plan = Proofs.inclusion(index, treeSize);
            plans.put(index, plan);
            all.addAll(plan.ids());
        }
        return storedNodes(client, all).map(found -> {
            Map<Long, List<byte[]>> proofs = new HashMap<>();
            plans.forEach((index, plan) -> {
                List<byte[]> hashes = new ArrayList<>(plan.ids().size());
                for (NodeId id : plan.ids()) {
                    hashes.add(found.get(id));
                }
                proofs.put(index, hashes.contains(null) ? null : plan.rehash(hashes));
            });
            return proofs;
        });
    }

    /** The first checkpoint whose tree includes entry {@code index} (the one its append was answered with), or null. */
    public Future<StoredCheckpoint> firstCheckpointIncluding(long index) {
        return client.preparedQuery("SELECT size, root, note, key_id FROM checkpoints WHERE size > $1 ORDER BY size LIMIT 1")
                .execute(Tuple.of(index))
                .map(rows -> rows.size() == 0 ? null : checkpoint(rows.iterator().next()));
    }

    /** The first entry of a footage (its registration), or null. */
    public Future<StoredEntry> firstEntryOfFootage(String footageId) {
        return client.preparedQuery("SELECT idx, leaf, leaf_hash FROM log_entries WHERE footage_id = $1 ORDER BY idx LIMIT 1")
                .execute(Tuple.of(footageId))
                .map(rows -> rows.size() == 0 ? null : entry(rows.iterator().next()));
    }

    /** When the latest checkpoint was stored (null on a log without one): one index look-up. */
    public Future<Instant> latestCheckpointTime() {
        return client.query("SELECT created_at FROM checkpoints ORDER BY size DESC LIMIT 1")
                .execute()
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime(0).toInstant());
    }

    public Future<StoredCheckpoint> latestCheckpoint() {
        return client.query("SELECT size, root, note, key_id FROM checkpoints ORDER BY size DESC LIMIT 1")
                .execute()
                .map(rows -> rows.size() == 0 ? null : checkpoint(rows.iterator().next()));
    }

    /** Every stored checkpoint, smallest tree first. */
    public Future<List<StoredCheckpoint>> checkpoints() {
        return checkpointsUpTo(Long.MAX_VALUE);
    }

    /** The stored checkpoints of trees of at most {@code maxSize} entries, smallest tree first. */
    public Future<List<StoredCheckpoint>> checkpointsUpTo(long maxSize) {
        return client.preparedQuery("SELECT size, root, note, key_id FROM checkpoints WHERE size <= $1 ORDER BY size")
                .execute(Tuple.of(maxSize))
                .map(rows -> {
                    List<StoredCheckpoint> list = new ArrayList<>();
                    rows.forEach(r -> list.add(checkpoint(r)));
                    return list;
                });
    }

    /** Verifier-key lines of every signing key, {@code currentKeyId} first, then newest first. */
    public Future<List<String>> verifierKeys(String currentKeyId) {
        return client.preparedQuery("SELECT verifier_key FROM ledger_keys ORDER BY (key_id = $1) DESC, valid_from DESC")
                .execute(Tuple.of(currentKeyId))
                .map(rows -> {
                    List<String> keys = new ArrayList<>();
                    rows.forEach(r -> keys.add(r.getString("verifier_key")));
                    return keys;
                });
    }

    /** Records a signing key so entries and checkpoints naming its ID can be verified later. */
    public Future<Void> registerKey(NoteVerifier key) {
        return client.preparedQuery("INSERT INTO ledger_keys (key_id, name, public_key, verifier_key) VALUES ($1, $2, $3, $4)"
                        + " ON CONFLICT (key_id) DO NOTHING")
                .execute(Tuple.of(key.keyIdHex(), key.name(), Buffer.buffer(key.publicKey().getEncoded()),
                        key.verifierKey()))
                .mapEmpty();
    }

    /** Every known key's verifier, by key ID. */
    public Future<Map<String, NoteVerifier>> keys() {
        return client.query("SELECT key_id, verifier_key FROM ledger_keys").execute().map(rows -> {
            Map<String, NoteVerifier> keys = new HashMap<>();
            for (Row row : rows) {
                try {
                    keys.put(row.getString("key_id"), NoteVerifier.parse(row.getString("verifier_key")));
                } catch (Exception e) {
                    throw new StorageException("stored key " + row.getString("key_id") + " is unreadable: " + e.getMessage(), e);
                }
            }
            return keys;
        });
    }

    private static Map<NodeId, byte[]> nodeMap(RowSet<Row> rows) {
        Map<NodeId, byte[]> found = new HashMap<>(rows.size() * 2);
        for (Row row : rows) {
            found.put(new NodeId(row.getShort("level"), row.getLong("idx")), row.getBuffer("hash").getBytes());
        }
        return found;
    }

    /** A row of {@code SELECT idx, leaf, leaf_hash}; by position, not name (an audit reads millions). */
    static StoredEntry entry(Row row) {
        return new StoredEntry(row.getLong(0), row.getBuffer(1).getBytes(), row.getBuffer(2).getBytes());
    }

    static List<StoredEntry> entries(RowSet<Row> rows) {
        List<StoredEntry> list = new ArrayList<>(rows.size());
        rows.forEach(r -> list.add(entry(r)));
        return list;
    }

    static StoredCheckpoint checkpoint(Row row) {
        return new StoredCheckpoint(row.getLong("size"), row.getBuffer("root").getBytes(), row.getString("note"),
                row.getString("key_id"));
    }
}
