package org.custodyledger.service;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.merkle.EntryBundles;
import org.custodyledger.merkle.Tile;
import org.custodyledger.merkle.TilePath;
import org.custodyledger.merkle.Tiles;
import org.custodyledger.storage.StoredTiles;

/**
 * The c2sp.org/tlog-tiles resources: hash tiles and entry bundles, only those the signed
 * checkpoints imply. A full tile exists once a checkpoint's tree covers it; a partial tile only
 * if a checkpoint was signed at a size whose tree has exactly that width ("partial tiles for
 * every published size"), so nothing beyond what was signed is shown.
 */
public final class TileReads {
    /** A tile's bytes; {@code immutable} for a full tile, which no later append can change or supersede. */
    public record TileContent(byte[] bytes, boolean immutable) {
    }

    /** Full hash tiles kept (8 KiB each at width 256: 8 MiB). */
    static final int CACHED_TILES = 1024;

    private final StoredTiles store;
    /**
     * Full hash tiles already served, by path: a full tile never changes, and once a checkpoint
     * published it every later one does too. Entry bundles are not kept (96 KB each, and private).
     */
    private final Map<String, byte[]> fullTiles;

    public TileReads(StoredTiles store) {
        this(store, CACHED_TILES);
    }

    TileReads(StoredTiles store, int cachedTiles) {
        this.store = store;
        this.fullTiles = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > cachedTiles;
            }
        };
    }

    /** The hash tile or entry bundle at {@code path}; NOT_FOUND for any tile no signed checkpoint implies. */
    public Future<TileContent> read(TilePath path) {
        Tile tile = path.tile();
        if (tile.nodeLevel() > Tile.MAX_LEVEL) {
            return Future.failedFuture(notFound(path, "no tree below 2^63 entries reaches tile level " + tile.level()));
        }
        if (path.entries()) {
            return store.publishedLeaves(tile)
                    .map(leaves -> new TileContent(EntryBundles.encode(published(path, leaves)), tile.isFull()));
        }
        if (tile.isFull()) {
            byte[] cached;
            synchronized (fullTiles) {
                cached = fullTiles.get(path.path());
            }
            if (cached != null) {
                return Future.succeededFuture(new TileContent(cached, true));
            }
        }
        return store.publishedHashes(tile).map(hashes -> {
            byte[] bytes = Tiles.tileBytes(tile, published(path, hashes));
            if (tile.isFull()) {
                synchronized (fullTiles) {
                    fullTiles.put(path.path(), bytes);
                }
            }
            return new TileContent(bytes, tile.isFull());
        });
    }

    /** How many full tiles are kept in memory now. */
    int cachedTiles() {
        synchronized (fullTiles) {
            return fullTiles.size();
        }
    }

    /** Storage answers null for a tile no checkpoint publishes. */
    private static List<byte[]> published(TilePath path, List<byte[]> rows) {
        if (rows == null) {
            throw notFound(path, "no signed checkpoint has a tree with this tile");
        }
        return rows;
    }

    private static ServiceException notFound(TilePath path, String why) {
        return ServiceException.notFound("no tile at " + path.path() + ": " + why);
    }
}
