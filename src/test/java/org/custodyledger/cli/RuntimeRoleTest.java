package org.custodyledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.custodyledger.config.AppConfig;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.storage.Migration;
import org.custodyledger.storage.RuntimeGrants;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestDatabases;
import org.custodyledger.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * An owner role migrates; the service runs as a runtime role that owns nothing. Its grants
 * suffice for the whole custody workflow, and it cannot rewrite, empty, drop or un-trigger
 * any ledger table.
 */
class RuntimeRoleTest {
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String CHECK_VIOLATION = "23514";
    // one column per table, for an UPDATE the runtime role must not be able to make
    private static final Map<String, String> UNCHANGEABLE_COLUMN = Map.of("schema_history", "checksum",
            "ledger_keys", "public_key", "log_entries", "footage_id", "tree_nodes", "hash", "checkpoints", "note",
            "footage", "sha256", "legal_holds", "reason", "access_failures", "reason",
            "cosigned_checkpoints", "note");

    @TempDir
    static Path dataDir;
    static String ownerRole;
    static String ownerUrl;
    static String runtimeRole;
    static String runtimeUrl;
    static String migrateOutput;
    static Application app;
    static Sql runtime;

    @BeforeAll
    static void migrateAsOwnerThenServeAsRuntimeRole() throws Exception {
        String db = TestDatabases.freshDatabase();
        String name = URI.create(db).getPath().substring(1);
        // roles are cluster-wide: named after the fresh database, so a shared test server never sees one twice
        ownerRole = name + "_owner";
        runtimeRole = name + "_rt";
        try (Sql admin = new Sql(db)) {
            admin.run("CREATE ROLE " + ownerRole + " LOGIN PASSWORD 'owner-secret'");
            admin.run("ALTER DATABASE " + name + " OWNER TO " + ownerRole);
            // what the operator does once, before the first migrate (README, "Owner and runtime roles")
            admin.run("CREATE ROLE " + runtimeRole + " LOGIN PASSWORD 'runtime-secret'");
        }
        ownerUrl = as(db, ownerRole, "owner-secret");
        runtimeUrl = as(db, runtimeRole, "runtime-secret");
        StringWriter out = new StringWriter();
        assertEquals(0, migrate(out, "--db-url", ownerUrl, "--runtime-role", runtimeRole), out.toString());
        migrateOutput = out.toString();
        app = Application.start(AppConfig.forTests(dataDir, runtimeUrl).withoutMigration());
        runtime = new Sql(runtimeUrl);
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (app != null) {
            app.close();
        }
    }

    static String as(String url, String user, String password) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + user + ":" + password + "@" + uri.getHost() + ":" + uri.getPort() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    static int migrate(StringWriter out, String... args) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(out));
        List<String> all = new ArrayList<>(List.of("migrate"));
        all.addAll(List.of(args));
        return cmd.execute(all.toArray(String[]::new));
    }

    static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return pg.getSqlState();
            }
        }
        throw new AssertionError("not a PostgreSQL error", e);
    }

    @Test
    void migratePrintsTheVersionAndTheGrant() {
        List<Migration> all = Migration.fromClasspath();
        assertTrue(migrateOutput.contains("database schema at version " + all.get(all.size() - 1).version()), migrateOutput);
        assertTrue(migrateOutput.contains("granted role " + runtimeRole), migrateOutput);
    }

    @Test
    void theRuntimeRolesGrantsSufficeForTheWholeWorkflow() {
        Http http = new Http(app.port());
        Http officer = http.as(TestTokens.officer("officer-7"));
        Http reviewer = http.as(TestTokens.reviewer("det-ruiz"));
        Http admin = http.as(TestTokens.admin("records-1"));
        byte[] video = new byte[50_000];
        new Random(5).nextBytes(video);

        // by-hash registration, then the bytes arrive: INSERT footage, then UPDATE footage.held
        JsonObject byHash = created(post(officer, "/api/v1/footage/by-hash", new JsonObject()
                .put("sha256", Sha256Hasher.hash(video).hex()).put("size", video.length).put("filename", "dock.mp4")
                .put("storageLocation", "evidence NAS 3")));
        String id = byHash.getString("id");
        HttpResponse<String> upload = officer.send(HttpRequest.newBuilder(officer.uri("/api/v1/footage?filename=dock.mp4"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(video)));
        assertEquals(200, upload.statusCode(), upload.body());
        assertTrue(new JsonObject(upload.body()).getBoolean("held"));

        created(post(reviewer, "/api/v1/footage/" + id + "/events", new JsonObject().put("type", "TRANSFERRED")
                .put("purpose", "court").put("details", new JsonObject().put("to", "Clerk of Court"))));
        assertEquals(200, reviewer.sendBytes(HttpRequest.newBuilder(
                reviewer.uri("/api/v1/footage/" + id + "/content?purpose=review")).GET()).statusCode());
        String holdId = created(post(admin, "/api/v1/footage/" + id + "/holds", new JsonObject()
                .put("reason", "civil suit").put("matter", "CV-1"))).getJsonObject("hold").getString("id");
        assertEquals(200, post(admin, "/api/v1/footage/" + id + "/holds/" + holdId + "/release",
                new JsonObject().put("reason", "settled")).statusCode());
        HttpResponse<String> retention = admin.send(HttpRequest.newBuilder(admin.uri("/api/v1/footage/" + id + "/retention"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(new JsonObject()
                        .put("retainUntil", "2020-01-01T00:00:00Z").put("purpose", "schedule").encode())));
        assertEquals(200, retention.statusCode(), retention.body());
        HttpResponse<String> verified = reviewer.get("/api/v1/footage/" + id + "/verify");
        assertEquals(200, verified.statusCode(), verified.body());
        assertTrue(new JsonObject(verified.body()).getBoolean("verified"), verified.body());
        // tiles read the entries, the tree's nodes and the checkpoints directly, not through the view
        String size = http.get("/tlog/checkpoint").body().split("\n")[1];
        assertEquals(200, http.get("/tlog/tile/0/000.p/" + size).statusCode());
        assertEquals(200, reviewer.get("/tlog/tile/entries/000.p/" + size).statusCode());
        HttpResponse<String> disposed = admin.send(HttpRequest.newBuilder(
                admin.uri("/api/v1/footage/" + id + "?purpose=retention%20ended")).DELETE());
        assertEquals(200, disposed.statusCode(), disposed.body());
        // a refused request is written to the access audit
        assertEquals(401, http.get("/api/v1/footage/" + id).statusCode());

        HttpResponse<String> history = reviewer.get("/api/v1/footage/" + id + "/history");
        List<String> types = new ArrayList<>();
        new JsonObject(history.body()).getJsonArray("items").forEach(e -> types.add(((JsonObject) e).getString("type")));
        assertEquals(List.of("REGISTERED", "RESUBMITTED", "TRANSFERRED", "VIEWED", "HOLD_PLACED", "HOLD_RELEASED",
                "RETENTION_SET", "VERIFIED", "DISPOSED"), types);
        assertEquals(1, runtime.count("SELECT count(*) FROM access_failures"));
    }

    private static HttpResponse<String> post(Http as, String path, JsonObject body) {
        return as.send(HttpRequest.newBuilder(as.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    private static JsonObject created(HttpResponse<String> r) {
        assertEquals(201, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    static Stream<String> rewrites() {
        List<String> statements = new ArrayList<>();
        for (String table : RuntimeGrants.TABLES) {
            if (UNCHANGEABLE_COLUMN.containsKey(table)) {
                String column = UNCHANGEABLE_COLUMN.get(table);
                statements.add("UPDATE " + table + " SET " + column + " = " + column);
            }
            statements.add("DELETE FROM " + table);
            statements.add("TRUNCATE " + table + " CASCADE");
            statements.add("ALTER TABLE " + table + " DISABLE TRIGGER ALL");
            statements.add("DROP TABLE " + table + " CASCADE");
        }
        statements.add("INSERT INTO schema_history (version, description, checksum) VALUES (999, 'forged', 'x')");
        statements.add("DROP TRIGGER log_entries_append_only ON log_entries");
        statements.add("CREATE OR REPLACE FUNCTION ledger_reject_change() RETURNS trigger LANGUAGE plpgsql"
                + " AS $$ BEGIN RETURN OLD; END $$");
        // replica mode would skip every trigger in the session
        statements.add("SET session_replication_role = replica");
        return statements.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rewrites")
    void theRuntimeRoleCannotRewriteEmptyDropOrUntriggerTheLedger(String statement) {
        Exception e = assertThrows(Exception.class, () -> runtime.run(statement));
        assertEquals(INSUFFICIENT_PRIVILEGE, sqlState(e), e.getMessage());
    }

    @Test
    void theHeadRowTheRuntimeRoleMovesOnlyMovesForward() {
        Exception e = assertThrows(Exception.class, () -> runtime.run("UPDATE log_head SET size = size - 1"));
        assertEquals(CHECK_VIOLATION, sqlState(e), e.getMessage());
        assertTrue(e.getMessage().contains("log head may only grow"), e.getMessage());
    }

    @Test
    void everyTableOfTheSchemaHasItsGrantsDecided() {
        Set<String> tables = new TreeSet<>();
        try (Sql owner = new Sql(ownerUrl)) {
            owner.run("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
                    .forEach(row -> tables.add(row.getString(0)));
        }
        Set<String> decided = new TreeSet<>(RuntimeGrants.TABLES);
        decided.addAll(RuntimeGrants.VIEWS);
        assertEquals(decided, tables, "a table or view added by a new schema file needs its runtime grants in RuntimeGrants");
    }

    @Test
    void migrateRefusesARuntimeRoleItCannotRestrict() {
        StringWriter owner = new StringWriter();
        assertEquals(1, migrate(owner, "--db-url", ownerUrl, "--runtime-role", ownerRole));
        assertTrue(owner.toString().contains("migrate failed: role " + ownerRole + " owns the ledger tables"), owner.toString());
        StringWriter missing = new StringWriter();
        assertEquals(1, migrate(missing, "--db-url", ownerUrl, "--runtime-role", "no_such_role"));
        assertTrue(missing.toString().contains("role no_such_role does not exist: create it first"), missing.toString());
        StringWriter odd = new StringWriter();
        assertEquals(1, migrate(odd, "--db-url", ownerUrl, "--runtime-role", "x\"; DROP TABLE footage; --"));
        assertTrue(odd.toString().contains("runtime role name must be a lower-case SQL identifier"), odd.toString());
    }

    @Test
    void servingAsTheRuntimeRoleWithoutNoMigrateSaysWhatToDo() throws Exception {
        // PostgreSQL 15 took CREATE on the public schema away from every role; on 14 the runtime role could create there
        assumeTrue(runtime.count("SELECT current_setting('server_version_num')::int") >= 150000);
        Exception e = assertThrows(Exception.class,
                () -> Application.start(AppConfig.forTests(dataDir, runtimeUrl)).close());
        assertTrue(e.getMessage().startsWith("this database role may not change the schema (")
                && e.getMessage().endsWith("apply it with `migrate --db-url OWNER_URL` and start serve with --no-migrate"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line for the operator");
    }
}
