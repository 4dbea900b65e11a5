package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.custodyledger.merkle.NodeId;
import org.custodyledger.merkle.ProofNodes;
import org.custodyledger.merkle.Proofs;
import org.custodyledger.note.KeyPeriod;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.note.StoredCheckpoint;

/** Reads of the log: head, entries, checkpoints, keys, and proofs from O(log n) stored nodes. */
public final class LedgerStore {
    /** Node reads in flight at once from the pool; more wait and go together when one returns. */
    static final int COALESCED_READS_IN_FLIGHT = 2;
    /** Null in a store bound to one snapshot's connection. */
    private final Pool pool;
    private final SqlClient client;
    /** Nodes already read: proofs of one tree share their upper levels, and no stored node ever changes. */
    private final ImmutableNodes nodes;
    /** The rest of a proof's nodes: from the pool, concurrent proofs' reads go as one statement; in a snapshot, its own. */
    private final StoredTree.NodeSource nodeSource;

    public LedgerStore(Pool pool) {
        this(pool, pool, new ImmutableNodes(ImmutableNodes.DEFAULT_CAPACITY),
                new CoalescedNodeReads(ids -> StoredTree.storedNodes(pool, ids), COALESCED_READS_IN_FLIGHT)::read);
    }

    private LedgerStore(Pool pool, SqlClient client, ImmutableNodes nodes, StoredTree.NodeSource nodeSource) {
        this.pool = pool;
        this.client = client;
        this.nodes = nodes;
        this.nodeSource = nodeSource;
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
                .compose(v -> reads.apply(new LedgerStore(null, conn, nodes, ids -> StoredTree.storedNodes(conn, ids)))));
    }

    public Future<LogHead> head() {
        return StoredTree.head(client, false);
    }

    /** The inclusion proof of {@code index} in the tree of {@code treeSize}; both must be in range of the head. */
    public Future<List<byte[]>> inclusionProof(long index, long treeSize) {
        ProofNodes plan = Proofs.inclusion(index, treeSize);
        return StoredTree.nodes(nodeSource, plan.ids(), nodes).map(plan::rehash);
    }

    /** An entry's leaf hash and its inclusion proof. */
    public record InclusionPath(byte[] leafHash, List<byte[]> hashes) {
    }

    /**
     * The leaf hash of {@code index} (its level-0 node, written with the entry) and its inclusion
     * proof in the tree of {@code treeSize}, from at most one query; null if the entry is not stored.
     */
    public Future<InclusionPath> inclusionPath(long index, long treeSize) {
        ProofNodes plan = Proofs.inclusion(index, treeSize);
        NodeId leaf = new NodeId(0, index);
        List<NodeId> ids = new ArrayList<>(plan.ids());
        ids.add(leaf);
        return StoredTree.storedNodes(nodeSource, ids, nodes).map(found -> {
            byte[] leafHash = found.get(leaf);
            if (leafHash == null) {
                return null;
            }
            return new InclusionPath(leafHash, plan.rehash(StoredTree.inOrder(plan.ids(), found)));
        });
    }

    /** The consistency proof between two tree sizes of this log. */
    public Future<List<byte[]>> consistencyProof(long from, long to) {
        ProofNodes plan = Proofs.consistency(from, to);
        return StoredTree.nodes(nodeSource, plan.ids(), nodes).map(plan::rehash);
    }

    /** The entry at {@code index}, or null. */
    public Future<StoredEntry> entry(long index) {
        return client.preparedQuery(LogSql.SELECT_ENTRY)
                .execute(Tuple.of(index))
                .map(rows -> rows.size() == 0 ? null : LogSql.entry(rows.iterator().next()));
    }

    /** Entries of one footage, in log order. */
    public Future<List<StoredEntry>> entriesOfFootage(String footageId) {
        return client.preparedQuery(LogSql.SELECT_ENTRIES_OF_FOOTAGE)
                .execute(Tuple.of(footageId))
                .map(LogSql::entries);
    }

    /** At most {@code limit} entries of one footage after log index {@code afterIndex}, in log order. */
    public Future<List<StoredEntry>> entriesOfFootage(String footageId, long afterIndex, int limit) {
        return client.preparedQuery(LogSql.SELECT_ENTRIES_OF_FOOTAGE_AFTER)
                .execute(Tuple.of(footageId, afterIndex, limit))
                .map(LogSql::entries);
    }

    /** At most {@code limit} entries with index in [fromIndex, toIndex), in index order (an audit's page). */
    public Future<List<StoredEntry>> entriesBetween(long fromIndex, long toIndex, int limit) {
        return client.preparedQuery(LogSql.SELECT_ENTRIES_BETWEEN)
                .execute(Tuple.of(fromIndex, toIndex, limit))
                .map(LogSql::entries);
    }

    /** How many entries are stored (a verification compares it with the head read in the same snapshot). */
    public Future<Long> entryCount() {
        return client.query(LogSql.COUNT_ENTRIES).execute().map(rows -> rows.iterator().next().getLong(0));
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
        return client.preparedQuery(LogSql.COUNT_TREE_ROWS)
                .execute(Tuple.of(treeSize))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new TreeRows(r.getLong(1), r.getLong(0), r.getLong(3), r.getLong(2), r.getLong(4));
                });
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
        return client.preparedQuery(LogSql.SELECT_NODE_RUN)
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
        Map<Long, ProofNodes> plans = new LinkedHashMap<>();
        Set<NodeId> all = new HashSet<>();
        for (long index : indexes) {
            ProofNodes plan = Proofs.inclusion(index, treeSize);
            plans.put(index, plan);
            all.addAll(plan.ids());
        }
        return StoredTree.storedNodes(nodeSource, all, nodes).map(found -> {
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

    /** The first entry of a footage (its registration), or null. */
    public Future<StoredEntry> firstEntryOfFootage(String footageId) {
        return client.preparedQuery(LogSql.SELECT_FIRST_ENTRY_OF_FOOTAGE)
                .execute(Tuple.of(footageId))
                .map(rows -> rows.size() == 0 ? null : LogSql.entry(rows.iterator().next()));
    }

    /** The first checkpoint whose tree includes entry {@code index} (the one its append was answered with), or null. */
    public Future<StoredCheckpoint> firstCheckpointIncluding(long index) {
        return StoredCheckpoints.firstIncluding(client, index);
    }

    /** When the latest checkpoint was stored (null on a log without one): one index look-up. */
    public Future<Instant> latestCheckpointTime() {
        return StoredCheckpoints.latestTime(client);
    }

    public Future<StoredCheckpoint> latestCheckpoint() {
        return StoredCheckpoints.latest(client);
    }

    /** Whether the log signed a checkpoint of exactly {@code size} (a witness can only have cosigned those). */
    public Future<Boolean> signedCheckpointOfSize(long size) {
        return StoredCheckpoints.exists(client, size);
    }

    /** Every stored checkpoint, smallest tree first. */
    public Future<List<StoredCheckpoint>> checkpoints() {
        return checkpointsUpTo(Long.MAX_VALUE);
    }

    /** The stored checkpoints of trees of at most {@code maxSize} entries, smallest tree first. */
    public Future<List<StoredCheckpoint>> checkpointsUpTo(long maxSize) {
        return StoredCheckpoints.upTo(client, maxSize);
    }

    /** Verifier-key lines of every signing key, {@code currentKeyId} first, then newest first. */
    public Future<List<String>> verifierKeys(String currentKeyId) {
        return LedgerKeys.verifierLines(client, currentKeyId);
    }

    /** Records a signing key so entries and checkpoints naming its ID can be verified later. */
    public Future<Void> registerKey(NoteVerifier key) {
        return LedgerKeys.register(client, key);
    }

    /** Every signing key with the log indexes it was current for, in the order they became current. */
    public Future<List<KeyPeriod>> keyHistory() {
        return LedgerKeys.history(client);
    }

    /** Revokes a key from entry {@code fromSize} on; answers the revocation recorded (an earlier one stays). */
    public Future<Long> revokeKey(String keyId, long fromSize) {
        return LedgerKeys.revoke(client, keyId, fromSize);
    }

    /** Every known key's verifier, by key ID. */
    public Future<Map<String, NoteVerifier>> keys() {
        return LedgerKeys.all(client);
    }
}
