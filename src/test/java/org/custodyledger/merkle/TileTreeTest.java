package org.custodyledger.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The monitor's decision: roots from tiles equal CompactRange roots; any changed hash is named. */
class TileTreeTest {
    /** A log built with CompactRange: its roots at every size and every node it completed. */
    static final class Log {
        final Map<NodeId, byte[]> nodes = new HashMap<>();
        final List<byte[]> roots = new ArrayList<>();
        final List<List<byte[]>> ranges = new ArrayList<>();

        Log(int size, String prefix) {
            CompactRange range = new CompactRange();
            roots.add(range.root());
            ranges.add(range.hashes());
            for (int i = 0; i < size; i++) {
                range.append(Rfc6962.hashLeaf((prefix + i).getBytes(StandardCharsets.UTF_8)), nodes::put);
                roots.add(range.root());
                ranges.add(range.hashes());
            }
        }

        /** The bytes of the tiles a tile server publishes going from {@code from} to {@code to}. */
        Map<Tile, byte[]> tiles(long from, long to) {
            Map<Tile, byte[]> out = new HashMap<>();
            for (Tile t : Tiles.added(from, to)) {
                out.put(t, Tiles.tileBytes(t, t.nodes().stream().map(nodes::get).toList()));
            }
            return out;
        }

        TileTree.Step step(int from, int to) {
            return TileTree.extend(from, roots.get(from), ranges.get(from), to, roots.get(to), tiles(from, to));
        }
    }

    static final Log LOG = new Log(66_000, "leaf-");

    @Test
    void rootsFromAllTilesEqualCompactRangeRootsForManySizes() {
        long[] sizes = {1, 2, 3, 7, 8, 255, 256, 257, 511, 512, 513, 1000, 65_535, 65_536, 65_537, 65_999};
        for (long size : sizes) {
            TileTree.Step step = LOG.step(0, (int) size);
            assertTrue(step.isVerified(), size + ": " + step);
            assertArrayEquals(LOG.roots.get((int) size), new CompactRange(size, ((TileTree.Verified) step).range()).root());
        }
        for (int size = 1; size <= 600; size++) {
            assertTrue(LOG.step(0, size).isVerified(), "size " + size);
        }
    }

    @Test
    void stepsBetweenSizesVerifyWithOnlyTheAddedTiles() {
        int[][] steps = {{1, 2}, {3, 300}, {255, 256}, {256, 257}, {300, 310}, {300, 600}, {511, 65_536},
                {65_536, 65_537}, {1000, 65_999}, {65_535, 65_600}, {5, 5}};
        for (int[] s : steps) {
            TileTree.Step step = LOG.step(s[0], s[1]);
            assertTrue(step.isVerified(), s[0] + " -> " + s[1] + ": " + step);
            assertEquals(LOG.ranges.get(s[1]).stream().map(Base64.getEncoder()::encodeToString).toList(),
                    ((TileTree.Verified) step).range().stream().map(Base64.getEncoder()::encodeToString).toList());
        }
    }

    @Test
    void everyFlippedTileHashIsCaught() {
        for (int[] s : new int[][] {{0, 600}, {300, 600}, {300, 310}, {511, 65_537}}) {
            Map<Tile, byte[]> tiles = LOG.tiles(s[0], s[1]);
            for (Tile t : tiles.keySet()) {
                for (int at = 0; at < t.width(); at += Math.max(1, t.width() / 5)) {
                    Map<Tile, byte[]> bad = new HashMap<>(tiles);
                    byte[] data = tiles.get(t).clone();
                    data[at * 32 + 5] ^= 1;
                    bad.put(t, data);
                    TileTree.Step step = TileTree.extend(s[0], LOG.roots.get(s[0]), LOG.ranges.get(s[0]),
                            s[1], LOG.roots.get(s[1]), bad);
                    assertFalse(step.isVerified(), t.path() + " hash " + at + " flipped, " + s[0] + " -> " + s[1]);
                }
            }
        }
    }

    @Test
    void aForkSignedWithTheRightRootIsNamedAsInconsistent() {
        Log fork = new Log(600, "forged-");
        // The fork's tiles and root agree with each other; only the old root tells them apart.
        TileTree.Step step = TileTree.extend(300, LOG.roots.get(300), LOG.ranges.get(300), 600, fork.roots.get(600),
                fork.tiles(300, 600));
        String reason = ((TileTree.Failed) step).reason();
        assertEquals("inconsistent: the tree of size 600 (root " + b64(fork.roots.get(600)) + ") does not extend the last"
                + " verified tree of size 300: its first 300 leaves hash to " + b64(fork.roots.get(300)) + ", expected "
                + b64(LOG.roots.get(300)), reason);
    }

    @Test
    void aForkBeyondTheNewTilesIsCaughtThroughTheKeptRange() {
        Log fork = new Log(310, "forged-");
        // 300 -> 310 adds one level-0 tile only: the rewritten leaves 0..255 are in no fetched tile.
        TileTree.Step step = TileTree.extend(300, LOG.roots.get(300), LOG.ranges.get(300), 310, fork.roots.get(310),
                fork.tiles(300, 310));
        String reason = ((TileTree.Failed) step).reason();
        assertTrue(reason.startsWith("inconsistent: the checkpoint of size 310 (root " + b64(fork.roots.get(310))
                + ") does not extend the last verified tree of size 300 (root " + b64(LOG.roots.get(300)) + ")"), reason);
    }

    @Test
    void aRootThatTheTilesDoNotGiveIsNamedWithBothHashes() {
        TileTree.Step step = TileTree.extend(3, LOG.roots.get(3), LOG.ranges.get(3), 300, LOG.roots.get(299),
                LOG.tiles(3, 300));
        assertEquals("the tiles of size 300 hash to root " + b64(LOG.roots.get(300)) + ", the checkpoint says "
                + b64(LOG.roots.get(299)), ((TileTree.Failed) step).reason());
    }

    @Test
    void shrinkingSameSizeForksAndMissingTilesAreRefused() {
        assertEquals("the log shrank: checkpoint size 4 is smaller than the last verified size 5 (root "
                + b64(LOG.roots.get(5)) + ")", ((TileTree.Failed) TileTree.extend(5, LOG.roots.get(5), LOG.ranges.get(5), 4,
                LOG.roots.get(4), Map.of())).reason());
        TileTree.Step fork = TileTree.extend(5, LOG.roots.get(5), LOG.ranges.get(5), 5, LOG.roots.get(6), Map.of());
        assertEquals("fork at size 5: the checkpoint's root is " + b64(LOG.roots.get(6)) + ", the last verified root at"
                + " that size is " + b64(LOG.roots.get(5)), ((TileTree.Failed) fork).reason());
        Map<Tile, byte[]> tiles = LOG.tiles(0, 300);
        tiles.remove(new Tile(0, 1, 44));
        assertEquals("tile tile/0/001.p/44 of size 300 was not fetched",
                ((TileTree.Failed) TileTree.extend(0, LOG.roots.get(0), List.of(), 300, LOG.roots.get(300), tiles)).reason());
        tiles.put(new Tile(0, 1, 44), new byte[31]);
        assertEquals("tile tile/0/001.p/44 is 31 bytes, want 1408",
                ((TileTree.Failed) TileTree.extend(0, LOG.roots.get(0), List.of(), 300, LOG.roots.get(300), tiles)).reason());
    }

    @Test
    void aDamagedStoredRangeIsRefusedBeforeAnyTile() {
        assertThrows(IllegalArgumentException.class, () -> TileTree.extend(3, LOG.roots.get(3), LOG.ranges.get(2), 4,
                LOG.roots.get(4), LOG.tiles(3, 4)));
        assertThrows(IllegalArgumentException.class, () -> TileTree.extend(3, LOG.roots.get(4), LOG.ranges.get(3), 4,
                LOG.roots.get(4), LOG.tiles(3, 4)));
    }

    private static String b64(byte[] h) {
        return Base64.getEncoder().encodeToString(h);
    }
}
