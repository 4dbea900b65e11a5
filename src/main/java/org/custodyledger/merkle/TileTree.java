package org.custodyledger.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a tile monitor decides when a log grows from a verified tree to a newly signed one:
 * given the old tree's compact range (kept by the monitor) and the tiles the new tree added
 * ({@link Tiles#added}), it authenticates every full tile against its entry one level up,
 * recomputes the new root and the old root from the same hashes, and says which differs.
 * Equal roots at both sizes from one set of hashes is the consistency proof.
 */
public final class TileTree {
    private TileTree() {
    }

    /** The outcome: a verified step (with the new tree's compact range to keep) or the first difference found. */
    public sealed interface Step {
        boolean isVerified();
    }

    /** The new tree's root is the signed one and it holds the old tree: {@code range} continues from here. */
    public record Verified(long size, List<byte[]> range) implements Step {
        public Verified {
            range = List.copyOf(range);
        }

        @Override
        public boolean isVerified() {
            return true;
        }
    }

    /** Why the new checkpoint is refused, one line with the sizes and the expected and actual hashes. */
    public record Failed(String reason) implements Step {
        @Override
        public boolean isVerified() {
            return false;
        }
    }

    /**
     * Checks the step from (oldSize, oldRoot), whose compact range is {@code oldRange}, to the
     * signed (newSize, newRoot), using {@code tiles}: the bytes of each tile of
     * {@code Tiles.added(oldSize, newSize)} as fetched (a missing or short tile is a failure).
     */
    public static Step extend(long oldSize, byte[] oldRoot, List<byte[]> oldRange,
                              long newSize, byte[] newRoot, Map<Tile, byte[]> tiles) {
        if (oldSize < 0 || oldRange.size() != Long.bitCount(oldSize)) {
            throw new IllegalArgumentException("a compact range of size " + oldSize + " has "
                    + Long.bitCount(Math.max(oldSize, 0)) + " hashes, got " + oldRange.size());
        }
        // A stored range that does not fold to the stored root is a damaged state, not a log failure.
        byte[] stored = new CompactRange(oldSize, oldRange).root();
        if (!Arrays.equals(stored, oldRoot)) {
            throw new IllegalArgumentException("the stored range of size " + oldSize + " hashes to " + b64(stored)
                    + ", not the stored root " + b64(oldRoot));
        }
        if (newSize < oldSize) {
            return new Failed("the log shrank: checkpoint size " + newSize + " is smaller than the last verified size "
                    + oldSize + " (root " + b64(oldRoot) + ")");
        }
        if (newSize == oldSize) {
            return Arrays.equals(newRoot, oldRoot) ? new Verified(oldSize, oldRange)
                    : new Failed("fork at size " + newSize + ": the checkpoint's root is " + b64(newRoot)
                            + ", the last verified root at that size is " + b64(oldRoot));
        }
        Map<Long, List<byte[]>> fetched = new HashMap<>();
        for (Tile tile : Tiles.added(oldSize, newSize)) {
            byte[] data = tiles.get(tile);
            if (data == null) {
                return new Failed("tile " + tile.path() + " of size " + newSize + " was not fetched");
            }
            if (data.length != tile.width() * Rfc6962.HASH_SIZE) {
                return new Failed("tile " + tile.path() + " is " + data.length + " bytes, want "
                        + tile.width() * Rfc6962.HASH_SIZE);
            }
            fetched.put(key(tile.level(), tile.index()), Tiles.hashesOf(tile, data));
        }
        // Each new full tile is one hash of the tile above, which Tiles.added always includes: check them bottom-up.
        for (Tile tile : Tiles.added(oldSize, newSize)) {
            if (!tile.isFull()) {
                continue;
            }
            List<byte[]> parent = fetched.get(key(tile.level() + 1, tile.index() >>> Tile.HEIGHT));
            int at = (int) (tile.index() & (Tile.FULL_WIDTH - 1));
            byte[] actual = Tiles.fullTileHash(fetched.get(key(tile.level(), tile.index())));
            if (parent == null || at >= parent.size()) {
                return new Failed("tile " + tile.path() + " has no entry in a tile one level up");
            }
            if (!Arrays.equals(parent.get(at), actual)) {
                return new Failed("tile " + tile.path() + " hashes to " + b64(actual) + ", but its entry at level "
                        + (tile.level() + 1) + " is " + b64(parent.get(at)));
            }
        }
        Map<NodeId, byte[]> kept = new HashMap<>();
        List<NodeId> oldIds = Proofs.rangeNodes(0, oldSize);
        for (int i = 0; i < oldIds.size(); i++) {
            kept.put(oldIds.get(i), oldRange.get(i));
        }
        List<byte[]> range = new ArrayList<>();
        boolean usedKept = false;
        for (NodeId id : Proofs.rangeNodes(0, newSize)) {
            byte[] h = node(id, fetched, kept);
            usedKept |= h != null && fromTiles(id, fetched) == null;
            if (h == null) {
                return new Failed("no tile of size " + newSize + " holds node (" + id.level() + ", " + id.index() + ")");
            }
            range.add(h);
        }
        byte[] computed = new CompactRange(newSize, range).root();
        if (!Arrays.equals(computed, newRoot) && usedKept) {
            // The new tiles do not reach the old leaves, so the kept tree stands in for them: a rewritten past shows here.
            return new Failed("inconsistent: the checkpoint of size " + newSize + " (root " + b64(newRoot)
                    + ") does not extend the last verified tree of size " + oldSize + " (root " + b64(oldRoot)
                    + "): that tree with the " + (newSize - oldSize) + " new leaves' tiles hashes to " + b64(computed)
                    + " (the log rewrote that tree, or served a wrong tile)");
        }
        if (!Arrays.equals(computed, newRoot)) {
            return new Failed("the tiles of size " + newSize + " hash to root " + b64(computed)
                    + ", the checkpoint says " + b64(newRoot));
        }
        // The old tree as the new tree holds it: tile hashes first, kept hashes only where no new tile reaches.
        List<byte[]> old = new ArrayList<>();
        for (NodeId id : oldIds) {
            old.add(node(id, fetched, kept));
        }
        byte[] oldAgain = new CompactRange(oldSize, old).root();
        if (!Arrays.equals(oldAgain, oldRoot)) {
            return new Failed("inconsistent: the tree of size " + newSize + " (root " + b64(newRoot) + ") does not extend "
                    + "the last verified tree of size " + oldSize + ": its first " + oldSize + " leaves hash to "
                    + b64(oldAgain) + ", expected " + b64(oldRoot));
        }
        return new Verified(newSize, range);
    }

    /** A node's hash from the fetched tiles, else from the kept range (null if neither holds it). */
    private static byte[] node(NodeId id, Map<Long, List<byte[]>> fetched, Map<NodeId, byte[]> kept) {
        byte[] h = fromTiles(id, fetched);
        return h != null ? h : kept.get(id);
    }

    /** A node's hash from the fetched tiles, recomputed from the tile at or below its level; null if none holds it. */
    private static byte[] fromTiles(NodeId id, Map<Long, List<byte[]>> fetched) {
        int tileLevel = id.level() / Tile.HEIGHT;
        int span = id.level() - tileLevel * Tile.HEIGHT;
        long first = id.index() << span;
        List<byte[]> tile = fetched.get(key(tileLevel, first >>> Tile.HEIGHT));
        int offset = (int) (first & (Tile.FULL_WIDTH - 1));
        if (tile != null && offset + (1 << span) <= tile.size()) {
            return subtree(tile, offset, 1 << span);
        }
        return null;
    }

    private static byte[] subtree(List<byte[]> hashes, int from, int count) {
        if (count == 1) {
            return hashes.get(from);
        }
        return Rfc6962.hashChildren(subtree(hashes, from, count / 2), subtree(hashes, from + count / 2, count / 2));
    }

    /** Tile level in the top 6 bits, so one long names a tile. */
    private static long key(int level, long index) {
        return ((long) level << 57) | index;
    }

    private static String b64(byte[] h) {
        return h == null ? "(none)" : Base64.getEncoder().encodeToString(h);
    }
}
