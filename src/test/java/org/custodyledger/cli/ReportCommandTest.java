package org.custodyledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.custodyledger.custody.CanonicalJson;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report published through the API is recomputed byte for byte by {@code report --verify} from a
 * restored copy of the database; one event changed underneath (triggers disabled, as a superuser
 * could) and the recomputation refuses it.
 */
class ReportCommandTest {
    @RegisterExtension
    static final RunningService service = new RunningService();

    @TempDir
    Path dir;

    @Test
    void aPublishedReportIsRecomputedFromACopyAndAChangedEventIsRefused() throws Exception {
        List<Future<?>> appends = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            appends.add(service.app().sequencer().append(CustodyEvent.of("f-cli" + (i % 2), Sha256Digest.of(new byte[32]),
                    EventType.VIEWED, "someone", i % 2 == 0 ? "reviewer" : "officer",
                    Instant.parse("2026-08-01T10:00:00Z").plusSeconds(i), "review", null, Map.of()).withUnit("Central")));
        }
        Await.result(Future.all(appends));
        HttpResponse<String> published = service.oversight("ov-1").send(HttpRequest.newBuilder(
                service.http().uri("/api/v1/transparency/reports")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"period\":\"2026-Q3\"}")));
        assertEquals(201, published.statusCode(), published.body());
        Path report = dir.resolve("report.json");
        Files.write(report, service.http().sendBytes(HttpRequest.newBuilder(
                service.http().uri("/api/v1/transparency/reports/2026-Q3"))).body());

        Path backup = dir.resolve("backup");
        Path copy = dir.resolve("copy");
        assertOk(Cli.run("backup", "--db-url", service.dbUrl(), "--data-dir", service.dataDir().toString(),
                "--out", backup.toString()));
        assertOk(Cli.run("restore", backup.toString(), "--data-dir", copy.toString()));
        Cli.Result match = Cli.run("report", "--verify", report.toString(), "--data-dir", copy.toString());
        assertEquals(0, match.exit(), match.out() + match.err());
        assertTrue(match.out().startsWith("MATCH"), match.out());

        // The same report with one figure edited: the recomputation names the figure and exits 1.
        @SuppressWarnings("unchecked")
        Map<String, Object> edited = (Map<String, Object>) CanonicalJson.parse(Files.readAllBytes(report));
        @SuppressWarnings("unchecked")
        Map<String, Object> viewed = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                edited.get("agency")).get("events")).get("VIEWED");
        assertEquals(8L, viewed.get("total"));
        viewed.put("total", 9L);
        Path forged = dir.resolve("forged.json");
        Files.write(forged, CanonicalJson.encode(edited));
        Cli.Result differs = Cli.run("report", "--verify", forged.toString(), "--data-dir", copy.toString());
        assertEquals(1, differs.exit(), differs.out() + differs.err());
        assertTrue(differs.out().startsWith("DIFFERS"), differs.out());
        assertTrue(differs.out().contains("the report says agency,events.VIEWED.total,9, the ledger gives agency,events.VIEWED.total,8"),
                differs.out());

        // One event changed underneath in the live database: its leaf no longer hashes to the cited root.
        service.sql().tamper("UPDATE log_entries SET leaf = convert_to(replace(convert_from(leaf, 'UTF8'), 'officer',"
                + " 'reviewer'), 'UTF8') WHERE idx = (SELECT min(idx) FROM log_entries WHERE leaf::text LIKE '%'"
                + " AND convert_from(leaf, 'UTF8') LIKE '%\"actorRole\":\"officer\"%')");
        Cli.Result refused = Cli.run("report", "--verify", report.toString(), "--db-url", service.dbUrl());
        assertEquals(1, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.out().startsWith("REFUSED"), refused.out());
    }

    private static void assertOk(Cli.Result r) {
        assertEquals(0, r.exit(), r.out() + r.err());
    }
}
