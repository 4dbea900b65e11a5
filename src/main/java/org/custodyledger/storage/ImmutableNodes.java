package org.custodyledger.storage;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.merkle.NodeId;

/**
 * Tree nodes already read, kept for the next proof: a stored node never changes (tree_nodes and
 * log_entries, whose leaf hashes are the level-0 nodes, are append-only in the database), so a
 * cached hash is always the stored one. Bounded, least
 * recently used out first; the upper levels, which every proof of a tree shares, stay. Only
 * nodes read from the table go in, never an absence. Thread-safe (event loops share it).
 */
final class ImmutableNodes {
    /** About 130 bytes a node with the map's entry: ~17 MB at this size. */
    static final int DEFAULT_CAPACITY = 131_072;

    private final Map<NodeId, byte[]> nodes;

    ImmutableNodes(int capacity) {
        nodes = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<NodeId, byte[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached hashes of those of {@code ids} that are cached; the rest are added to {@code missing}. */
    synchronized Map<NodeId, byte[]> cached(Collection<NodeId> ids, List<NodeId> missing) {
        Map<NodeId, byte[]> found = new LinkedHashMap<>(ids.size() * 2);
        for (NodeId id : ids) {
            byte[] h = nodes.get(id);
            if (h != null) {
                found.put(id, h);
            } else {
                missing.add(id);
            }
        }
        return found;
    }

    /** Remembers nodes just read from the table (callers never modify the arrays). */
    synchronized void remember(Map<NodeId, byte[]> read) {
        nodes.putAll(read);
    }

    synchronized int size() {
        return nodes.size();
    }
}
