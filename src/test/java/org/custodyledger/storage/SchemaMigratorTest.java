package org.custodyledger.storage;

import org.custodyledger.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SchemaMigratorTest {
    @Test
    void appliesOnceAndIsIdempotent(Vertx vertx) {
        String url = TestDatabases.freshDatabase();
        Database db = Database.connect(vertx, url, 2);
        List<Migration> all = Migration.fromClasspath();
        int newest = all.get(all.size() - 1).version();
        assertEquals(newest, Await.result(db.migrate()));
        assertEquals(newest, Await.result(db.migrate()));
        try (Sql sql = new Sql(url)) {
            assertEquals(all.size(), sql.count("SELECT count(*) FROM schema_history"));
            assertEquals(1, sql.count("SELECT count(*) FROM log_head"));
        }
    }

    @Test
    void refusesADatabaseWithAnUnknownNewerVersion(Vertx vertx) {
        StorageException e = migrationRefusedAfter(vertx,
                "INSERT INTO schema_history (version, description, checksum) VALUES (999, 'from the future', 'x')");
        assertTrue(e.getMessage().startsWith("the database has schema version 999, which this build does not know"),
                e.getMessage());
    }

    @Test
    void refusesAnEditedSchemaFile(Vertx vertx) {
        StorageException e = migrationRefusedAfter(vertx, "UPDATE schema_history SET checksum = 'edited' WHERE version = 1");
        assertTrue(e.getMessage().startsWith("schema file V1 changed after it was applied"), e.getMessage());
    }

    @Test
    void refusesADatabaseMissingAMiddleVersionWhetherMigratingOrOnlyChecking(Vertx vertx) {
        String url = TestDatabases.freshDatabase();
        Database db = Database.connect(vertx, url, 2);
        Await.result(db.migrate());
        try (Sql sql = new Sql(url)) {
            sql.run("DELETE FROM schema_history WHERE version = 3");
        }
        StorageException checked = assertThrows(StorageException.class, () -> Await.result(db.requireCurrentSchema()));
        assertTrue(checked.getMessage().contains("but not versions [3] below it"), checked.getMessage());
        StorageException migrating = assertThrows(StorageException.class, () -> Await.result(db.migrate()));
        assertTrue(migrating.getMessage().contains("but not versions [3] below it"), migrating.getMessage());
    }

    /** Why migrating again fails on a migrated database once {@code change} has run on it. */
    private static StorageException migrationRefusedAfter(Vertx vertx, String change) {
        String url = TestDatabases.freshDatabase();
        Database db = Database.connect(vertx, url, 2);
        Await.result(db.migrate());
        try (Sql sql = new Sql(url)) {
            sql.run(change);
        }
        return assertThrows(StorageException.class, () -> Await.result(db.migrate()));
    }

    @Test
    void fileNamesMustFollowTheConvention() {
        assertEquals("schema file name is not V<version>__<description>.sql: V1_x.sql",
                assertThrows(StorageException.class, () -> Migration.of("V1_x.sql", "")).getMessage());
        Migration m = Migration.of("V12__footage_store.sql", "SELECT 1");
        assertEquals(12, m.version());
        assertEquals("footage store", m.description());
    }
}
