package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.model.FootageRow;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The batch connection keeps its statements' plans. The head lock, sent as a simple query, was
 * parsed and planned again for every batch; as a prepared statement PostgreSQL keeps its plan.
 * A batch's registrations go in as one statement binding arrays: PostgreSQL's default plan
 * choice weighs a generic plan made for 10-element arrays against a custom plan for the arrays
 * bound, and for a batch of a few registrations (light load) the custom plan looked cheaper,
 * so the statement was planned afresh for every batch, 0.7-1.8 ms of PostgreSQL's CPU each
 * (BENCHMARKS.md, issue 22, sixth session). The batch's transaction asks for generic plans, so
 * the plan made once is kept. (Without it: the first five plans are custom in any case, and
 * for these 3-row batches every later one too.)
 */
@ExtendWith(VertxExtension.class)
class BatchPlansTest {
    private static final int BATCHES = 12;

    @Test
    void aBatchOfRegistrationsReusesOnePlan(Vertx vertx) {
        Database db = Database.connect(vertx, TestDatabases.freshDatabase(), 1);
        try {
            Await.result(db.migrate());
            for (int b = 0; b < BATCHES; b++) {
                SqlConnection conn = Await.result(db.pool().getConnection());
                Await.result(conn.query("SET plan_cache_mode = auto").execute()); // the default, whatever the server's
                BatchTransaction.Locked locked = Await.result(BatchTransaction.lock(conn, registrations(b, 3)));
                assertEquals(3, locked.admitted().size(), "every registration of batch " + b + " was admitted");
                Await.result(conn.query("ROLLBACK").execute());
                Await.result(conn.close());
            }
            SqlConnection conn = Await.result(db.pool().getConnection()); // the same session: the pool holds one
            Row plans = plans(conn, "statement LIKE $1", "%INSERT INTO footage%", "the registrations' statement");
            assertEquals(0, plans.getLong("custom_plans"), "the registrations' statement was planned for "
                    + plans.getLong("custom_plans") + " of " + BATCHES + " batches");
            assertTrue(plans.getLong("generic_plans") >= BATCHES, "the plan was reused for "
                    + plans.getLong("generic_plans") + " of " + BATCHES + " batches");
            Await.result(conn.close());
        } finally {
            Await.result(db.close());
        }
    }

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
            Row plans = plans(conn, "statement = $1", LogSql.SELECT_HEAD_FOR_UPDATE, "the head lock");
            // Binding nothing, it has no custom plan to weigh: one generic plan from the first batch on.
            assertEquals(0, plans.getLong("custom_plans"), "the head lock was planned for each batch");
            assertTrue(plans.getLong("generic_plans") >= BATCHES, "the head lock reused its plan for "
                    + plans.getLong("generic_plans") + " of " + BATCHES + " batches");
            Await.result(conn.close());
        } finally {
            Await.result(db.close());
        }
    }

    /** The plan counts of the one statement prepared on {@code conn} that {@code which}, binding {@code text}, selects. */
    private static Row plans(SqlConnection conn, String which, String text, String name) {
        RowSet<Row> prepared = Await.result(conn.preparedQuery("SELECT generic_plans, custom_plans"
                + " FROM pg_prepared_statements WHERE " + which).execute(Tuple.of(text)));
        assertEquals(1, prepared.size(), name + " is not a prepared statement on the batch connection");
        return prepared.iterator().next();
    }

    /** {@code n} registrations of new footage, as the service admits them when no complaint is open. */
    private static List<PendingAppend> registrations(int batch, int n) {
        List<PendingAppend> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] hash = new byte[32];
            hash[0] = (byte) batch;
            hash[1] = (byte) i;
            String id = "f-" + HexFormat.of().formatHex(hash, 0, 16);
            Sha256Digest sha256 = Sha256Digest.fromHex(HexFormat.of().formatHex(hash));
            Instant at = Instant.parse("2026-12-03T12:00:00Z");
            FootageRow row = FootageRow.fresh(id, sha256, 1, null, "f.mp4", "INC-1", null, null, null, "tester", at,
                    false, null, new JsonObject(), null);
            CustodyEvent event = CustodyEvent.of(id, sha256, EventType.REGISTERED, "tester", "officer", at, null, null,
                    Map.of());
            Sequencer.Admission admission = new FootageRegistration(row,
                    new FootageFacts("INC-1", null, null, null, "tester", Duration.ZERO), List.of(), List.of());
            pending.add(new PendingAppend(List.of(event), admission, Promise.promise(), null, false));
        }
        return pending;
    }
}
