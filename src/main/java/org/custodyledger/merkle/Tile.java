package org.custodyledger.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * A c2sp.org/tlog-tiles tile: {@code width} consecutive hashes at tree level 8·{@code level},
 * starting at node index 256·{@code index}. In our {@link NodeId} coordinates these are the
 * stored perfect subtrees (8·level, 256·index + i) for i in [0, width).
 */
public record Tile(int level, long index, int width) {
    /** Tree levels spanned by one tile. */
    public static final int HEIGHT = 8;
    /** Hashes in a full tile. */
    public static final int FULL_WIDTH = 1 << HEIGHT;
    /** Largest tile level a path may name (c2sp.org/tlog-tiles: L is 0..63). */
    public static final int MAX_LEVEL = 63;
    /** Largest tile index whose hashes' node indexes fit in a long. */
    public static final long MAX_INDEX = Long.MAX_VALUE >>> HEIGHT;

    public Tile {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("tile level must be in 0.." + MAX_LEVEL + ", got " + level);
        }
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("tile index must be in 0.." + MAX_INDEX + ", got " + index);
        }
        if (width < 1 || width > FULL_WIDTH) {
            throw new IllegalArgumentException("tile width must be in 1.." + FULL_WIDTH + ", got " + width);
        }
    }

    public static Tile full(int level, long index) {
        return new Tile(level, index, FULL_WIDTH);
    }

    public boolean isFull() {
        return width == FULL_WIDTH;
    }

    /** The tree level of the hashes in this tile (8·level); above 63 no such node can exist. */
    public int nodeLevel() {
        return level * HEIGHT;
    }

    /** The node index of the tile's first hash, at {@link #nodeLevel()}. */
    public long firstNodeIndex() {
        return index << HEIGHT;
    }

    /** One past the node index of the tile's last hash. */
    public long endNodeIndex() {
        return firstNodeIndex() + width;
    }

    /**
     * The stored nodes whose hashes are this tile's contents, in tile order: a single range
     * {@code level = nodeLevel() AND idx >= firstNodeIndex() AND idx < endNodeIndex()}.
     */
    public List<NodeId> nodes() {
        if (nodeLevel() > MAX_LEVEL) {
            throw new IllegalArgumentException("tile level " + level + " is above any node of a 63-level tree");
        }
        List<NodeId> ids = new ArrayList<>(width);
        for (long i = firstNodeIndex(); i < endNodeIndex(); i++) {
            ids.add(new NodeId(nodeLevel(), i));
        }
        return ids;
    }

    /** The path of this hash tile: {@code tile/<L>/<N>[.p/<W>]}. */
    public String path() {
        return "tile/" + level + "/" + TilePaths.encodeIndex(index) + widthSuffix();
    }

    /** The path of the entry bundle of this level-0 tile: {@code tile/entries/<N>[.p/<W>]}. */
    public String entriesPath() {
        if (level != 0) {
            throw new IllegalStateException("only level-0 tiles have entry bundles, not level " + level);
        }
        return "tile/entries/" + TilePaths.encodeIndex(index) + widthSuffix();
    }

    private String widthSuffix() {
        return isFull() ? "" : ".p/" + width;
    }
}
