package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.merkle.NodeId;
import org.junit.jupiter.api.Test;

/** The proof node cache answers what it holds, names what it lacks, and holds a node in one slot of a bounded table, a later node replacing it. */
class ImmutableNodesTest {
    private static byte[] hash(int b) {
        byte[] h = new byte[32];
        h[0] = (byte) b;
        return h;
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
    void staysWithinItsSlotsAndNeverConfusesTwoNodes() {
        ImmutableNodes cache = new ImmutableNodes(100); // 128 slots
        Map<NodeId, byte[]> read = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            read.put(new NodeId(i % 7, i * 31L), hash(i));
        }
        cache.remember(read);
        assertTrue(cache.size() <= 128, "held " + cache.size());
        List<NodeId> missing = new ArrayList<>();
        Map<NodeId, byte[]> found = cache.cached(read.keySet(), missing);
        assertEquals(1000, found.size() + missing.size());
        assertTrue(found.size() >= 64, "kept only " + found.size());
        found.forEach((id, h) -> assertArrayEquals(read.get(id), h, "the hash cached for " + id));
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
