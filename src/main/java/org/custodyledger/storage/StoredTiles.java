package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.merkle.Tile;
import org.custodyledger.merkle.Tiles;

/**
 * Reads behind c2sp.org/tlog-tiles: a tile's hashes are one run of stored perfect subtrees
 * ({@code tree_nodes} holds every one), an entry bundle one run of leaves; each is a single
 * primary-key range scan. Whether a tile may be served at all is decided by the checkpoints.
 */
public final class StoredTiles {
    private final SqlClient client;

    public StoredTiles(Pool pool) {
        this.client = pool;
    }

    /**
     * What decides whether {@code tile} is published: the latest checkpoint's size (-1 on a
     * log without one), and whether some checkpoint was signed at a size that has the tile.
     */
    public record Publication(long latestSize, boolean signedAtSizeWithTile) {
    }

    /** One statement, so both answers come from the same committed state. */
    public Future<Publication> publication(Tile tile) {
        Tiles.SizeRange sizes = Tiles.sizesWith(tile);
        return client.preparedQuery(LogSql.SELECT_TILE_PUBLISHED)
                .execute(Tuple.of(sizes.first(), sizes.end()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Long latest = row.getLong(0);
                    return new Publication(latest == null ? -1 : latest, !sizes.isEmpty() && row.getBoolean(1));
                });
    }

    /** The tile's hashes in tile order; fails if any node is not stored (the tree disagrees with its checkpoints). */
    public Future<List<byte[]>> hashes(Tile tile) {
        if (tile.nodeLevel() > Tile.MAX_LEVEL) {
            return Future.failedFuture(new IllegalArgumentException("tile level " + tile.level() + " holds no stored node"));
        }
        // "From the first, at most width rows": PostgreSQL walks the index in order (see LedgerStore.storedNodeRange).
        return client.preparedQuery(LogSql.SELECT_NODE_RUN)
                .execute(Tuple.of((short) tile.nodeLevel(), tile.firstNodeIndex(), tile.width()))
                .map(rows -> {
                    List<byte[]> hashes = new ArrayList<>(tile.width());
                    long want = tile.firstNodeIndex();
                    for (Row row : rows) {
                        if (row.getLong(0) != want++) {
                            break;
                        }
                        hashes.add(row.getBuffer(1).getBytes());
                    }
                    if (hashes.size() != tile.width()) {
                        throw new StorageException("tile " + tile.path() + " needs nodes (" + tile.nodeLevel() + ", "
                                + tile.firstNodeIndex() + ".." + (tile.endNodeIndex() - 1) + "), only " + hashes.size()
                                + " in a row are stored");
                    }
                    return hashes;
                });
    }

    /** The leaves of the level-0 {@code tile}'s entry bundle, in index order; fails if any is not stored. */
    public Future<List<byte[]>> leaves(Tile tile) {
        if (tile.level() != 0) {
            return Future.failedFuture(new IllegalArgumentException("entry bundles belong to level-0 tiles, not level "
                    + tile.level()));
        }
        return client.preparedQuery(LogSql.SELECT_LEAVES_FROM)
                .execute(Tuple.of(tile.firstNodeIndex(), tile.width()))
                .map(rows -> {
                    List<byte[]> leaves = new ArrayList<>(tile.width());
                    long want = tile.firstNodeIndex();
                    for (Row row : rows) {
                        if (row.getLong(0) != want++) {
                            break;
                        }
                        leaves.add(row.getBuffer(1).getBytes());
                    }
                    if (leaves.size() != tile.width()) {
                        throw new StorageException("entry bundle " + tile.entriesPath() + " needs entries "
                                + tile.firstNodeIndex() + ".." + (tile.endNodeIndex() - 1) + ", only " + leaves.size()
                                + " in a row are stored");
                    }
                    return leaves;
                });
    }
}
