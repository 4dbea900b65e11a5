package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.custodyledger.merkle.NodeId;
import org.junit.jupiter.api.Test;

/** The proof node cache answers what it holds, names what it lacks, and stays within its bound, least recently used out. */
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
    void evictsTheLeastRecentlyUsedBeyondItsBound() {
        ImmutableNodes cache = new ImmutableNodes(2);
        cache.remember(Map.of(new NodeId(5, 0), hash(1)));
        cache.remember(Map.of(new NodeId(0, 1), hash(2)));
        cache.cached(List.of(new NodeId(5, 0)), new ArrayList<>()); // the upper node is used again
        cache.remember(Map.of(new NodeId(0, 2), hash(3)));
        assertEquals(2, cache.size());
        List<NodeId> missing = new ArrayList<>();
        cache.cached(List.of(new NodeId(5, 0), new NodeId(0, 1), new NodeId(0, 2)), missing);
        assertEquals(List.of(new NodeId(0, 1)), missing);
    }
}
