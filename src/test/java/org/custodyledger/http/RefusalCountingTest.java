package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.custodyledger.storage.Database;
import org.custodyledger.storage.ReportStore;
import org.custodyledger.service.RefusalCounting;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A finished day's refusals become one ACCESS_REFUSALS_COUNTED event, even when two instances count at once. */
class RefusalCountingTest {
    @RegisterExtension
    static final RunningService service = new RunningService();

    @Test
    void twoInstancesCountingTogetherAppendOneEventPerDay() {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(3);
        for (int i = 0; i < 3; i++) {
            service.sql().run("INSERT INTO access_failures (at, status, method, route, reason) VALUES ('" + day
                    + "T10:00:0" + i + "Z', 401, 'GET', '/api/v1/footage/f-1', 'no token')");
        }
        service.sql().run("INSERT INTO access_failures (at, status, method, route, reason) VALUES ('" + day
                + "T11:00:00Z', 403, 'GET', '/api/v1/cases', 'role')");
        Vertx vertx = Vertx.vertx();
        Database db = Database.connect(vertx, service.dbUrl(), 2);
        try {
            ReportStore store = new ReportStore(db.pool());
            RefusalCounting a = new RefusalCounting(vertx, store, service.app().sequencer(), Clock.systemUTC());
            RefusalCounting b = new RefusalCounting(vertx, store, service.app().sequencer(), Clock.systemUTC());
            var both = Await.result(Future.all(a.countFinishedDays(), b.countFinishedDays()));
            assertEquals(1, (int) both.<Integer>resultAt(0) + both.<Integer>resultAt(1));
            assertEquals(1, service.sql().count("SELECT count(*) FROM log_entries WHERE event_type = 'ACCESS_REFUSALS_COUNTED'"
                    + " AND footage_id = '" + day + "'"));
            String leaf = service.sql().run("SELECT convert_from(leaf, 'UTF8') FROM log_entries WHERE footage_id = '" + day
                    + "'").iterator().next().getString(0);
            assertTrue(leaf.contains("\"401\":\"3\"") && leaf.contains("\"401:footage\":\"3\"") && leaf.contains("\"403:cases\":\"1\""), leaf);
            assertEquals(0, (int) Await.result(a.countFinishedDays()));
        } finally {
            db.close();
            vertx.close();
        }
    }

    @Test
    void yearsOfUncountedDaysAreWalkedAsALoop() throws Exception {
        // A ledger upgraded onto years of refusals: every day since the first is looked at once.
        RunningService fresh = new RunningService();
        LocalDate first = LocalDate.now(ZoneOffset.UTC).minusDays(2_000);
        LocalDate last = LocalDate.now(ZoneOffset.UTC).minusDays(2);
        Vertx vertx = Vertx.vertx();
        try {
            fresh.beforeAll(null);
            try {
                for (LocalDate day : new LocalDate[] {first, last}) {
                    fresh.sql().run("INSERT INTO access_failures (at, status, method, route, reason) VALUES ('" + day
                            + "T10:00:00Z', 401, 'GET', '/api/v1/cases', 'no token')");
                }
                Database db = Database.connect(vertx, fresh.dbUrl(), 2);
                try {
                    RefusalCounting counting = new RefusalCounting(vertx, new ReportStore(db.pool()), fresh.app().sequencer(),
                            Clock.systemUTC());
                    AtomicInteger depthAtCompletion = new AtomicInteger();
                    Await.result(counting.countFinishedDays()
                            .onComplete(r -> depthAtCompletion.set(new Throwable().getStackTrace().length)));
                    // One future nested per day completed through all 2,000 levels on one stack (over 1,024 frames).
                    assertTrue(depthAtCompletion.get() < 300, "completed " + depthAtCompletion.get() + " frames deep");
                    // The service's own counter may have taken a day meanwhile: between them, each day once.
                    assertEquals(2, fresh.sql().count("SELECT count(*) FROM log_entries"
                            + " WHERE event_type = 'ACCESS_REFUSALS_COUNTED' AND footage_id IN ('" + first + "', '" + last + "')"));
                } finally {
                    Await.result(db.close());
                }
            } finally {
                fresh.afterAll(null);
            }
        } finally {
            vertx.close();
        }
    }
}
