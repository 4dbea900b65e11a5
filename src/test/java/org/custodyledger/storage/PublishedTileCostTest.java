package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.custodyledger.merkle.Tile;
import org.custodyledger.merkle.Tiles;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A tile read costs the same however long the log is. Whether it is published is one probe of
 * the checkpoints' index, whatever their number: a log signs a checkpoint every few hundred
 * entries, so at ten million entries there are tens of thousands, and the EXISTS form walked
 * them in size order from the oldest. And PostgreSQL plans a hash tile's statement once, not on
 * every read.
 */
@ExtendWith(VertxExtension.class)
class PublishedTileCostTest {
    private static final int ENTRIES = 100_000;
    private static final int CHECKPOINTS = 20_000;
    private static final Pattern BUFFERS = Pattern.compile("Buffers: shared((?: \\w+=\\d+)+)");

    /** A ledger's rows without its signatures (only the tables' shapes and sizes matter to the planner), read-only here. */
    private static String url;

    @BeforeAll
    static void ledgerRows() {
        url = TestDatabases.freshDatabase();
        Vertx vertx = Vertx.vertx();
        try {
            Database db = Database.connect(vertx, url, 1);
            Await.result(db.migrate());
            Await.result(db.close());
        } finally {
            vertx.close();
        }
        try (Sql sql = new Sql(url)) {
            sql.run("INSERT INTO ledger_keys (key_id, name, public_key, verifier_key)"
                    + " VALUES ('0000abcd', 'test', decode(repeat('00', 32), 'hex'), 'test+0000abcd+key')");
            sql.run("INSERT INTO log_entries (idx, leaf, leaf_hash, footage_id, event_type, event_time, key_id)"
                    + " SELECT i, decode(repeat('ab', 300), 'hex'), sha256(int8send(i)), 'footage-' || (i / 3),"
                    + " 'VIEWED', now(), '0000abcd' FROM generate_series(0, " + (ENTRIES - 1) + ") i");
            // Every perfect subtree above the leaves, as the ledger stores them (a level-1 tile reads level 8).
            sql.run("INSERT INTO tree_nodes (level, idx, hash) SELECT l, i, sha256(int8send(i))"
                    + " FROM generate_series(1, 16) l, LATERAL generate_series(0, (" + ENTRIES + " >> l) - 1) i");
            sql.run("INSERT INTO checkpoints (size, root, note, key_id) SELECT s * " + (ENTRIES / CHECKPOINTS) + ","
                    + " decode(repeat('00', 32), 'hex'), 'note', '0000abcd' FROM generate_series(1, " + CHECKPOINTS + ") s");
            sql.run("ANALYZE");
        }
    }

    @Test
    void aTileHalfwayAlongReadsAHandfulOfPagesAmongTwentyThousandCheckpoints(Vertx vertx) {
        Database db = Database.connect(vertx, url, 1);
        Tile halfway = Tile.full(0, ENTRIES / Tile.FULL_WIDTH / 2);
        Tiles.SizeRange sizes = Tiles.sizesWith(halfway);

        int tilePages = pagesTouched(db, LogSql.SELECT_PUBLISHED_LEAF_TILE,
                Tuple.of(sizes.first(), sizes.end(), halfway.firstNodeIndex()));
        int bundlePages = pagesTouched(db, LogSql.SELECT_PUBLISHED_BUNDLE,
                Tuple.of(sizes.first(), sizes.end(), halfway.firstNodeIndex(), halfway.width()));

        // 256 leaf hashes are a few index pages and the heap pages of their rows; the EXISTS form
        // also read the 10,000 older checkpoints first, over 100 pages.
        assertTrue(tilePages <= 30, "a tile read touched " + tilePages + " pages");
        assertTrue(bundlePages <= 30, "an entry bundle read touched " + bundlePages + " pages");
        Await.result(db.close());
    }

    @Test
    void theConditionStillDecidesPublication(Vertx vertx) {
        Database db = Database.connect(vertx, url, 1);
        Tiles.SizeRange signed = Tiles.sizesWith(Tile.full(0, 10));
        Tiles.SizeRange unsigned = Tiles.sizesWith(Tile.full(0, ENTRIES / Tile.FULL_WIDTH + 1));
        // Partial level-0 tiles 10 of widths 3 and 5: published only by a checkpoint at size 2,563 or
        // 2,565 exactly; checkpoints here are at every fifth size.
        Tiles.SizeRange width3 = Tiles.sizesWith(new Tile(0, 10, 3));
        Tiles.SizeRange width5 = Tiles.sizesWith(new Tile(0, 10, 5));
        assertEquals(1, published(db, signed));
        assertEquals(0, published(db, unsigned));
        assertEquals(0, published(db, width3), "no checkpoint was signed at size " + width3.first());
        assertEquals(1, published(db, width5), "a checkpoint was signed at size " + width5.first());
        Await.result(db.close());
    }

    @Test
    void aHashTileStatementIsPlannedOnceNotOnEveryRead(Vertx vertx) {
        Database db = Database.connect(vertx, url, 1);
        // PREPARE on one session is what the client's statement cache does. After five custom
        // plans PostgreSQL keeps the generic one unless it costs more, as it did with the limit
        // given as a parameter: then every read was planned (both statements fail here so).
        SqlConnection session = Await.result(db.pool().getConnection());
        Await.result(session.query("SET plan_cache_mode = auto").execute()); // the default, whatever the server's
        Await.result(session.query("PREPARE leaf_tile(bigint, bigint, bigint) AS "
                + LogSql.SELECT_PUBLISHED_LEAF_TILE).execute());
        Await.result(session.query("PREPARE node_tile(bigint, bigint, smallint, bigint) AS "
                + LogSql.SELECT_PUBLISHED_NODE_TILE).execute());
        for (int i = 0; i < 10; i++) {
            Tile leaves = Tile.full(0, i * 30);
            Tiles.SizeRange sizes = Tiles.sizesWith(leaves);
            Await.result(session.query("EXECUTE leaf_tile(" + sizes.first() + ", " + sizes.end() + ", "
                    + leaves.firstNodeIndex() + ")").execute());
            Tile nodes = Tile.full(1, 0);
            Tiles.SizeRange nodeSizes = Tiles.sizesWith(nodes);
            Await.result(session.query("EXECUTE node_tile(" + nodeSizes.first() + ", " + nodeSizes.end() + ", "
                    + nodes.nodeLevel() + ", " + i + ")").execute());
        }
        for (Row statement : Await.result(session.query(
                "SELECT name, generic_plans, custom_plans FROM pg_prepared_statements").execute())) {
            assertTrue(statement.getLong("generic_plans") >= 5, statement.getString("name") + " was planned for "
                    + statement.getLong("custom_plans") + " of 10 reads, and reused a plan for "
                    + statement.getLong("generic_plans"));
        }
        Await.result(session.close());
        Await.result(db.close());
    }

    /** 1 if a checkpoint publishes a tree with these sizes, else 0: the condition every statement here shares. */
    private static int published(Database db, Tiles.SizeRange sizes) {
        return Await.result(db.pool().preparedQuery("SELECT CASE WHEN " + LogSql.PUBLISHED_IN_SIZES + " THEN 1 ELSE 0 END")
                .execute(Tuple.of(sizes.first(), sizes.end()))).iterator().next().getInteger(0);
    }

    /**
     * Shared buffers hit and read by one execution (not those it dirtied or wrote), from the
     * plan's top node, which counts its children's.
     */
    private static int pagesTouched(Database db, String statement, Tuple params) {
        List<String> plan = new ArrayList<>();
        for (Row row : Await.result(db.pool().preparedQuery("EXPLAIN (ANALYZE, BUFFERS) " + statement).execute(params))) {
            plan.add(row.getString(0));
        }
        for (String line : plan) {
            if (line.startsWith("Planning")) {
                return 0; // no node touched a page (PostgreSQL leaves out zero counts)
            }
            Matcher m = BUFFERS.matcher(line);
            if (m.find()) {
                int pages = 0;
                for (String counter : m.group(1).trim().split(" ")) {
                    if (counter.startsWith("hit=") || counter.startsWith("read=")) {
                        pages += Integer.parseInt(counter.substring(counter.indexOf('=') + 1));
                    }
                }
                return pages;
            }
        }
        throw new AssertionError("no buffer counts in the plan:\n" + String.join("\n", plan));
    }
}
