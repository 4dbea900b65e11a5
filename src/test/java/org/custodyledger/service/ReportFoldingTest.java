package org.custodyledger.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.note.StoredCheckpoint;
import org.custodyledger.report.Period;
import org.custodyledger.report.PeriodFolds;
import org.custodyledger.report.TransparencyReport;
import org.custodyledger.storage.Database;
import org.custodyledger.storage.LedgerAttestationStore;
import org.custodyledger.storage.LedgerStore;
import org.custodyledger.storage.ReportStore;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service's reports over a real ledger: the quarters the dashboard asks for together come
 * from one pass over the log, and each is the same bytes as its report computed alone; a pass of
 * thousands of pages neither overflows the stack nor keeps its pages.
 */
class ReportFoldingTest {
    @RegisterExtension
    static final RunningService service = new RunningService();

    private static void views(String from, int n, String unit) {
        List<Future<?>> appends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            appends.add(service.app().sequencer().append(CustodyEvent.of("f-pass" + (i % 4), Sha256Digest.of(new byte[32]),
                    EventType.VIEWED, "someone", i % 2 == 0 ? "reviewer" : "officer", Instant.parse(from).plusSeconds(97L * i),
                    "review", null, Map.of()).withUnit(unit)));
        }
        Await.result(Future.all(appends));
    }

    @Test
    void theQuartersComeFromOnePassAndEachIsTheBytesOfItsReportAlone() {
        views("2026-04-03T10:00:00Z", 9, "Central");
        views("2026-08-01T10:00:00Z", 14, "North");
        views("2026-10-05T10:00:00Z", 6, "Central");
        Vertx vertx = Vertx.vertx();
        Database db = Database.connect(vertx, service.dbUrl(), 4);
        try {
            LedgerStore ledger = new LedgerStore(db.pool());
            ReportFolding folding = new ReportFolding(vertx, ledger, new LedgerAttestationStore(db.pool()));
            Clock clock = Clock.systemUTC();
            TransparencyReports reports = new TransparencyReports(folding, ledger, new ReportStore(db.pool()),
                    service.app().sequencer(), clock, 5);
            List<Period> quarters = Period.between(Instant.parse("2026-04-03T10:00:00Z"), clock.instant()).stream()
                    .filter(p -> p.kind() == Period.Kind.QUARTER).toList();
            Map<String, byte[]> served = new java.util.LinkedHashMap<>();
            for (Period q : quarters) {
                served.put(q.id(), Await.result(reports.report(q.id())).json());
            }
            assertEquals(1, folding.passes(), "one pass for " + served.keySet());
            Await.result(reports.report("2026-08"));
            assertEquals(2, folding.passes(), "a month is folded with the months");
            for (Period q : quarters) {
                byte[] alone = Await.result(folding.report(q, q.closedAt(clock.instant()), 5, TransparencyReport.startOfDay(clock.instant()))).json();
                assertArrayEquals(alone, served.get(q.id()), q.id());
            }
            String q3 = new String(served.get("2026-Q3"), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(true, q3.contains("\"VIEWED\":{\"byRole\":{\"officer\":7,\"reviewer\":7},\"total\":14}"), q3);
        } finally {
            db.close();
            vertx.close();
        }
    }

    @Test
    void aPassOfThousandsOfPagesCompletesWithoutNesting() {
        views("2025-02-03T10:00:00Z", 3_000, "East");
        Vertx vertx = Vertx.vertx();
        Database db = Database.connect(vertx, service.dbUrl(), 4);
        try {
            LedgerStore ledger = new LedgerStore(db.pool());
            // One leaf a page: a chain of nested futures this deep overflowed the stack when it completed.
            ReportFolding folding = new ReportFolding(vertx, ledger, new LedgerAttestationStore(db.pool()), 1);
            StoredCheckpoint latest = Await.result(ledger.latestCheckpoint());
            AtomicInteger depthAtCompletion = new AtomicInteger();
            PeriodFolds folds = Await.result(folding.fold(new PeriodFolds(List.of(Period.parse("2025-02"))), latest.size(), false)
                    .onComplete(r -> depthAtCompletion.set(new Throwable().getStackTrace().length)));
            // A chain of one nested future per page completes through every level at once: a
            // stack as deep as the pass is long (10M entries overflowed it), each page held till then.
            assertTrue(depthAtCompletion.get() < 300, "completed " + depthAtCompletion.get() + " frames deep");
            assertEquals(latest.size(), folds.fed(), "every leaf folded");
            assertArrayEquals(latest.root(), folds.root(), "in order: the root of the leaves folded is the checkpoint's");
        } finally {
            db.close();
            vertx.close();
        }
    }
}
