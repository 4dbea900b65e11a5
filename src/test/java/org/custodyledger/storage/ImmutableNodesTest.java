package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.merkle.NodeId;
import org.junit.jupiter.api.Test;

/** The proof node cache answers what it holds, names what it lacks, and holds a node in one slot of a bounded table, a later node replacing it. */
class ImmutableNodesTest {
    /** 32 distinct bytes per value: a cache that kept only part of a hash, or swapped two, shows. */
    private static byte[] hash(long value) {
        return Sha256Hasher.hash(Long.toString(value).getBytes(StandardCharsets.US_ASCII)).bytes();
    }

    @Test
    void answersWhatItHoldsAndNamesTheRest() {
        ImmutableNodes cache = new ImmutableNodes(10);
        cache.remember(Map.of(new NodeId(3, 1), hash(1), new NodeId(0, 7), hash(2)));
        List<NodeId> missing = new ArrayList<>();
        Map<NodeId, byte[]> found = cache.cached(List.of(new NodeId(0, 7), new NodeId(1, 7), new NodeId(3, 1)), missing);
        assertEquals(List.of(new NodeId(1, 7)), missing);
        assertArrayEquals(hash(2), found.get(new NodeId(0, 7)));
        assertArrayEquals(hash(1), found.get(new NodeId(3, 1)));
        assertEquals(2, found.size());
    }

    @Test
    void aNodeReadLaterReplacesTheOneInItsSlot() {
        ImmutableNodes cache = new ImmutableNodes(1); // one slot: every node shares it
        cache.remember(Map.of(new NodeId(5, 0), hash(1)));
        cache.remember(Map.of(new NodeId(0, 1), hash(2)));
        assertEquals(1, cache.size());
        List<NodeId> missing = new ArrayList<>();
        Map<NodeId, byte[]> found = cache.cached(List.of(new NodeId(5, 0), new NodeId(0, 1)), missing);
        assertEquals(List.of(new NodeId(5, 0)), missing);
        assertArrayEquals(hash(2), found.get(new NodeId(0, 1)));
    }

    @Test
    void fillsExactlyItsSlotsAndNeverConfusesTwoNodes() {
        ImmutableNodes cache = new ImmutableNodes(100); // rounded up to 128 slots
        Map<NodeId, byte[]> read = new HashMap<>();
        for (int i = 0; i < 5000; i++) {
            read.put(new NodeId(i % 7, i * 31L), hash(i));
        }
        cache.remember(read);
        assertEquals(128, cache.size());
        List<NodeId> missing = new ArrayList<>();
        Map<NodeId, byte[]> found = cache.cached(read.keySet(), missing);
        assertEquals(128, found.size());
        assertEquals(5000 - 128, missing.size());
        found.forEach((id, h) -> assertArrayEquals(read.get(id), h, "the hash cached for " + id));
    }

    @Test
    void threadsReadingAndRememberingAtOnceAlwaysGetTheStoredHash() throws Exception {
        ImmutableNodes cache = new ImmutableNodes(64); // few slots: every thread overwrites the others' nodes
        List<NodeId> ids = new ArrayList<>();
        Map<NodeId, byte[]> stored = new HashMap<>();
        for (int i = 0; i < 512; i++) {
            NodeId id = new NodeId(i % 5, i);
            ids.add(id);
            stored.put(id, hash(i));
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> hits = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                hits.add(threads.submit(() -> {
                    int checked = 0;
                    for (int round = 0; round < 100_000; round++) {
                        NodeId id = ids.get((round * 7 + seed * 131) % ids.size());
                        Map<NodeId, byte[]> got = cache.cached(List.of(id), new ArrayList<>());
                        if (got.isEmpty()) {
                            cache.remember(Map.of(id, stored.get(id)));
                        } else {
                            assertArrayEquals(stored.get(id), got.get(id), id.toString());
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            int checked = 0;
            for (Future<Integer> h : hits) {
                checked += h.get(60, TimeUnit.SECONDS);
            }
            assertTrue(checked > 0, "some reads were answered from the cache");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void nodesAtTheSameIndexOnDifferentLevelsAreDifferentNodes() {
        ImmutableNodes cache = new ImmutableNodes(1);
        cache.remember(Map.of(new NodeId(0, 3), hash(1)));
        List<NodeId> missing = new ArrayList<>();
        assertTrue(cache.cached(List.of(new NodeId(1, 3)), missing).isEmpty());
        assertEquals(List.of(new NodeId(1, 3)), missing);
    }

    @Test
    void returnsCopiesTheCallerCannotCorrupt() {
        ImmutableNodes cache = new ImmutableNodes(8);
        cache.remember(Map.of(new NodeId(2, 2), hash(9)));
        cache.cached(List.of(new NodeId(2, 2)), new ArrayList<>()).get(new NodeId(2, 2))[0] = 0;
        assertArrayEquals(hash(9), cache.cached(List.of(new NodeId(2, 2)), new ArrayList<>()).get(new NodeId(2, 2)));
    }
}
