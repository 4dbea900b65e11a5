package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/** The connection pool to the system-of-record PostgreSQL. */
public final class Database {
    private final Pool pool;

    private Database(Pool pool) {
        this.pool = pool;
    }

    public static Database connect(Vertx vertx, String url, int poolSize) {
        PgConnectOptions connect = options(url);
        connect.setCachePreparedStatements(true)
                .setPipeliningLimit(256)
                .setReconnectAttempts(0)
                // Every session commits durably, whatever the server's or database's default says:
                // an acknowledged custody event must survive a crash.
                .addProperty("synchronous_commit", "on");
        // Named, so that the pool's metrics say whose connections they count.
        PoolOptions poolOptions = new PoolOptions().setName("custody-db").setMaxSize(poolSize).setMaxWaitQueueSize(10_000);
        return new Database(PgBuilder.pool().with(poolOptions).connectingTo(connect).using(vertx).build());
    }

    /** The connection options a {@code postgresql://} URL names; refused with the form it wants. */
    static PgConnectOptions options(String url) {
        try {
            return PgConnectOptions.fromUri(url);
        } catch (RuntimeException e) {
            throw new StorageException("invalid database URL (want postgresql://user:password@host:port/db): "
                    + e.getMessage(), e);
        }
    }

    public Pool pool() {
        return pool;
    }

    /** Applies the schema files shipped with this build. */
    public Future<Integer> migrate() {
        return new SchemaMigrator(Migration.fromClasspath()).migrate(pool);
    }

    /** Checks, read-only, that the schema is exactly this build's: what a runtime role that may not migrate does. */
    public Future<Integer> requireCurrentSchema() {
        return new SchemaMigrator(Migration.fromClasspath()).requireCurrent(pool);
    }

    /** Succeeds if a round trip to the database finishes within the timeout. */
    public Future<Void> ping(long timeoutMillis) {
        return pool.query("SELECT 1").execute().<Void>mapEmpty().timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    public Future<Void> close() {
        return pool.close();
    }
}
