package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned schema files in order, each once, recording them in
 * {@code schema_history}. Refuses a database that has a version this build does not know
 * (a newer release ran on it) or whose applied file was since edited. One transaction,
 * under an advisory lock, so two instances starting together migrate once. A runtime role
 * that may not change the schema only checks it ({@link #requireCurrent}).
 */
public final class SchemaMigrator {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final long LOCK_KEY = 0x637573746F6479L; // "custody"
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private final List<Migration> migrations;

    public SchemaMigrator(List<Migration> migrations) {
        this.migrations = List.copyOf(migrations);
    }

    /** Applies what is pending; answers the schema version the database is at afterwards. */
    public Future<Integer> migrate(Pool pool) {
        return pool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")").execute()
                // CREATE ... IF NOT EXISTS would otherwise log a NOTICE on every start
                .compose(v -> conn.query("SET LOCAL client_min_messages = warning").execute())
                .compose(v -> conn.query("""
                        CREATE TABLE IF NOT EXISTS schema_history (
                          version     integer PRIMARY KEY CHECK (version > 0),
                          description text NOT NULL,
                          checksum    text NOT NULL,
                          applied_at  timestamptz NOT NULL DEFAULT now())""").execute())
                .compose(v -> conn.query("SELECT version, checksum FROM schema_history ORDER BY version").execute())
                .compose(rows -> {
                    Map<Integer, String> applied = applied(rows);
                    check(applied);
                    return applyPending(conn, applied);
                }))
                .recover(e -> Future.failedFuture(isPermissionDenied(e) ? new StorageException(
                        "this database role may not change the schema (" + e.getMessage() + "): apply it with "
                                + "`migrate --db-url OWNER_URL` and start serve with --no-migrate", e) : e));
    }

    /**
     * Reads the schema version without changing anything; fails unless it is exactly this
     * build's (behind: the owner must run {@code migrate} first; ahead or edited: as {@link #migrate}).
     */
    public Future<Integer> requireCurrent(Pool pool) {
        int newest = newest();
        // to_regclass: a database nobody migrated has no schema_history yet, which is version 0, not an error
        return pool.query("SELECT to_regclass('schema_history') IS NOT NULL").execute()
                .compose(exists -> exists.iterator().next().getBoolean(0)
                        ? pool.query("SELECT version, checksum FROM schema_history ORDER BY version").execute()
                                .map(SchemaMigrator::applied)
                        : Future.succeededFuture(Map.<Integer, String>of()))
                .recover(e -> Future.failedFuture(isPermissionDenied(e) ? new StorageException(
                        "this database role cannot read the schema version (" + e.getMessage() + "): grant it with "
                                + "`migrate --db-url OWNER_URL --runtime-role ROLE`", e) : e))
                .map(applied -> {
                    check(applied);
                    int at = applied.keySet().stream().mapToInt(i -> i).max().orElse(0);
                    // Every known version, not only the highest (check refused a gap below it): none may be missing.
                    if (migrations.stream().anyMatch(m -> !applied.containsKey(m.version()))) {
                        throw new StorageException("the database schema is at version " + at + " but this build needs "
                                + newest + ": run `migrate --db-url OWNER_URL` first");
                    }
                    return at;
                });
    }

    private int newest() {
        return migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
    }

    private static Map<Integer, String> applied(Iterable<Row> rows) {
        Map<Integer, String> applied = new HashMap<>();
        for (Row row : rows) {
            applied.put(row.getInteger("version"), row.getString("checksum"));
        }
        return applied;
    }

    private static boolean isPermissionDenied(Throwable e) {
        return e instanceof PgException pg && INSUFFICIENT_PRIVILEGE.equals(pg.getSqlState());
    }

    /** Every applied version known and unedited, and none missing below the highest applied (never applied out of order). */
    private void check(Map<Integer, String> applied) {
        int newest = newest();
        int at = applied.keySet().stream().mapToInt(i -> i).max().orElse(0);
        Map<Integer, Migration> known = new HashMap<>();
        migrations.forEach(m -> known.put(m.version(), m));
        for (Map.Entry<Integer, String> e : applied.entrySet()) {
            Migration m = known.get(e.getKey());
            if (m == null) {
                throw new StorageException("the database has schema version " + e.getKey()
                        + ", which this build does not know (it knows up to " + newest
                        + "); a newer custody-ledger has used it - run that version instead");
            }
            if (!m.checksum().equals(e.getValue())) {
                throw new StorageException("schema file V" + m.version() + " changed after it was applied to this database"
                        + " (checksum " + e.getValue() + " applied, " + m.checksum() + " now); schema files must never be edited");
            }
        }
        List<Integer> gaps = migrations.stream().map(Migration::version).filter(v -> v < at && !applied.containsKey(v)).toList();
        if (!gaps.isEmpty()) {
            throw new StorageException("the database has schema version " + at + " but not versions " + gaps
                    + " below it: its schema_history was altered or a migration was skipped; restore it from a backup");
        }
    }

    private Future<Integer> applyPending(SqlConnection conn, Map<Integer, String> applied) {
        Future<Integer> chain = Future.succeededFuture(applied.keySet().stream().mapToInt(i -> i).max().orElse(0));
        for (Migration m : migrations) {
            if (applied.containsKey(m.version())) {
                continue;
            }
            chain = chain.compose(previous -> {
                log.info("applying schema V{} ({})", m.version(), m.description());
                return conn.query(m.sql()).execute()
                        .compose(r -> conn.preparedQuery(
                                        "INSERT INTO schema_history (version, description, checksum) VALUES ($1, $2, $3)")
                                .execute(Tuple.of(m.version(), m.description(), m.checksum())))
                        .map(r -> m.version());
            });
        }
        return chain;
    }
}
