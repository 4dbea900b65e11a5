package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.merkle.NodeId;
import org.custodyledger.merkle.Proofs;

/** The stored tree: the head row, tree nodes by id, and the compact range at the head. */
final class StoredTree {
    private StoredTree() {
    }

    /** The log head; {@code forUpdate} locks its row until the transaction ends (a batch's writer lock). */
    static Future<LogHead> head(SqlClient client, boolean forUpdate) {
        // Prepared, though it binds nothing: sent as a simple query, PostgreSQL parsed and planned
        // it again for every batch (BENCHMARKS.md, issue 22's fifth session).
        return client.preparedQuery(forUpdate ? LogSql.SELECT_HEAD_FOR_UPDATE : LogSql.SELECT_HEAD)
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
        return storedNodes(client, ids).map(found -> inOrder(ids, found));
    }

    /** The hashes of {@code ids} in their order; fails on the first one {@code found} lacks. */
    static List<byte[]> inOrder(List<NodeId> ids, Map<NodeId, byte[]> found) {
        List<byte[]> hashes = new ArrayList<>(ids.size());
        for (NodeId id : ids) {
            byte[] h = found.get(id);
            if (h == null) {
                throw new StorageException("tree node (" + id.level() + ", " + id.index() + ") is not stored");
            }
            hashes.add(h);
        }
        return hashes;
    }

    /** Where stored nodes are read from: a statement of one client's, or {@link CoalescedNodeReads}. */
    interface NodeSource {
        /** The stored hashes of those of {@code ids} that are stored; missing ones are absent from the map. */
        Future<Map<NodeId, byte[]>> read(Collection<NodeId> ids);
    }

    /** {@link #nodes(SqlClient, List)} answering what it can from {@code cache}, reading only the rest (if any). */
    static Future<List<byte[]>> nodes(NodeSource source, List<NodeId> ids, ImmutableNodes cache) {
        return storedNodes(source, ids, cache).map(found -> inOrder(ids, found));
    }

    /** {@link NodeSource#read} answering what it can from {@code cache}, remembering what it reads. */
    static Future<Map<NodeId, byte[]>> storedNodes(NodeSource source, Collection<NodeId> ids, ImmutableNodes cache) {
        List<NodeId> missing = new ArrayList<>();
        Map<NodeId, byte[]> found = cache.cached(ids, missing);
        if (missing.isEmpty()) {
            return Future.succeededFuture(found);
        }
        return source.read(missing).map(read -> {
            cache.remember(read);
            found.putAll(read);
            return found;
        });
    }

    /** The stored hashes of those nodes that are stored; missing ones are absent from the map. */
    static Future<Map<NodeId, byte[]>> storedNodes(SqlClient client, Collection<NodeId> ids) {
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
        return client.preparedQuery(LogSql.SELECT_NODES)
                .execute(Tuple.tuple().addValue(levels).addValue(indexes))
                .map(rows -> {
                    Map<NodeId, byte[]> found = new HashMap<>(rows.size() * 2);
                    for (Row row : rows) {
                        found.put(new NodeId(row.getShort("level"), row.getLong("idx")), row.getBuffer("hash").getBytes());
                    }
                    return found;
                });
    }

    /** The compact range at {@code head}, from its stored nodes; fails if they do not hash to the head's root. */
    static Future<CompactRange> loadRange(SqlClient client, LogHead head) {
        return nodes(client, Proofs.rangeNodes(0, head.size())).map(hashes -> {
            CompactRange range = new CompactRange(head.size(), hashes);
            if (!Arrays.equals(range.root(), head.root())) {
                throw new StorageException("stored tree nodes do not hash to the log head's root at size " + head.size()
                        + ": refusing to extend a tree that disagrees with itself");
            }
            return range;
        });
    }
}
