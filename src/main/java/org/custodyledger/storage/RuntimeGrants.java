package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Everything the service's runtime role may do, and nothing more: read, append to the ledger,
 * and change only the columns the custody workflow moves (head, holds' release, footage state).
 * It owns nothing, so it can neither disable the append-only triggers nor drop a table. The one
 * place these grants are written; {@code migrate --runtime-role} applies them, README shows them.
 */
public final class RuntimeGrants {
    /** Every table the schema creates; all are revoked first, so a re-grant is exact whatever was granted before. */
    public static final List<String> TABLES = List.of("schema_history", "ledger_keys", "log_entries", "tree_nodes",
            "checkpoints", "log_head", "footage", "legal_holds", "access_failures", "cosigned_checkpoints", "cases",
            "case_members", "shares", "share_items", "complaints", "complaint_footage", "checkpoint_timestamps",
            "published_reports", "refusal_counted_days");
    /** Every view the schema creates: read-only for the runtime role. */
    public static final List<String> VIEWS = List.of("merkle_nodes");

    // Only plain identifiers: with no quote character possible, quoting the name ourselves is safe.
    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private RuntimeGrants() {
    }

    /**
     * The statements, for {@code role} on the tables in {@code schema} (both already quoted).
     * The identity columns (footage.seq, access_failures.id) need no sequence grant: PostgreSQL
     * draws identity values without checking the sequence's privileges.
     */
    public static List<String> statements(String schema, String role) {
        return List.of(
                "REVOKE ALL ON TABLE " + String.join(", ", TABLES) + ", " + String.join(", ", VIEWS) + " FROM " + role,
                "GRANT USAGE ON SCHEMA " + schema + " TO " + role,
                // read, to refuse a schema this build does not match; never written (only the owner migrates)
                "GRANT SELECT ON schema_history TO " + role,
                // proofs and the start-up check read the tree's nodes, leaves included, through the view (tiles read
                // log_entries and tree_nodes directly, granted below)
                "GRANT SELECT ON " + String.join(", ", VIEWS) + " TO " + role,
                "GRANT SELECT, INSERT ON ledger_keys, log_entries, tree_nodes, checkpoints, access_failures,"
                        + " cosigned_checkpoints, checkpoint_timestamps TO " + role,
                // a rotation at start-up opens the new key's period and closes the old one's (a trigger: once each);
                // revoked_from is the owner's alone (`revoke-key`)
                "GRANT UPDATE (first_size, last_size, retired_at) ON ledger_keys TO " + role,
                // the single head row moves forward (a trigger holds that); SELECT … FOR UPDATE needs UPDATE too
                "GRANT SELECT, UPDATE (size, root, updated_at) ON log_head TO " + role,
                // uploads complete a hash-only record (held), retention and disposal; never the hash or the metadata
                "GRANT SELECT, INSERT, UPDATE (held, retain_until, disposed_at) ON footage TO " + role,
                // a hold is released once (a trigger holds that); its reason and matter never change
                "GRANT SELECT, INSERT, UPDATE (released_by, released_at, release_reason) ON legal_holds TO " + role,
                // cases and what a share covers are written once; a membership ends once, a share is revoked once
                "GRANT SELECT, INSERT ON cases, share_items TO " + role,
                "GRANT SELECT, INSERT, UPDATE (removed_by, removed_at, removed_reason) ON case_members TO " + role,
                "GRANT SELECT, INSERT, UPDATE (revoked_by, revoked_at, revoke_reason) ON shares TO " + role,
                // what a complainant submitted never changes (a trigger holds that); the investigation moves
                "GRANT SELECT, INSERT, UPDATE (status, investigator, outcome, closed_at, footage_matched) ON complaints TO "
                        + role,
                "GRANT SELECT, INSERT ON complaint_footage TO " + role,
                // published reports and the days whose refusals were counted are written once
                "GRANT SELECT, INSERT ON published_reports, refusal_counted_days TO " + role);
    }

    /**
     * Grants {@link #statements} to {@code role}, connected as the schema's owner, in one
     * transaction. Refuses a role that does not exist, a superuser (no grant restricts it) and
     * the owner or a member of it (it could disable the triggers).
     */
    public static Future<Void> grant(Pool pool, String role) {
        if (role == null || !ROLE_NAME.matcher(role).matches()) {
            return Future.failedFuture(new StorageException("runtime role name must be a lower-case SQL identifier "
                    + "(letters, digits, _; at most 63): " + role));
        }
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        SELECT r.rolsuper, pg_has_role(r.oid, c.relowner, 'MEMBER'), quote_ident(current_schema()),
                               r.rolcreaterole
                        FROM pg_roles r, pg_class c
                        WHERE r.rolname = $1 AND c.oid = 'log_entries'::regclass""").execute(Tuple.of(role))
                .compose(rows -> apply(conn, role, rows)));
    }

    private static Future<Void> apply(SqlConnection conn, String role, RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Future.failedFuture(new StorageException("role " + role + " does not exist: create it first, e.g. "
                    + "CREATE ROLE " + role + " LOGIN PASSWORD '…'"));
        }
        Row row = rows.iterator().next();
        if (row.getBoolean(0)) {
            return Future.failedFuture(new StorageException("role " + role
                    + " is a superuser, which no grant restricts: the runtime role must be an ordinary role"));
        }
        if (row.getBoolean(1)) {
            return Future.failedFuture(new StorageException("role " + role + " owns the ledger tables (or is a member "
                    + "of their owner) and could disable their triggers: the runtime role must be another role"));
        }
        if (row.getBoolean(3)) {
            // Before PostgreSQL 16 a CREATEROLE role can grant itself membership in the owner's role.
            return Future.failedFuture(new StorageException("role " + role + " has CREATEROLE, with which it could make "
                    + "itself a member of the ledger's owner: the runtime role must be an ordinary role (NOCREATEROLE)"));
        }
        Future<Void> chain = Future.succeededFuture();
        for (String statement : statements(row.getString(2), '"' + role + '"')) {
            chain = chain.compose(v -> conn.query(statement).execute().mapEmpty());
        }
        return chain;
    }
}
