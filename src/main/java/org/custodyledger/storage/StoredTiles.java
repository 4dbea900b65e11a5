package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.merkle.Tile;
import org.custodyledger.merkle.Tiles;

/**
 * Reads behind c2sp.org/tlog-tiles: a tile's hashes are one run of stored perfect subtrees
 * (a level-0 tile's are the entries' leaf hashes, a higher tile's come from {@code tree_nodes}),
 * an entry bundle one run of leaves. Each read is one statement, a primary-key range scan that
 * answers nothing unless a checkpoint was signed at a tree size that has the tile: a full tile
 * once some checkpoint covers it, a partial tile only for the sizes that have exactly its width
 * ({@link Tiles#sizesWith}).
 */
public final class StoredTiles {
    private final SqlClient client;

    public StoredTiles(Pool pool) {
        this.client = pool;
    }

    /** The tile's hashes in tile order, or null when no checkpoint publishes it; fails if a node is missing. */
    public Future<List<byte[]>> publishedHashes(Tile tile) {
        Tiles.SizeRange sizes = Tiles.sizesWith(tile);
        if (sizes.isEmpty() || tile.nodeLevel() > Tile.MAX_LEVEL) {
            return Future.succeededFuture(null);
        }
        Future<RowSet<Row>> rows = tile.level() == 0
                ? client.preparedQuery(LogSql.SELECT_PUBLISHED_LEAF_TILE)
                        .execute(Tuple.of(sizes.first(), sizes.end(), tile.firstNodeIndex()))
                : client.preparedQuery(LogSql.SELECT_PUBLISHED_NODE_TILE)
                        .execute(Tuple.of(sizes.first(), sizes.end(), (short) tile.nodeLevel(), tile.firstNodeIndex()));
        return rows.map(found -> run(tile, found, "tile " + tile.path() + " needs nodes (" + tile.nodeLevel() + ", "
                + tile.firstNodeIndex() + ".." + (tile.endNodeIndex() - 1) + ")"));
    }

    /** The leaves of the level-0 {@code tile}'s entry bundle, or null when no checkpoint publishes it. */
    public Future<List<byte[]>> publishedLeaves(Tile tile) {
        if (tile.level() != 0) {
            return Future.failedFuture(new IllegalArgumentException("entry bundles belong to level-0 tiles, not level "
                    + tile.level()));
        }
        Tiles.SizeRange sizes = Tiles.sizesWith(tile);
        if (sizes.isEmpty()) {
            return Future.succeededFuture(null);
        }
        return client.preparedQuery(LogSql.SELECT_PUBLISHED_BUNDLE)
                .execute(Tuple.of(sizes.first(), sizes.end(), tile.firstNodeIndex(), tile.width()))
                .map(rows -> run(tile, rows, "entry bundle " + tile.entriesPath() + " needs entries "
                        + tile.firstNodeIndex() + ".." + (tile.endNodeIndex() - 1)));
    }

    /**
     * Column 1 of the first width rows, whose column 0 must run from the tile's first index
     * without a gap (a hash tile's statement reads a full tile's rows; a partial tile's later
     * ones belong to trees larger than its own); null for no rows (not published). A published
     * tile with a row missing is a tree that disagrees with its own checkpoints: a failure,
     * never a short tile.
     */
    private static List<byte[]> run(Tile tile, RowSet<Row> rows, String needs) {
        if (rows.size() == 0) {
            return null;
        }
        List<byte[]> values = new ArrayList<>(tile.width());
        long want = tile.firstNodeIndex();
        for (Row row : rows) {
            if (values.size() == tile.width() || row.getLong(0) != want++) {
                break;
            }
            values.add(row.getBuffer(1).getBytes());
        }
        if (values.size() != tile.width()) {
            throw new StorageException(needs + ", only " + values.size() + " in a row are stored");
        }
        return values;
    }
}
