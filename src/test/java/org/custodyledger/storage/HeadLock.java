package org.custodyledger.storage;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import org.custodyledger.testing.Await;

/**
 * Another writer holding the log head's row lock: a batch formed meanwhile waits for it, and
 * the appends after that wait in the queue, so a test decides what the next batch holds.
 */
final class HeadLock implements AutoCloseable {
    private final Database db;
    private final SqlConnection conn;

    private HeadLock(Database db, SqlConnection conn) {
        this.db = db;
        this.conn = conn;
    }

    static HeadLock hold(Vertx vertx, String url) {
        Database db = Database.connect(vertx, url, 1);
        SqlConnection conn = Await.result(db.pool().getConnection());
        Await.result(conn.query("BEGIN").execute());
        Await.result(conn.query("SELECT size FROM log_head WHERE id = 0 FOR UPDATE").execute());
        return new HeadLock(db, conn);
    }

    /** Ends the holder's transaction: the batch waiting for the lock goes on. */
    void release() {
        Await.result(conn.query("COMMIT").execute());
    }

    @Override
    public void close() {
        conn.close();
        db.close();
    }
}
