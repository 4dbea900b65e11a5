package org.custodyledger.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * Which c2sp.org/tlog-tiles tiles a tree has, and tile contents from stored node hashes.
 * Same arithmetic as golang.org/x/mod/sumdb/tlog with height 8: at level L a tree of size s
 * has floor(s / 256^(L+1)) full tiles and, when floor(s / 256^L) mod 256 is not zero, one
 * partial tile of that width.
 */
public final class Tiles {
    private Tiles() {
    }

    /** Every tile of a tree of {@code size}, level by level, full tiles then the partial one. */
    public static List<Tile> forSize(long size) {
        return added(0, size);
    }

    /**
     * The tiles a tree of {@code newSize} has that a tree of {@code oldSize} has not (Go's
     * {@code tlog.NewTiles}): what to publish, or what a monitor must fetch, when the log grows.
     */
    public static List<Tile> added(long oldSize, long newSize) {
        if (oldSize < 0 || newSize < oldSize) {
            throw new IllegalArgumentException("sizes must satisfy 0 <= oldSize <= newSize: " + oldSize + ", " + newSize);
        }
        List<Tile> tiles = new ArrayList<>();
        for (int level = 0; level * Tile.HEIGHT < 64 && (newSize >>> (level * Tile.HEIGHT)) > 0; level++) {
            long oldNodes = oldSize >>> (level * Tile.HEIGHT);
            long newNodes = newSize >>> (level * Tile.HEIGHT);
            if (oldNodes == newNodes) {
                continue;
            }
            for (long n = oldNodes >>> Tile.HEIGHT; n < newNodes >>> Tile.HEIGHT; n++) {
                tiles.add(Tile.full(level, n));
            }
            int partial = (int) (newNodes & (Tile.FULL_WIDTH - 1));
            if (partial > 0) {
                tiles.add(new Tile(level, newNodes >>> Tile.HEIGHT, partial));
            }
        }
        return tiles;
    }

    /** Whether {@code tile} is one of {@link #forSize(long) forSize(size)}: full and complete, or exactly that size's partial tile. */
    public static boolean existsAt(Tile tile, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        long nodes = completeNodes(tile, size);
        long full = nodes >>> Tile.HEIGHT;
        if (tile.isFull()) {
            return tile.index() < full;
        }
        return tile.index() == full && tile.width() == (nodes & (Tile.FULL_WIDTH - 1));
    }

    /**
     * Whether every hash of {@code tile} is a complete subtree of a tree of {@code size}, so
     * its bytes are fixed forever. True for the partial tiles of every earlier size too.
     */
    public static boolean isComplete(Tile tile, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        long nodes = completeNodes(tile, size);
        return tile.index() <= (nodes >>> Tile.HEIGHT) && tile.endNodeIndex() <= nodes;
    }

    /**
     * The tree sizes [first, end) whose tiles include {@code tile}: for a partial tile those
     * whose size has exactly its width at its level; for a full tile every size from the one
     * that completes it. Storage serves a partial tile only if a checkpoint was signed at one
     * of these sizes ({@code SELECT … FROM checkpoints WHERE size >= first AND size < end}).
     * Empty (first = end) for a tile no tree below 2^63 leaves can hold.
     */
    public static SizeRange sizesWith(Tile tile) {
        long nodes = tile.firstNodeIndex() + tile.width();
        int shift = tile.nodeLevel();
        if (shift > 63 || nodes > (Long.MAX_VALUE >>> shift)) {
            return new SizeRange(0, 0);
        }
        long first = nodes << shift;
        if (tile.isFull()) {
            return new SizeRange(first, Long.MAX_VALUE);
        }
        long end = (nodes + 1) > (Long.MAX_VALUE >>> shift) ? Long.MAX_VALUE : (nodes + 1) << shift;
        return new SizeRange(first, end);
    }

    /** Tree sizes from {@code first} (inclusive) to {@code end} (exclusive; Long.MAX_VALUE: no bound). */
    public record SizeRange(long first, long end) {
        public boolean isEmpty() {
            return first >= end;
        }

        public boolean contains(long size) {
            return size >= first && (size < end || end == Long.MAX_VALUE);
        }
    }

    /** The tile's bytes: the hashes of {@link Tile#nodes()}, in that order, concatenated. */
    public static byte[] tileBytes(Tile tile, List<byte[]> hashes) {
        if (hashes.size() != tile.width()) {
            throw new IllegalArgumentException("tile " + tile.path() + " has " + tile.width() + " hashes, got " + hashes.size());
        }
        byte[] out = new byte[tile.width() * Rfc6962.HASH_SIZE];
        for (int i = 0; i < hashes.size(); i++) {
            byte[] h = hashes.get(i);
            if (h == null || h.length != Rfc6962.HASH_SIZE) {
                throw new IllegalArgumentException("hash " + i + " of tile " + tile.path() + " has "
                        + (h == null ? "no" : h.length) + " bytes, want " + Rfc6962.HASH_SIZE);
            }
            System.arraycopy(h, 0, out, i * Rfc6962.HASH_SIZE, Rfc6962.HASH_SIZE);
        }
        return out;
    }

    /** Splits a fetched tile back into its hashes; the length must be exactly width·32 bytes. */
    public static List<byte[]> hashesOf(Tile tile, byte[] data) {
        int want = tile.width() * Rfc6962.HASH_SIZE;
        if (data == null || data.length != want) {
            throw new IllegalArgumentException("tile " + tile.path() + " must be " + want + " bytes, got "
                    + (data == null ? "none" : data.length));
        }
        List<byte[]> hashes = new ArrayList<>(tile.width());
        for (int i = 0; i < tile.width(); i++) {
            byte[] h = new byte[Rfc6962.HASH_SIZE];
            System.arraycopy(data, i * Rfc6962.HASH_SIZE, h, 0, Rfc6962.HASH_SIZE);
            hashes.add(h);
        }
        return hashes;
    }

    /**
     * The Merkle hash of a full tile's 256 hashes: the node one tile level up, which is the
     * tile's own entry in its parent tile (how a monitor checks a fetched tile).
     */
    public static byte[] fullTileHash(List<byte[]> hashes) {
        if (hashes.size() != Tile.FULL_WIDTH) {
            throw new IllegalArgumentException("a full tile has " + Tile.FULL_WIDTH + " hashes, got " + hashes.size());
        }
        List<byte[]> row = hashes;
        while (row.size() > 1) {
            List<byte[]> up = new ArrayList<>(row.size() / 2);
            for (int i = 0; i < row.size(); i += 2) {
                up.add(Rfc6962.hashChildren(row.get(i), row.get(i + 1)));
            }
            row = up;
        }
        return row.get(0).clone();
    }

    /** How many complete nodes a tree of {@code size} has at the tile's node level (0 above level 63). */
    private static long completeNodes(Tile tile, long size) {
        return tile.nodeLevel() > 63 ? 0 : size >>> tile.nodeLevel();
    }
}
