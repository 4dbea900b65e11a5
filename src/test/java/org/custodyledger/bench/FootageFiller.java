package org.custodyledger.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.custodyledger.cli.Application;
import org.custodyledger.config.AppConfig;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.model.FootageRow;
import org.custodyledger.storage.FootageStore;

/**
 * Registers N footage by hash through the sequencer, WINDOW outstanding at a time so it
 * batches them as a busy service's: each a footage row and its REGISTERED event (the details
 * a hash-only registration writes) committed together by the batched footage admission
 * ({@link FootageStore#insertIfNew}, the same insert the API's registration makes). The API's
 * complaint match before each registration is left out: the ledger has no complaints, and
 * that query, one per request, would time the pool rather than fill it. What the search by
 * hash and the history pages are measured against at a million footage rows:
 * {@code FootageFiller DATA_DIR N WINDOW}. Hashes are SHA-256 of "footage-bench-&lt;i&gt;" (so a
 * benchmark can name any of them); 500 officers, 20 footage per incident.
 */
public final class FootageFiller {
    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        long n = Long.parseLong(args[1]);
        int window = Integer.parseInt(args[2]);
        AppConfig config = AppConfig.builder(dataDir).dbPoolSize(8).batchSize(1000).build();
        Instant recordedBase = Instant.parse("2026-01-01T00:00:00Z");
        try (Application app = Application.start(config)) {
            long started = System.nanoTime();
            long done = 0;
            while (done < n) {
                int chunk = (int) Math.min(window, n - done);
                List<Future<AppendedEntry>> futures = new ArrayList<>(chunk);
                for (int k = 0; k < chunk; k++) {
                    long i = done + k;
                    String officer = "officer-" + (i % 500);
                    Instant now = Instant.now();
                    FootageRow row = FootageRow.fresh("f-" + UUID.randomUUID().toString().replace("-", ""),
                            Sha256Hasher.hash(("footage-bench-" + i).getBytes(StandardCharsets.UTF_8)), 1_000_000 + i,
                            "video/mp4", "cam-" + i + ".mp4", String.format("INC-B-%06d", i / 20), null, null,
                            recordedBase.plusSeconds(60 * i), officer, now, false, "nas:/bench/" + i, new JsonObject(), null);
                    Map<String, String> details = new LinkedHashMap<>();
                    details.put("filename", row.filename());
                    details.put("size", Long.toString(row.size()));
                    details.put("held", "false");
                    details.put("incident", row.incident());
                    details.put("mediaType", row.mediaType());
                    details.put("storageLocation", row.storageLocation());
                    details.put("recordedAt", CustodyEvent.formatTime(row.recordedAt()));
                    CustodyEvent registered = CustodyEvent.of(row.id(), row.sha256(), EventType.REGISTERED, officer,
                            "officer", now, null, row.storageLocation(), details);
                    futures.add(app.sequencer().append(registered, FootageStore.insertIfNew(row)));
                }
                Future.all(futures).await(10, TimeUnit.MINUTES);
                done += chunk;
                if (done % 100_000 == 0 || done == n) {
                    double s = (System.nanoTime() - started) / 1e9;
                    System.out.printf("%d registrations in %.1f s = %.0f registrations/s%n", done, s, done / s);
                }
            }
        }
    }
}
