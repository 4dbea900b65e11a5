package org.custodyledger.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * c2sp.org/tlog-tiles entry bundles: each entry is a big-endian uint16 length followed by
 * the exact leaf bytes. A leaf longer than 65,535 bytes cannot be served, so the log must
 * refuse to append it.
 */
public final class EntryBundles {
    /** The longest leaf an entry bundle can carry. */
    public static final int MAX_ENTRY_SIZE = 0xFFFF;

    private EntryBundles() {
    }

    /** Whether a leaf of this many bytes fits an entry bundle (the append-time check). */
    public static boolean fits(int leafLength) {
        return leafLength >= 0 && leafLength <= MAX_ENTRY_SIZE;
    }

    /** The bundle of {@code leaves} in index order; at most one full tile's worth. */
    public static byte[] encode(List<byte[]> leaves) {
        if (leaves.isEmpty() || leaves.size() > Tile.FULL_WIDTH) {
            throw new IllegalArgumentException("an entry bundle holds 1.." + Tile.FULL_WIDTH + " entries, got " + leaves.size());
        }
        int total = 0;
        for (int i = 0; i < leaves.size(); i++) {
            byte[] leaf = leaves.get(i);
            if (leaf == null || !fits(leaf.length)) {
                throw new IllegalArgumentException("entry " + i + " has " + (leaf == null ? "no" : leaf.length)
                        + " bytes, an entry bundle carries at most " + MAX_ENTRY_SIZE);
            }
            total += 2 + leaf.length;
        }
        byte[] out = new byte[total];
        int pos = 0;
        for (byte[] leaf : leaves) {
            out[pos++] = (byte) (leaf.length >>> 8);
            out[pos++] = (byte) leaf.length;
            System.arraycopy(leaf, 0, out, pos, leaf.length);
            pos += leaf.length;
        }
        return out;
    }

    /** The entries of a bundle fetched for {@code tile}: exactly {@code tile.width()} of them, no trailing bytes. */
    public static List<byte[]> decode(Tile tile, byte[] bundle) {
        if (tile.level() != 0) {
            throw new IllegalArgumentException("entry bundles belong to level-0 tiles, not level " + tile.level());
        }
        List<byte[]> entries = new ArrayList<>(tile.width());
        int pos = 0;
        while (pos < bundle.length) {
            if (entries.size() == tile.width()) {
                throw new IllegalArgumentException("entry bundle " + tile.entriesPath() + " has "
                        + (bundle.length - pos) + " bytes after its " + tile.width() + " entries");
            }
            if (bundle.length - pos < 2) {
                throw new IllegalArgumentException("entry " + entries.size() + " of " + tile.entriesPath()
                        + " is cut inside its length prefix at byte " + pos);
            }
            int length = ((bundle[pos] & 0xff) << 8) | (bundle[pos + 1] & 0xff);
            pos += 2;
            if (bundle.length - pos < length) {
                throw new IllegalArgumentException("entry " + entries.size() + " of " + tile.entriesPath() + " declares "
                        + length + " bytes, only " + (bundle.length - pos) + " remain");
            }
            entries.add(Arrays.copyOfRange(bundle, pos, pos + length));
            pos += length;
        }
        if (entries.size() != tile.width()) {
            throw new IllegalArgumentException("entry bundle " + tile.entriesPath() + " has " + entries.size()
                    + " entries, want " + tile.width());
        }
        return entries;
    }
}
