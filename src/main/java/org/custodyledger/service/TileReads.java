package org.custodyledger.service;

import io.vertx.core.Future;
import org.custodyledger.merkle.EntryBundles;
import org.custodyledger.merkle.Tile;
import org.custodyledger.merkle.TilePath;
import org.custodyledger.merkle.Tiles;
import org.custodyledger.storage.StoredTiles;

/**
 * The c2sp.org/tlog-tiles resources: hash tiles and entry bundles, only those the published
 * checkpoints imply. A full tile exists once the latest checkpoint's tree covers it; a partial
 * tile only if a checkpoint was signed at a size whose tree has exactly that width, so nothing
 * beyond what was signed is shown and every published size can be checked from tiles alone.
 */
public final class TileReads {
    /** A tile's bytes; {@code immutable} for a full tile, whose bytes no later append can change or retire. */
    public record TileContent(byte[] bytes, boolean immutable) {
    }

    private final StoredTiles store;

    public TileReads(StoredTiles store) {
        this.store = store;
    }

    /** The hash tile or entry bundle at {@code path}; NOT_FOUND for any tile no published checkpoint implies. */
    public Future<TileContent> read(TilePath path) {
        Tile tile = path.tile();
        if (tile.nodeLevel() > Tile.MAX_LEVEL) {
            return Future.failedFuture(notFound(path, "no tree below 2^63 entries reaches tile level " + tile.level()));
        }
        return store.publication(tile).compose(published -> {
            if (!exists(tile, published)) {
                throw notFound(path, published.latestSize() < 0 ? "the log has no checkpoint yet"
                        : "no published checkpoint (latest size " + published.latestSize() + ") has this tile");
            }
            return path.entries()
                    ? store.leaves(tile).map(leaves -> new TileContent(EntryBundles.encode(leaves), tile.isFull()))
                    : store.hashes(tile).map(hashes -> new TileContent(Tiles.tileBytes(tile, hashes), tile.isFull()));
        });
    }

    private static boolean exists(Tile tile, StoredTiles.Publication published) {
        if (published.latestSize() < 0) {
            return false;
        }
        if (tile.isFull()) {
            return Tiles.existsAt(tile, published.latestSize());
        }
        // Not "the latest size's partial tile": the partial tile of every size ever signed stays served.
        return published.signedAtSizeWithTile();
    }

    private static ServiceException notFound(TilePath path, String why) {
        return ServiceException.notFound("no tile at " + path.path() + ": " + why);
    }
}
