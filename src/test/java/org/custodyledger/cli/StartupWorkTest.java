package org.custodyledger.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.custodyledger.config.AppConfig;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Events;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up work that does not grow with the log: the rows PostgreSQL reads while a service
 * starts (sequential-scan rows plus index entries, over every table and index, from its own
 * statistics) are counted on a ledger of 600 entries and on one of 4,000. The bounded start-up
 * may read a little more on the longer one (its consistency proofs grow with log n), far less
 * than the 3,400 entries between them. The same count with the full re-read of the log at
 * start-up ({@code --full-startup-check}) is the control: it must show the growth, or the
 * count could not see it. Sequential scans are off in these databases, so the plans are the
 * index paths a million-entry ledger gets.
 */
class StartupWorkTest {
    private static final int SMALL = 600;
    private static final int LARGE = 4_000;

    @TempDir
    Path dir;

    @Test
    void startUpReadsAboutAsManyRowsOnALedgerSevenTimesLonger() throws Exception {
        String small = ledgerOf(SMALL, dir.resolve("small"));
        String large = ledgerOf(LARGE, dir.resolve("large"));

        long boundedSmall = rowsReadByStartUp(small, dir.resolve("small"), false);
        long boundedLarge = rowsReadByStartUp(large, dir.resolve("large"), false);
        long fullSmall = rowsReadByStartUp(small, dir.resolve("small"), true);
        long fullLarge = rowsReadByStartUp(large, dir.resolve("large"), true);

        long logGrowth = LARGE - SMALL;
        System.out.printf("rows read at start-up: bounded %d at %d entries, %d at %d; full %d, %d%n", boundedSmall, SMALL,
                boundedLarge, LARGE, fullSmall, fullLarge);
        assertTrue(fullLarge - fullSmall >= logGrowth / 2, "the control: a start-up re-reading the log reads "
                + fullSmall + " rows at " + SMALL + " entries and " + fullLarge + " at " + LARGE);
        assertTrue(boundedLarge - boundedSmall < logGrowth / 4, "start-up read " + boundedSmall + " rows at " + SMALL
                + " entries and " + boundedLarge + " at " + LARGE + ": its work grows with the log");
    }

    private static String ledgerOf(int entries, Path dataDir) throws Exception {
        String url = TestDatabases.freshDatabase();
        try (Application app = Application.start(AppConfig.forTests(dataDir, url))) {
            for (int done = 0; done < entries; done += 200) {
                List<Future<AppendedEntry>> batch = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    batch.add(app.sequencer().append(Events.viewed("f" + (done + i) % 37)));
                }
                Await.result(Future.all(batch));
            }
        }
        // A table of a few thousand rows is read faster whole than through its index, and the
        // planner says so; at a million it never is. Without this, the count would measure the
        // planner's choice for a small table, not the start-up's reads: paths as at scale.
        // With statistics (autovacuum analyses a table of a few thousand new rows whenever it gets
        // round to it), the planner also prefers hashing or merging whole small tables to a few
        // index lookups: analysed now, so every count sees the same statistics, and both turned
        // off, so the joins are the nested index loops a million-entry ledger gets.
        try (Sql sql = new Sql(url)) {
            String database = sql.run("SELECT current_database()").iterator().next().getString(0);
            sql.run("ALTER DATABASE " + database + " SET enable_seqscan = off");
            sql.run("ALTER DATABASE " + database + " SET enable_hashjoin = off");
            sql.run("ALTER DATABASE " + database + " SET enable_mergejoin = off");
            sql.run("VACUUM ANALYZE");
        }
        return url;
    }

    /**
     * Rows read in the database from launch to the port opening: counted once every backend of the
     * service has exited. The least of three starts: a start's own reads are the same every time,
     * while anything else that happens to read the database meanwhile (a CI run once counted
     * 1,100 rows more in one database) can only add.
     */
    private static long rowsReadByStartUp(String url, Path dataDir, boolean full) throws Exception {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long before = settledRowsRead(url);
            Application.start(AppConfig.forTests(dataDir, url).toBuilder().fullStartupCheck(full).build()).close();
            least = Math.min(least, settledRowsRead(url) - before);
        }
        return least;
    }

    /**
     * A backend reports its counts as it exits, just after it leaves pg_stat_activity: read once
     * no other backend is on the database and the count has held still for a moment.
     */
    private static long settledRowsRead(String url) {
        try (Sql sql = new Sql(url)) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> sql.count("SELECT count(*) FROM pg_stat_activity"
                            + " WHERE datname = current_database() AND pid <> pg_backend_pid()") == 0);
            String rows = "SELECT (SELECT coalesce(sum(seq_tup_read), 0) FROM pg_stat_user_tables)"
                    + " + (SELECT coalesce(sum(idx_tup_read), 0) FROM pg_stat_user_indexes)";
            long[] last = {-1};
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .during(Duration.ofMillis(300)).until(() -> {
                        long now = sql.count(rows);
                        boolean same = now == last[0];
                        last[0] = now;
                        return same;
                    });
            return last[0];
        }
    }
}
