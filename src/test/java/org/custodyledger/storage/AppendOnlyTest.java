package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The database itself, not the service, refuses to rewrite history — even for the table owner. */
@ExtendWith(VertxExtension.class)
class AppendOnlyTest {
    private static String url;
    private static Sql sql;

    @BeforeAll
    static void ledgerWithEntries() {
        url = TestDatabases.freshDatabase();
        Vertx vertx = Vertx.vertx();
        try {
            new LedgerFixture(vertx, url).appendConcurrently(10, 2);
        } finally {
            vertx.close();
        }
        sql = new Sql(url);
    }

    @AfterAll
    static void close() {
        sql.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE log_entries SET footage_id = 'x' WHERE idx = 3",
            "DELETE FROM log_entries WHERE idx = 9",
            "TRUNCATE log_entries CASCADE",
            "UPDATE tree_nodes SET hash = hash WHERE level = 1 AND idx = 0",
            "DELETE FROM tree_nodes",
            "TRUNCATE tree_nodes",
            "UPDATE checkpoints SET note = 'forged' WHERE size = 10",
            "DELETE FROM checkpoints WHERE size = 0",
            "TRUNCATE checkpoints CASCADE",
            "DELETE FROM log_head",
            "TRUNCATE log_head",
            "DELETE FROM ledger_keys",
    })
    void rewritesAreRejected(String statement) {
        Exception e = assertThrows(Exception.class, () -> sql.run(statement));
        assertTrue(e.getMessage().contains("is append-only"), e.getMessage());
    }

    @Test
    void theHeadOnlyGrowsAndOnlyOverStoredEntries() {
        Exception shrink = assertThrows(Exception.class, () -> sql.run("UPDATE log_head SET size = 5"));
        assertTrue(shrink.getMessage().contains("log head may only grow: 10 -> 5"), shrink.getMessage());
        Exception beyond = assertThrows(Exception.class, () -> sql.run("UPDATE log_head SET size = 11"));
        assertTrue(beyond.getMessage().contains("log head size 11 names a missing entry"), beyond.getMessage());
    }

    @Test
    void indexesAreContiguousAndHashesAre32Bytes() {
        Exception gap = assertThrows(Exception.class, () -> sql.run(
                "INSERT INTO log_entries (idx, leaf, leaf_hash, footage_id, event_type, event_time, key_id)"
                        + " SELECT 12, leaf, leaf_hash, footage_id, event_type, event_time, key_id FROM log_entries WHERE idx = 0"));
        assertTrue(gap.getMessage().contains("log index 12 leaves a gap: entry 11 is missing"), gap.getMessage());
        Exception shortHash = assertThrows(Exception.class, () -> sql.run(
                "INSERT INTO tree_nodes (level, idx, hash) VALUES (40, 0, '\\x00')"));
        assertTrue(shortHash.getMessage().contains("tree_nodes_hash_check"), shortHash.getMessage());
        Exception negative = assertThrows(Exception.class, () -> sql.run(
                "INSERT INTO checkpoints (size, root, note, key_id) SELECT -1, root, note, key_id FROM checkpoints LIMIT 1"));
        assertTrue(negative.getMessage().contains("checkpoints_size_check"), negative.getMessage());
    }
}
