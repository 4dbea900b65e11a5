package org.custodyledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.custodyledger.config.AppConfig;
import org.custodyledger.storage.Database;
import org.custodyledger.storage.Migration;
import org.custodyledger.storage.SchemaMigrator;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve --no-migrate} only checks the schema version, and refuses one that is not this build's. */
class NoMigrateTest {
    private static final List<Migration> ALL = Migration.fromClasspath();
    private static final int NEWEST = ALL.get(ALL.size() - 1).version();
    /** The version before the newest: schema numbers may leave gaps (a number reserved for other work). */
    private static final int PREVIOUS = ALL.get(ALL.size() - 2).version();

    @TempDir
    Path dataDir;

    /** A database migrated by an older build: every schema file but the newest. */
    private static String databaseOneVersionBehind() {
        String url = TestDatabases.freshDatabase();
        Vertx vertx = Vertx.vertx();
        try {
            Database db = Database.connect(vertx, url, 1);
            Await.result(new SchemaMigrator(ALL.subList(0, ALL.size() - 1)).migrate(db.pool()));
            Await.result(db.close());
        } finally {
            Await.result(vertx.close());
        }
        return url;
    }

    @Test
    void aSchemaBehindTheBuildIsRefusedAndLeftAlone() {
        String url = databaseOneVersionBehind();
        Exception e = assertThrows(Exception.class,
                () -> Application.start(AppConfig.forTests(dataDir, url).withoutMigration()).close());
        assertEquals("the database schema is at version " + PREVIOUS + " but this build needs " + NEWEST
                + ": run `migrate --db-url OWNER_URL` first", e.getMessage());
        try (Sql sql = new Sql(url)) {
            assertEquals(PREVIOUS, sql.count("SELECT max(version) FROM schema_history"), "no migration was attempted");
        }
    }

    @Test
    void serveWithTheFlagRefusesToStartOnASchemaBehind() {
        String url = databaseOneVersionBehind();
        // bounded: a serve that started anyway would wait for SIGTERM
        int code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> new CommandLine(new Main()).execute(
                "serve", "--db-url", url, "--no-migrate", "--port", "0", "--data-dir", dataDir.toString()));
        assertEquals(1, code);
        try (Sql sql = new Sql(url)) {
            assertEquals(PREVIOUS, sql.count("SELECT max(version) FROM schema_history"));
        }
    }

    @Test
    void theAuditNamesASchemaBehindInsteadOfFailingOnAMissingRelation() {
        String url = databaseOneVersionBehind();
        Cli.Result audit = Cli.run("audit", "--db-url", url);
        assertEquals(2, audit.exit(), audit.err());
        assertTrue(audit.err().contains("the audit could not run: the database schema is at version " + PREVIOUS
                + " but this build needs " + NEWEST), audit.err());
        try (Sql sql = new Sql(url)) {
            assertEquals(PREVIOUS, sql.count("SELECT max(version) FROM schema_history"), "the audit changed nothing");
        }
    }

    @Test
    void anUnmigratedDatabaseIsVersionZeroAndStaysEmpty() {
        String url = TestDatabases.freshDatabase();
        Exception e = assertThrows(Exception.class,
                () -> Application.start(AppConfig.forTests(dataDir, url).withoutMigration()).close());
        assertEquals("the database schema is at version 0 but this build needs " + NEWEST
                + ": run `migrate --db-url OWNER_URL` first", e.getMessage());
        try (Sql sql = new Sql(url)) {
            assertEquals(0, sql.count("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"));
        }
    }

    @Test
    void aSchemaAheadOfTheBuildIsRefused() {
        String url = TestDatabases.freshDatabase();
        assertEquals(0, new CommandLine(new Main()).execute("migrate", "--db-url", url));
        try (Sql sql = new Sql(url)) {
            sql.run("INSERT INTO schema_history (version, description, checksum) VALUES (999, 'from the future', 'x')");
        }
        Exception e = assertThrows(Exception.class,
                () -> Application.start(AppConfig.forTests(dataDir, url).withoutMigration()).close());
        assertTrue(e.getMessage().startsWith("the database has schema version 999, which this build does not know"),
                e.getMessage());
    }
}
