package org.custodyledger.bench;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.custodyledger.cli.Application;
import org.custodyledger.config.AppConfig;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.testing.Events;

/**
 * Fills a ledger in DATA_DIR (embedded PostgreSQL, durable commits) with N events through
 * the sequencer, WINDOW appends outstanding at a time, and reports the sequencer's own rate.
 * Used to build the 1M-entry log for the proof benchmark: {@code LedgerFiller DATA_DIR N WINDOW}.
 */
public final class LedgerFiller {
    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        long n = Long.parseLong(args[1]);
        int window = Integer.parseInt(args[2]);
        AppConfig config = AppConfig.builder(dataDir).dbPoolSize(8).batchSize(1000).build();
        try (Application app = Application.start(config)) {
            long started = System.nanoTime();
            long done = 0;
            while (done < n) {
                int chunk = (int) Math.min(window, n - done);
                List<Future<AppendedEntry>> futures = new ArrayList<>(chunk);
                for (int i = 0; i < chunk; i++) {
                    futures.add(app.sequencer().append(Events.viewed("fill-" + ((done + i) % 10_000))));
                }
                Future.all(futures).await(10, TimeUnit.MINUTES);
                done += chunk;
                if (done % 100_000 == 0 || done == n) {
                    double s = (System.nanoTime() - started) / 1e9;
                    System.out.printf("%d events in %.1f s = %.0f events/s%n", done, s, done / s);
                }
            }
        }
    }
}
