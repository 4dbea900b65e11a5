package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every batch opens with the head lock. Sent as a simple query it was parsed and planned again
 * for every batch; as a prepared statement PostgreSQL keeps its plan on the batch connection.
 */
@ExtendWith(VertxExtension.class)
class HeadLockPlanTest {
    private static final int BATCHES = 10;

    @Test
    void theHeadLockIsPlannedOnceAndItsPlanReused(Vertx vertx) {
        Database db = Database.connect(vertx, TestDatabases.freshDatabase(), 1);
        try {
            Await.result(db.migrate());
            SqlConnection conn = Await.result(db.pool().getConnection());
            Await.result(conn.query("SET plan_cache_mode = auto").execute()); // the default, whatever the server's
            for (int i = 0; i < BATCHES; i++) {
                Await.result(conn.query("BEGIN").execute());
                assertEquals(0, Await.result(StoredTree.head(conn, true)).size());
                Await.result(conn.query("COMMIT").execute());
            }
            RowSet<Row> prepared = Await.result(conn.preparedQuery(
                    "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1")
                    .execute(Tuple.of(LogSql.SELECT_HEAD_FOR_UPDATE)));
            assertEquals(1, prepared.size(), "the head lock is not a prepared statement on the batch connection");
            Row plans = prepared.iterator().next();
            // Binding nothing, it has no custom plan to weigh: one generic plan from the first batch on.
            assertEquals(0, plans.getLong("custom_plans"), "the head lock was planned for each batch");
            assertTrue(plans.getLong("generic_plans") >= BATCHES, "the head lock reused its plan for "
                    + plans.getLong("generic_plans") + " of " + BATCHES + " batches");
            Await.result(conn.close());
        } finally {
            Await.result(db.close());
        }
    }
}
