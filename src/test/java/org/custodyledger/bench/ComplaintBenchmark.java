package org.custodyledger.bench;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.custodyledger.cli.Application;
import org.custodyledger.config.AppConfig;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.Sql;

/**
 * Complaint intake against N footage rows: fills {@code footage} with N rows by SQL (one
 * recorded every 30 s from 2025-01-01, half with a location around London, 2,000 uploaders,
 * an incident per 5 rows), then sends RUNS complaints one at a time through the API (public,
 * durable commits) and prints p50/p99 latency and the matching query's plan.
 * {@code ComplaintBenchmark DATA_DIR N RUNS [located]} — a DATA_DIR already filled is reused;
 * {@code located} first gives every row a location (as when every camera records GPS), so a
 * complaint's circle, not the rows without a place, decides what is held.
 */
public final class ComplaintBenchmark {
    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        long n = Long.parseLong(args[1]);
        int runs = Integer.parseInt(args[2]);
        AppConfig config = AppConfig.builder(dataDir).port(0)
                .complaints(new AppConfig.Complaints(Duration.ofMinutes(30), 90, 1_000_000, 1_000_000)).build();
        try (Application app = Application.start(config); Sql sql = new Sql(app.embeddedDatabaseUrl())) {
            long have = sql.count("SELECT count(*) FROM footage");
            if (have < n) {
                long t0 = System.nanoTime();
                sql.run("INSERT INTO footage (id, sha256, size, filename, incident, recorded_at, uploaded_by, uploaded_at, held,"
                        + " metadata) SELECT 'f-' || md5('bench' || i), sha256(('bench' || i)::bytea), 1000000, 'cam.mp4',"
                        + " 'INC-' || (i / 5), timestamptz '2025-01-01' + i * interval '30 seconds', 'officer-' || (i % 2000),"
                        + " now(), false, CASE WHEN i % 2 = 0 THEN jsonb_build_object('location', jsonb_build_object("
                        + " 'lat', 51.4 + (i % 1000) / 5000.0, 'lon', -0.2 + (i % 997) / 5000.0)) ELSE '{}'::jsonb END"
                        + " FROM generate_series(" + have + ", " + (n - 1) + ") AS i");
                sql.run("ANALYZE footage");
                System.out.printf("filled %d footage rows in %.1f s%n", n - have, (System.nanoTime() - t0) / 1e9);
            }
            if (args.length > 3 && args[3].equals("located")) {
                long t0 = System.nanoTime();
                sql.run("UPDATE footage SET metadata = jsonb_build_object('location', jsonb_build_object("
                        + " 'lat', 51.4 + (seq % 1000) / 5000.0, 'lon', -0.2 + (seq % 997) / 5000.0)) WHERE metadata = '{}'::jsonb");
                sql.run("VACUUM ANALYZE footage");
                System.out.printf("every row located in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            }
            Http http = new Http(app.port());
            Random random = new Random(1);
            List<Long> nanos = new ArrayList<>();
            long matched = 0;
            for (int r = 0; r < runs + 20; r++) {
                // A 30-minute window somewhere in the filled year, a 300 m circle in the area, sometimes an incident.
                Instant from = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(random.nextInt((int) Math.min(n * 30, 30_000_000)));
                JsonObject complaint = new JsonObject().put("category", "use-of-force")
                        .put("occurredFrom", from.toString()).put("occurredTo", from.plusSeconds(1800).toString())
                        .put("location", new JsonObject().put("lat", 51.4 + random.nextDouble() * 0.2)
                                .put("lon", -0.2 + random.nextDouble() * 0.2).put("radiusM", 300))
                        .put("description", "benchmark complaint " + r);
                if (r % 3 == 0) {
                    complaint.put("incident", "INC-" + random.nextInt((int) (n / 5)));
                }
                long t = System.nanoTime();
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(http.uri("/api/v1/complaints"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(complaint.encode())));
                long took = System.nanoTime() - t;
                if (answer.statusCode() != 201) {
                    throw new IllegalStateException(answer.body());
                }
                if (r >= 20) { // the first 20 warm up the JIT and the connection pool
                    nanos.add(took);
                    matched += Long.parseLong(new JsonObject(answer.body()).getJsonObject("event").getJsonObject("details")
                            .getString("footageMatched"));
                }
            }
            Collections.sort(nanos);
            System.out.printf("%d intakes against %d footage rows: p50 %.1f ms, p99 %.1f ms, max %.1f ms; %.1f footage held"
                            + " per complaint%n", runs, n, nanos.get(runs / 2) / 1e6, nanos.get((int) (runs * 0.99)) / 1e6,
                    nanos.get(runs - 1) / 1e6, (double) matched / runs);
            String plan = "EXPLAIN (ANALYZE, BUFFERS) " + org.custodyledger.storage.ComplaintStore.MATCH_FOOTAGE
                    .replace("$1", "timestamptz '2025-06-01 11:30'").replace("$2", "timestamptz '2025-06-01 13:00'")
                    .replace("$3", "'INC-12345'").replace("$4", "51.5::float8").replace("$5", "-0.1::float8")
                    .replace("$6", "300::float8").replace("$7", "ARRAY['officer-7']").replace("$8", "255");
            sql.run(plan).forEach(row -> System.out.println(row.getString(0)));
        }
    }
}
