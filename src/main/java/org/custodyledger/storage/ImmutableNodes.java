package org.custodyledger.storage;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.merkle.NodeId;

/**
 * Tree nodes already read, kept for the next proof: a stored node never changes (tree_nodes and
 * log_entries, whose leaf hashes are the level-0 nodes, are append-only in the database), so a
 * cached hash is always the stored one. Only nodes read from the table go in, never an absence.
 * Thread-safe (event loops share it).
 *
 * <p>Direct-mapped over two flat arrays: each node has one slot, and a node read later replaces
 * whatever its slot held. The upper levels, which every proof of a tree shares, are read again at
 * once if displaced. Flat arrays, not a map of objects, because the garbage collector copies and
 * scans what a map holds: an LRU map of 131,072 nodes, churned by random proofs, made every young
 * collection copy the nodes read since the last one and scan the map's links, 20-35 ms pauses
 * that all concurrent proofs waited out (the p99 with 8 clients). Here a hit allocates only the
 * 32-byte copy it returns, and nothing the cache holds ever moves.
 */
final class ImmutableNodes {
    /** Slots (a power of two): 4 MiB of hashes, 1.1 MiB of coordinates. */
    static final int DEFAULT_CAPACITY = 131_072;
    private static final int HASH_BYTES = 32;
    private static final byte EMPTY = -1; // no node's level

    private final byte[] levels;
    private final long[] indexes;
    private final byte[] hashes;
    private final int mask;
    private int occupied;

    /** A cache of {@code capacity} slots, rounded up to a power of two. */
    ImmutableNodes(int capacity) {
        if (capacity < 1 || capacity > 1 << 25) { // 2^26 slots of 32 bytes would overflow an array's int size
            throw new IllegalArgumentException("capacity must be 1 to 2^25 slots, got " + capacity);
        }
        int slots = Integer.highestOneBit(capacity) == capacity ? capacity : Integer.highestOneBit(capacity) << 1;
        levels = new byte[slots];
        Arrays.fill(levels, EMPTY);
        indexes = new long[slots];
        hashes = new byte[slots * HASH_BYTES];
        mask = slots - 1;
    }

    /** The cached hashes of those of {@code ids} that are cached; the rest are added to {@code missing}. */
    synchronized Map<NodeId, byte[]> cached(Collection<NodeId> ids, List<NodeId> missing) {
        Map<NodeId, byte[]> found = new HashMap<>(ids.size() * 2);
        for (NodeId id : ids) {
            int slot = slot(id);
            if (levels[slot] == id.level() && indexes[slot] == id.index()) {
                int at = slot * HASH_BYTES;
                found.put(id, Arrays.copyOfRange(hashes, at, at + HASH_BYTES));
            } else {
                missing.add(id);
            }
        }
        return found;
    }

    /** Remembers nodes just read from the table, each in its slot. */
    synchronized void remember(Map<NodeId, byte[]> read) {
        read.forEach((id, hash) -> {
            if (hash.length != HASH_BYTES) {
                throw new IllegalArgumentException("node " + id + " has " + hash.length + " bytes, not " + HASH_BYTES);
            }
            int slot = slot(id);
            if (levels[slot] == EMPTY) {
                occupied++;
            }
            levels[slot] = (byte) id.level();
            indexes[slot] = id.index();
            System.arraycopy(hash, 0, hashes, slot * HASH_BYTES, HASH_BYTES);
        });
    }

    /** Nodes held (at most the slot count). */
    synchronized int size() {
        return occupied;
    }

    private int slot(NodeId id) {
        return id.hashCode() & mask; // NodeId's hash already mixes level and index
    }
}
