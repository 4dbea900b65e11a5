package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.custodyledger.TestKeys;
import org.custodyledger.merkle.ProofVerifier;
import org.custodyledger.merkle.Tile;
import org.custodyledger.note.StoredCheckpoint;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * V12 on a ledger written under V11, whose {@code tree_nodes} held every level-0 node (each
 * entry's leaf hash once more): after the migration those rows are gone, and every node the
 * V11 readers served, every inclusion and consistency proof and every published tile is the
 * same bytes; the bounded start-up check still opens it, and still refuses a tampered tail,
 * head or checkpoint.
 */
@ExtendWith(VertxExtension.class)
class LeafNodesMigrationTest {
    private static final int SIZE = 600;

    /** What readers answer: proofs and tiles as hex, in a fixed order. */
    private record Answers(List<String> proofs, List<String> tiles) {
    }

    /** A 600-entry ledger written by this build: a checkpoint every 20. */
    private static String ledgerOf600(Vertx vertx) {
        String url = TestDatabases.freshDatabase();
        LedgerFixture ledger = new LedgerFixture(vertx, url);
        for (int i = 0; i < SIZE / 20; i++) {
            ledger.appendConcurrently(20, 7);
        }
        return url;
    }

    /** The same ledger in its V11 form: the level-0 rows V11's writer stored, no view, no constraint, V12 not recorded. */
    private static void backToV11(String url) {
        try (Sql sql = new Sql(url)) {
            sql.run("DROP VIEW merkle_nodes");
            sql.run("ALTER TABLE tree_nodes DROP CONSTRAINT tree_nodes_above_leaves");
            sql.run("INSERT INTO tree_nodes (level, idx, hash) SELECT 0, idx, leaf_hash FROM log_entries");
            sql.run("DELETE FROM schema_history WHERE version = 12");
        }
    }

    private static void migrate(Vertx vertx, String url) {
        Database db = Database.connect(vertx, url, 2);
        Await.result(new SchemaMigrator(Migration.fromClasspath()).migrate(db.pool()));
        Await.result(db.close());
    }

    private static List<String> rows(Sql sql, String query) {
        List<String> out = new ArrayList<>();
        sql.run(query).forEach(r -> out.add(r.getValue(0) + " " + r.getValue(1) + " "
                + HexFormat.of().formatHex(r.getBuffer(2).getBytes())));
        return out;
    }

    /** Every proof between signed sizes and every published tile, read by a store with an empty node cache. */
    private static Answers answers(Vertx vertx, String url) {
        Database db = Database.connect(vertx, url, 2);
        LedgerStore store = new LedgerStore(db.pool());
        StoredTiles tiles = new StoredTiles(db.pool());
        List<StoredCheckpoint> checkpoints = Await.result(store.checkpoints());
        List<String> proofs = new ArrayList<>();
        for (StoredCheckpoint cp : checkpoints) {
            for (long index = cp.size() % 13; index < cp.size(); index += 13) {
                LedgerStore.InclusionPath path = Await.result(store.inclusionPath(index, cp.size()));
                assertTrue(ProofVerifier.verifyInclusion(index, cp.size(), path.leafHash(), path.hashes(), cp.root())
                        .isValid(), "entry " + index + " in the tree of " + cp.size());
                proofs.add("inclusion " + index + " " + cp.size() + " " + hex(List.of(path.leafHash())) + hex(path.hashes()));
            }
            if (cp.size() == 0) {
                continue; // a consistency proof starts from a non-empty tree
            }
            StoredCheckpoint last = checkpoints.get(checkpoints.size() - 1);
            List<byte[]> consistency = Await.result(store.consistencyProof(cp.size(), last.size()));
            assertTrue(ProofVerifier.verifyConsistency(cp.size(), last.size(), consistency, cp.root(), last.root())
                    .isValid());
            proofs.add("consistency " + cp.size() + " " + hex(consistency));
        }
        List<String> published = new ArrayList<>();
        for (Tile tile : List.of(Tile.full(0, 0), Tile.full(0, 1), new Tile(0, 2, SIZE - 512), new Tile(1, 0, 2),
                new Tile(0, 0, 20), new Tile(0, 1, 44))) {
            List<byte[]> hashes = Await.result(tiles.publishedHashes(tile));
            assertNotNull(hashes, tile.path());
            List<byte[]> leaves = tile.level() == 0 ? Await.result(tiles.publishedLeaves(tile)) : List.of();
            published.add(tile.path() + " " + hex(hashes) + " " + hex(leaves));
        }
        Await.result(db.close());
        return new Answers(proofs, published);
    }

    private static String hex(List<byte[]> hashes) {
        StringBuilder s = new StringBuilder();
        hashes.forEach(h -> s.append(HexFormat.of().formatHex(h)).append(','));
        return s.toString();
    }

    @Test
    void everyNodeProofAndTileIsTheSameBytesAndNoLeafIsStoredTwice(Vertx vertx) {
        String url = ledgerOf600(vertx);
        Answers written = answers(vertx, url);
        backToV11(url);
        List<String> v11Nodes;
        try (Sql sql = new Sql(url)) {
            assertEquals(SIZE, sql.count("SELECT count(*) FROM tree_nodes WHERE level = 0"));
            v11Nodes = rows(sql, "SELECT level, idx, hash FROM tree_nodes ORDER BY level, idx");
        }
        migrate(vertx, url);
        try (Sql sql = new Sql(url)) {
            assertEquals(0, sql.count("SELECT count(*) FROM tree_nodes WHERE level = 0"));
            // Every node a V11 reader got from tree_nodes, leaves included, is what readers now get.
            assertEquals(v11Nodes, rows(sql, "SELECT level, idx, hash FROM merkle_nodes ORDER BY level, idx"));
            Exception refused = assertThrows(Exception.class,
                    () -> sql.run("INSERT INTO tree_nodes (level, idx, hash) SELECT 0, 600, leaf_hash FROM log_entries"
                            + " WHERE idx = 0"));
            assertTrue(refused.getMessage().contains("tree_nodes_above_leaves"), refused.getMessage());
        }
        Answers migrated = answers(vertx, url);
        assertEquals(written.proofs(), migrated.proofs());
        assertEquals(written.tiles(), migrated.tiles());
        assertTrue(migrated.proofs().stream().filter(p -> p.startsWith("consistency")).count() >= SIZE / 20);
        // The migrated ledger opens at start-up, bounded and full.
        Database db = Database.connect(vertx, url, 2);
        assertEquals(SIZE, Await.result(LedgerIntegrity.open(vertx, db.pool(), TestKeys.sampleSigner(), false)).size());
        assertEquals(SIZE, Await.result(LedgerIntegrity.open(vertx, db.pool(), TestKeys.sampleSigner(), true)).size());
        Await.result(db.close());
    }

    /** Why the bounded start-up refuses the migrated ledger once {@code tampering} has run on it. */
    private static String refusalAfterMigration(Vertx vertx, String... tampering) {
        String url = ledgerOf600(vertx);
        backToV11(url);
        migrate(vertx, url);
        try (Sql sql = new Sql(url)) {
            sql.tamper(tampering);
        }
        Database db = Database.connect(vertx, url, 2);
        try {
            return assertThrows(StorageException.class,
                    () -> Await.result(LedgerIntegrity.open(vertx, db.pool(), TestKeys.sampleSigner(), false))).getMessage();
        } finally {
            Await.result(db.close());
        }
    }

    @Test
    void aTamperedTailLeafHashIsStillRefused(Vertx vertx) {
        String message = refusalAfterMigration(vertx,
                "UPDATE log_entries SET leaf_hash = sha256('forged'::bytea) WHERE idx = 595");
        assertTrue(message.startsWith("the stored leaves hash to root "), message);
    }

    @Test
    void aTamperedHeadIsStillRefused(Vertx vertx) {
        String message = refusalAfterMigration(vertx, "UPDATE log_head SET root = sha256('forged'::bytea)");
        assertTrue(message.startsWith("stored tree nodes do not hash to the log head's root at size 600"), message);
    }

    @Test
    void aSwappedCheckpointIsStillRefused(Vertx vertx) {
        assertEquals("the latest checkpoint's signed text disagrees with its stored size and root",
                refusalAfterMigration(vertx,
                        "UPDATE checkpoints SET note = (SELECT note FROM checkpoints WHERE size = 580) WHERE size = 600"));
    }
}
