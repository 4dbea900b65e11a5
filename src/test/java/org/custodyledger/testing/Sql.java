package org.custodyledger.testing;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;

/** Blocking SQL for test set-up and tampering, on its own Vert.x instance. */
public final class Sql implements AutoCloseable {
    private static final String[] LEDGER_TABLES = {"log_entries", "tree_nodes", "checkpoints", "log_head", "ledger_keys"};
    private final Vertx vertx = Vertx.vertx();
    private final Pool pool;

    public Sql(String url) {
        pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
    }

    public RowSet<Row> run(String sql) {
        return Await.result(pool.query(sql).execute());
    }

    /**
     * Runs statements with the ledger's triggers disabled, as the tables' owner (or a
     * superuser) tampering with the database could; the runtime role must own neither.
     */
    public void tamper(String... statements) {
        StringBuilder script = new StringBuilder("BEGIN;");
        for (String table : LEDGER_TABLES) {
            script.append("ALTER TABLE ").append(table).append(" DISABLE TRIGGER USER;");
        }
        for (String s : statements) {
            script.append(s).append(';');
        }
        for (String table : LEDGER_TABLES) {
            script.append("ALTER TABLE ").append(table).append(" ENABLE TRIGGER USER;");
        }
        run(script.append("COMMIT;").toString());
    }

    /**
     * Makes the database refuse inserts into {@code log_entries} of rows matching {@code condition}
     * (over {@code NEW}), as a full disk or a failed commit would; {@link #allowLogInserts} undoes it.
     */
    public void refuseLogInserts(String name, String condition) {
        run("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF " + condition
                + " THEN RAISE EXCEPTION '" + name + "'; END IF; RETURN NEW; END $$;"
                + " CREATE TRIGGER " + name + " BEFORE INSERT ON log_entries FOR EACH ROW EXECUTE FUNCTION " + name + "();");
    }

    public void allowLogInserts(String name) {
        run("DROP TRIGGER " + name + " ON log_entries; DROP FUNCTION " + name + "();");
    }

    /**
     * Takes the log head's row lock, as a sequencer batch does, and keeps it until the answer is
     * closed: every append waits meanwhile, so a test can line requests up between their
     * planning and their batch's admission.
     */
    public AutoCloseable holdLogHead() {
        SqlConnection conn = Await.result(pool.getConnection());
        Await.result(conn.query("BEGIN").execute());
        Await.result(conn.query("SELECT 1 FROM log_head FOR UPDATE").execute());
        return () -> {
            Await.result(conn.query("ROLLBACK").execute());
            Await.result(conn.close());
        };
    }

    public long count(String sql) {
        return run(sql).iterator().next().getLong(0);
    }

    @Override
    public void close() {
        Await.result(pool.close());
        Await.result(vertx.close());
    }
}
