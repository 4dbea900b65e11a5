package org.custodyledger.bench;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HexFormat;
import org.custodyledger.cli.Application;
import org.custodyledger.config.AppConfig;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestTokens;

/**
 * Gives a filled ledger (LedgerFiller) what the workspace's search and footage pages read:
 * {@code WorkspaceFiller DATA_DIR ROWS}. Twenty footage of incident INC-BENCH-0001 are
 * registered through the API (real REGISTERED events), the first with 150 VIEWED events more
 * (its history is more than one page); then ROWS footage rows are written by SQL, 20 per
 * incident — registering a million through the API would take hours and time the sequencer,
 * which LedgerFiller already measures, not the reads the pages make. Prints the ids to time.
 */
public final class WorkspaceFiller {
    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        long rows = Long.parseLong(args[1]);
        try (Application app = Application.start(AppConfig.builder(dataDir).port(0).build());
             Sql sql = new Sql(app.embeddedDatabaseUrl())) {
            Http officer = new Http(app.port()).as(TestTokens.officer("officer-bench"));
            Http reviewer = new Http(app.port()).as(TestTokens.reviewer("det-bench"));
            String first = null;
            for (int i = 0; i < 20; i++) {
                byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(("api-" + i).getBytes());
                JsonObject reg = new JsonObject().put("sha256", HexFormat.of().formatHex(digest)).put("size", 1_000_000 + i)
                        .put("filename", "bench-" + i + ".mp4").put("incident", "INC-BENCH-0001")
                        .put("mediaType", "video/mp4").put("storageLocation", "nas:/bench/" + i);
                JsonObject made = new JsonObject(send(officer, "/api/v1/footage/by-hash", reg, 201));
                first = first == null ? made.getString("id") : first;
            }
            for (int i = 0; i < 150; i++) {
                send(reviewer, "/api/v1/footage/" + first + "/events",
                        new JsonObject().put("type", "VIEWED").put("purpose", "bench review " + i), 201);
            }
            long started = System.nanoTime();
            sql.run("INSERT INTO footage (id, sha256, size, media_type, filename, incident, device, recorded_at,"
                    + " uploaded_by, uploaded_at, held, storage_location)"
                    + " SELECT 'f-' || md5('bench' || i), sha256(('bench' || i)::text::bytea), 1000000 + i, 'video/mp4',"
                    + " 'cam-' || i || '.mp4', 'INC-B-' || lpad((i / 20)::text, 6, '0'), 'BWC-' || (i % 300),"
                    + " now() - i * interval '1 minute', 'officer-' || (i % 500), now(), false, 'nas:/bench'"
                    + " FROM generate_series(1, " + rows + ") AS i");
            sql.run("ANALYZE footage");
            System.out.printf("%d footage rows by SQL in %.1f s%n", rows, (System.nanoTime() - started) / 1e9);
            System.out.println("footage with a long history: " + first);
            System.out.println("footage rows now: " + sql.count("SELECT count(*) FROM footage"));
            System.out.println("ledger entries now: " + sql.count("SELECT count(*) FROM log_entries"));
        }
    }

    private static String send(Http as, String path, JsonObject body, int expected) {
        HttpResponse<String> r = as.send(HttpRequest.newBuilder(as.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
        if (r.statusCode() != expected) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
