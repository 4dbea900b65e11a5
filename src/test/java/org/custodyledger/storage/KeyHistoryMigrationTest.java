package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * V11 on an existing ledger: a ledger migrated up to the version before it, whose log was signed
 * by one key and then (before rotation existed, without a handover) by another, gets each key's
 * period filled from its entries and checkpoints — the key that began last is current.
 */
@ExtendWith(VertxExtension.class)
class KeyHistoryMigrationTest {
    @Test
    void fillsEachKeysPeriodFromTheLog(Vertx vertx) {
        String url = TestDatabases.freshDatabase();
        List<Migration> all = Migration.fromClasspath();
        List<Migration> before = all.stream().filter(m -> m.version() < 11).toList();
        Database db = Database.connect(vertx, url, 2);
        Await.result(new SchemaMigrator(before).migrate(db.pool()));
        try (Sql sql = new Sql(url)) {
            for (String id : List.of("0000000a", "0000000b", "0000000c")) {
                sql.run("INSERT INTO ledger_keys (key_id, name, public_key, verifier_key) VALUES ('" + id + "', 'log',"
                        + " decode(repeat('" + id.substring(7) + "', 64), 'hex'), 'log+" + id + "')");
            }
            // key a: entries 0-2 and the empty tree's checkpoint; key b: entries 3-4; key c: registered, never used
            for (int i = 0; i < 5; i++) {
                sql.run("INSERT INTO log_entries (idx, leaf, leaf_hash, footage_id, event_type, event_time, key_id) VALUES ("
                        + i + ", '\\x01', decode(repeat('00', 32), 'hex'), 'f', 'VIEWED', now(), '"
                        + (i < 3 ? "0000000a" : "0000000b") + "')");
            }
            for (int[] cp : new int[][] {{0, 'a'}, {3, 'a'}, {5, 'b'}}) {
                sql.run("INSERT INTO checkpoints (size, root, note, key_id) VALUES (" + cp[0]
                        + ", decode(repeat('00', 32), 'hex'), 'n', '0000000" + (char) cp[1] + "')");
            }
        }
        Await.result(new SchemaMigrator(all).migrate(db.pool()));
        try (Sql sql = new Sql(url)) {
            List<String> rows = new ArrayList<>();
            sql.run("SELECT key_id, first_size, last_size, revoked_from FROM ledger_keys ORDER BY key_id")
                    .forEach(r -> rows.add(r.getString(0) + " " + r.getLong(1) + " " + r.getLong(2) + " " + r.getLong(3)));
            assertEquals(List.of("0000000a 0 3 null", "0000000b 3 null null", "0000000c null null null"), rows);
        }
        Await.result(db.close());
    }
}
