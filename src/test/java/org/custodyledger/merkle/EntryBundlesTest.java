package org.custodyledger.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import java.util.Collections;

/** Entry bundles: uint16 big-endian length + exact leaf bytes; every truncation and overrun refused. */
class EntryBundlesTest {
    @Test
    void bundleLayoutIsLengthThenBytes() {
        byte[] bundle = EntryBundles.encode(List.of("ab".getBytes(StandardCharsets.UTF_8), new byte[0], new byte[] {7}));
        assertArrayEquals(new byte[] {0, 2, 'a', 'b', 0, 0, 0, 1, 7}, bundle);
    }

    @Test
    void roundTripAndLeafHashesMatchTheLevel0Tile() {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            leaves.add(("entry " + i).repeat(i % 7 + 1).getBytes(StandardCharsets.UTF_8));
        }
        Tile tile = Tile.full(0, 0);
        List<byte[]> back = EntryBundles.decode(tile, EntryBundles.encode(leaves));
        assertEquals(256, back.size());
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            assertArrayEquals(leaves.get(i), back.get(i));
            hashes.add(Rfc6962.hashLeaf(back.get(i)));
        }
        CompactRange range = new CompactRange();
        List<byte[]> level0 = new ArrayList<>();
        for (byte[] leaf : leaves) {
            range.append(Rfc6962.hashLeaf(leaf), (id, h) -> {
                if (id.level() == 0) {
                    level0.add(h);
                }
            });
        }
        assertArrayEquals(Tiles.tileBytes(tile, level0), Tiles.tileBytes(tile, hashes));
    }

    @Test
    void largestLeafFitsAndOneByteMoreIsRefused() {
        byte[] max = new byte[65_535];
        Arrays.fill(max, (byte) 0x5a);
        byte[] bundle = EntryBundles.encode(List.of(max));
        assertEquals((byte) 0xff, bundle[0]);
        assertEquals((byte) 0xff, bundle[1]);
        assertArrayEquals(max, EntryBundles.decode(new Tile(0, 0, 1), bundle).get(0));
        assertTrue(EntryBundles.fits(65_535));
        assertFalse(EntryBundles.fits(65_536));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EntryBundles.encode(List.of(new byte[1], new byte[65_536])));
        assertEquals("entry 1 has 65536 bytes, an entry bundle carries at most 65535", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EntryBundles.encode(List.of()));
        assertThrows(IllegalArgumentException.class, () -> EntryBundles.encode(new ArrayList<>(Collections.nCopies(257, new byte[1]))));
    }

    @Test
    void malformedBundlesAreRefused() {
        Tile two = new Tile(0, 5, 2);
        byte[] good = EntryBundles.encode(List.of(new byte[] {1, 2, 3}, new byte[] {4}));
        assertEquals(2, EntryBundles.decode(two, good).size());
        assertEquals("entry bundle tile/entries/005.p/2 has 1 bytes after its 2 entries",
                assertThrows(IllegalArgumentException.class,
                        () -> EntryBundles.decode(two, Arrays.copyOf(good, good.length + 1))).getMessage());
        assertEquals("entry 1 of tile/entries/005.p/2 declares 1 bytes, only 0 remain",
                assertThrows(IllegalArgumentException.class,
                        () -> EntryBundles.decode(two, Arrays.copyOf(good, good.length - 1))).getMessage());
        assertEquals("entry 1 of tile/entries/005.p/2 is cut inside its length prefix at byte 5",
                assertThrows(IllegalArgumentException.class,
                        () -> EntryBundles.decode(two, Arrays.copyOf(good, 6))).getMessage());
        assertEquals("entry bundle tile/entries/005.p/2 has 1 entries, want 2",
                assertThrows(IllegalArgumentException.class,
                        () -> EntryBundles.decode(two, Arrays.copyOf(good, 5))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> EntryBundles.decode(two, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> EntryBundles.decode(new Tile(1, 0, 2), good));
        // Every single-byte truncation is refused.
        for (int cut = 0; cut < good.length; cut++) {
            int n = cut;
            assertThrows(IllegalArgumentException.class, () -> EntryBundles.decode(two, Arrays.copyOf(good, n)), "cut at " + n);
        }
    }
}
