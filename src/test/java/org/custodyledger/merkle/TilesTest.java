package org.custodyledger.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tile arithmetic against the c2sp.org/tlog-tiles examples and golang.org/x/mod/sumdb/tlog's NewTiles. */
class TilesTest {
    private static final int SIZE = 70_000;
    private static final Map<NodeId, byte[]> nodes = new HashMap<>();
    private static final List<byte[]> leafHashes = new ArrayList<>();

    @BeforeAll
    static void buildTree() {
        CompactRange range = new CompactRange();
        for (int i = 0; i < SIZE; i++) {
            byte[] leaf = Rfc6962.hashLeaf(("leaf " + i).getBytes(StandardCharsets.UTF_8));
            leafHashes.add(leaf);
            range.append(leaf, nodes::put);
        }
    }

    @Test
    void treeOf70000HasTheSpecsTiles() {
        List<Tile> want = new ArrayList<>();
        for (long n = 0; n < 273; n++) {
            want.add(Tile.full(0, n));
        }
        want.add(new Tile(0, 273, 112));
        want.add(Tile.full(1, 0));
        want.add(new Tile(1, 1, 17));
        want.add(new Tile(2, 0, 1));
        assertEquals(want, Tiles.forSize(70_000));
    }

    @Test
    void treeOf256HasOneFullTileAndAPartialLevel1Tile() {
        assertEquals(List.of(Tile.full(0, 0), new Tile(1, 0, 1)), Tiles.forSize(256));
        assertEquals(List.of(), Tiles.forSize(0));
        assertEquals(List.of(new Tile(0, 0, 1)), Tiles.forSize(1));
    }

    @Test
    void largestTreeEndsWithAPartialLevel7Tile() {
        List<Tile> top = Tiles.added(Long.MAX_VALUE - 1, Long.MAX_VALUE);
        assertEquals(new Tile(0, Long.MAX_VALUE >>> 8, 255), top.get(0));
        assertTrue(Tiles.existsAt(new Tile(7, 0, 127), Long.MAX_VALUE));
        assertFalse(Tiles.existsAt(Tile.full(8, 0), Long.MAX_VALUE));
        assertFalse(Tiles.existsAt(new Tile(63, 0, 1), Long.MAX_VALUE));
    }

    @Test
    void addedTilesAreTheNewSizesTilesTheOldSizeLacks() {
        assertEquals(List.of(new Tile(0, 0, 101)), Tiles.added(100, 101));
        assertEquals(List.of(Tile.full(0, 0), new Tile(1, 0, 1)), Tiles.added(255, 256));
        assertEquals(List.of(new Tile(0, 1, 1)), Tiles.added(256, 257));
        assertEquals(List.of(), Tiles.added(300, 300));
        long[] sizes = {0, 1, 2, 255, 256, 257, 511, 512, 65_535, 65_536, 65_537, 70_000, 16_777_216, 49_516_517, 49_516_586};
        // Each size's tiles once: the largest sizes have ~200,000 tiles, and recomputing them per pair
        // made this test take minutes on a loaded machine.
        Map<Long, Set<Tile>> tilesOf = new HashMap<>();
        for (long size : sizes) {
            tilesOf.put(size, new HashSet<>(Tiles.forSize(size)));
        }
        for (long oldSize : sizes) {
            for (long newSize : sizes) {
                if (newSize < oldSize) {
                    continue;
                }
                Set<Tile> want = new HashSet<>(tilesOf.get(newSize));
                want.removeAll(tilesOf.get(oldSize));
                List<Tile> got = Tiles.added(oldSize, newSize);
                assertEquals(want, new HashSet<>(got), oldSize + " -> " + newSize);
                assertEquals(want.size(), got.size(), "no duplicates " + oldSize + " -> " + newSize);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tiles.added(5, 4));
        assertEquals("sizes must satisfy 0 <= oldSize <= newSize: 5, 4", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tiles.added(-1, 4));
    }

    @Test
    void existsAtAgreesWithForSize() {
        for (long size = 0; size <= 1_100; size += size < 600 ? 1 : 37) {
            Set<Tile> tiles = new HashSet<>(Tiles.forSize(size));
            for (int level = 0; level <= 2; level++) {
                for (long index = 0; index <= 5; index++) {
                    for (int width = 1; width <= Tile.FULL_WIDTH; width++) {
                        Tile t = new Tile(level, index, width);
                        assertEquals(tiles.contains(t), Tiles.existsAt(t, size), t + " at size " + size);
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Tiles.existsAt(Tile.full(0, 0), -1));
    }

    @Test
    void sizesWithATileAgreeWithExistsAt() {
        for (int level = 0; level <= 1; level++) {
            for (long index = 0; index <= 2; index++) {
                for (int width : new int[] {1, 2, 17, 112, 255, 256}) {
                    Tile t = new Tile(level, index, width);
                    Tiles.SizeRange range = Tiles.sizesWith(t);
                    for (long size = 0; size <= 3 * 65_536 + 300; size += size < 2_000 ? 1 : 97) {
                        assertEquals(Tiles.existsAt(t, size), range.contains(size), t + " at " + size + " in " + range);
                    }
                }
            }
        }
        assertEquals(new Tiles.SizeRange(273 * 256 + 112, 273 * 256 + 113), Tiles.sizesWith(new Tile(0, 273, 112)));
        assertEquals(new Tiles.SizeRange(17 * 256, 18 * 256), Tiles.sizesWith(new Tile(1, 0, 17)));
        assertEquals(new Tiles.SizeRange(65_536, Long.MAX_VALUE), Tiles.sizesWith(Tile.full(1, 0)));
        assertTrue(Tiles.sizesWith(Tile.full(7, 0)).isEmpty());
        assertTrue(Tiles.sizesWith(new Tile(8, 0, 1)).isEmpty());
        Tiles.SizeRange top = Tiles.sizesWith(new Tile(7, 0, 127));
        assertEquals(127L << 56, top.first());
        assertTrue(top.contains(Long.MAX_VALUE));
        assertTrue(Tiles.existsAt(new Tile(7, 0, 127), Long.MAX_VALUE));
    }

    @Test
    void earlierPartialTilesAreCompleteButNotTilesOfTheCurrentSize() {
        Tile earlier = new Tile(0, 273, 100);
        assertTrue(Tiles.isComplete(earlier, 70_000));
        assertFalse(Tiles.existsAt(earlier, 70_000));
        assertTrue(Tiles.existsAt(earlier, 273 * 256 + 100));
        assertFalse(Tiles.isComplete(new Tile(0, 273, 113), 70_000));
        assertFalse(Tiles.isComplete(Tile.full(0, 273), 70_000));
        assertTrue(Tiles.isComplete(Tile.full(0, 272), 70_000));
        assertFalse(Tiles.isComplete(new Tile(0, 274, 1), 70_000));
        assertFalse(Tiles.isComplete(new Tile(9, 0, 1), Long.MAX_VALUE));
    }

    @Test
    void tileNodesAreOneRangeOfStoredNodes() {
        Tile t = new Tile(1, 1, 17);
        assertEquals(8, t.nodeLevel());
        assertEquals(256, t.firstNodeIndex());
        assertEquals(273, t.endNodeIndex());
        List<NodeId> ids = t.nodes();
        assertEquals(17, ids.size());
        assertEquals(new NodeId(8, 256), ids.get(0));
        assertEquals(new NodeId(8, 272), ids.get(16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tile.full(8, 0).nodes());
        assertEquals("tile level 8 is above any node of a 63-level tree", e.getMessage());
    }

    @Test
    void tileBytesFromStoredNodesMatchTheTreeAtEveryLevel() {
        Map<Tile, byte[]> data = new HashMap<>();
        for (Tile t : Tiles.forSize(SIZE)) {
            List<byte[]> hashes = new ArrayList<>();
            for (NodeId id : t.nodes()) {
                byte[] h = nodes.get(id);
                assertTrue(h != null, "node " + id + " of " + t.path() + " is stored");
                hashes.add(h);
            }
            byte[] bytes = Tiles.tileBytes(t, hashes);
            assertEquals(t.width() * 32, bytes.length);
            List<byte[]> back = Tiles.hashesOf(t, bytes);
            for (int i = 0; i < hashes.size(); i++) {
                assertArrayEquals(hashes.get(i), back.get(i));
            }
            data.put(t, bytes);
        }
        // Level 0 holds the leaf hashes; each hash above is the Merkle hash of a full tile below.
        for (Tile t : Tiles.forSize(SIZE)) {
            List<byte[]> hashes = Tiles.hashesOf(t, data.get(t));
            for (int i = 0; i < t.width(); i++) {
                byte[] want = t.level() == 0
                        ? leafHashes.get((int) (t.firstNodeIndex() + i))
                        : Tiles.fullTileHash(Tiles.hashesOf(Tile.full(t.level() - 1, t.firstNodeIndex() + i),
                                data.get(Tile.full(t.level() - 1, t.firstNodeIndex() + i))));
                assertArrayEquals(want, hashes.get(i), t.path() + " hash " + i);
            }
        }
    }

    @Test
    void tileBytesRefuseWrongCountsAndLengths() {
        Tile t = new Tile(0, 0, 2);
        byte[] h = new byte[32];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tiles.tileBytes(t, List.of(h)));
        assertEquals("tile tile/0/000.p/2 has 2 hashes, got 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tiles.tileBytes(t, List.of(h, new byte[31])));
        assertEquals("hash 1 of tile tile/0/000.p/2 has 31 bytes, want 32", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tiles.hashesOf(t, new byte[65]));
        assertEquals("tile tile/0/000.p/2 must be 64 bytes, got 65", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tiles.hashesOf(Tile.full(0, 0), new byte[8191]));
        assertThrows(IllegalArgumentException.class, () -> Tiles.fullTileHash(List.of(h)));
    }

    @Test
    void tileCoordinatesAreChecked() {
        assertEquals("tile width must be in 1..256, got 0",
                assertThrows(IllegalArgumentException.class, () -> new Tile(0, 0, 0)).getMessage());
        assertEquals("tile width must be in 1..256, got 257",
                assertThrows(IllegalArgumentException.class, () -> new Tile(0, 0, 257)).getMessage());
        assertEquals("tile level must be in 0..63, got 64",
                assertThrows(IllegalArgumentException.class, () -> new Tile(64, 0, 1)).getMessage());
        assertEquals("tile level must be in 0..63, got -1",
                assertThrows(IllegalArgumentException.class, () -> new Tile(-1, 0, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Tile(0, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Tile(0, Tile.MAX_INDEX + 1, 1));
        assertThrows(IllegalStateException.class, () -> Tile.full(1, 0).entriesPath());
    }
}
