package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.custodyledger.custody.CanonicalJson;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.report.TransparencyReport;
import org.custodyledger.testing.Audits;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The transparency endpoints over a ledger seeded with events timed in a closed quarter. */
class TransparencyApiTest {
    @RegisterExtension
    static final RunningService service = new RunningService();

    @BeforeAll
    static void seed() {
        List<Future<?>> appends = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            appends.add(service.app().sequencer().append(CustodyEvent.of("f-seed" + (i % 3), Sha256Digest.of(new byte[32]),
                    EventType.VIEWED, "someone", "reviewer", Instant.parse("2026-08-01T10:00:00Z").plusSeconds(i), "review",
                    null, Map.of()).withUnit("Central")));
        }
        Await.result(Future.all(appends));
    }

    @Test
    void listsReportsAndServesThemAsJsonAndCsv() throws Exception {
        Http http = service.http();
        HttpResponse<String> list = http.get("/api/v1/transparency/reports");
        assertEquals(200, list.statusCode());
        JsonObject first = new JsonObject(list.body()).getJsonArray("reports").getJsonObject(0);
        assertEquals("quarter", first.getString("kind"));
        assertTrue(list.body().contains("\"period\":\"2026-Q3\""), list.body());
        HttpResponse<byte[]> json = http.sendBytes(HttpRequest.newBuilder(http.uri("/api/v1/transparency/reports/2026-Q3")));
        assertEquals(200, json.statusCode());
        assertArrayEquals(json.body(), CanonicalJson.encode(CanonicalJson.parse(json.body())));
        Map<?, ?> report = (Map<?, ?>) CanonicalJson.parse(json.body());
        assertEquals("closed", report.get("status"));
        assertEquals(12L, ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) report.get("agency")).get("events")).get("VIEWED")).get("total"));
        HttpResponse<String> csv = http.send(HttpRequest.newBuilder(http.uri("/api/v1/transparency/reports/2026-Q3"))
                .header("Accept", "text/csv"));
        assertTrue(csv.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
        assertTrue(csv.body().contains("agency,events.VIEWED.total,12\r\n"), csv.body());
        assertEquals(csv.body(), http.get("/api/v1/transparency/reports/2026-Q3?format=csv").body());
        assertEquals(400, http.get("/api/v1/transparency/reports/2026-Q9").statusCode());
        assertEquals(404, http.get("/api/v1/transparency/reports/2099-Q1").statusCode());
        assertEquals(404, http.get("/api/v1/transparency/reports/2020-Q1").statusCode());
    }

    @Test
    void oversightPublishesAClosedPeriodOnce() throws Exception {
        String body = "{\"period\":\"2026-Q3\"}";
        assertEquals(403, service.officer("o-1").send(post(body)).statusCode());
        HttpResponse<String> published = service.oversight("ov-1").send(post(body));
        assertEquals(201, published.statusCode(), published.body());
        JsonObject reply = new JsonObject(published.body());
        byte[] served = service.http().sendBytes(HttpRequest.newBuilder(
                service.http().uri("/api/v1/transparency/reports/2026-Q3"))).body();
        assertEquals(TransparencyReport.sha256Hex(served), reply.getString("sha256"));
        HttpResponse<String> again = service.admin("ad-1").send(post(body));
        assertEquals(409, again.statusCode());
        assertTrue(again.body().contains("already published"), again.body());
        assertTrue(service.http().get("/api/v1/transparency/reports").body().contains(reply.getString("sha256")));
        assertEquals(409, service.oversight("ov-1").send(post("{\"period\":\"2026-12\"}")).statusCode());
        assertEquals(400, service.oversight("ov-1").send(post("{\"period\":\"Q3\"}")).statusCode());
        // The ledger's own full audit accepts the period subject (signature, chain, tree).
        HttpResponse<String> audit = Audits.start(service.admin("ad-1"), new JsonObject());
        JsonObject job = Audits.awaitEnd(service.admin("ad-1"), audit.headers().firstValue("Location").orElseThrow());
        assertEquals("finished", job.getString("status"), job.encode());
        assertTrue(job.encode().contains("\"clean\":true"), job.encode());
    }

    @Test
    void twoPublicationsOfOnePeriodAtOnceGiveOne201AndOne409AndOneRow() throws Exception {
        String body = "{\"period\":\"2026-08\"}";
        CompletableFuture<HttpResponse<String>> a = CompletableFuture.supplyAsync(() -> service.oversight("ov-1").send(post(body)));
        CompletableFuture<HttpResponse<String>> b = CompletableFuture.supplyAsync(() -> service.admin("ad-1").send(post(body)));
        List<HttpResponse<String>> both = List.of(a.get(), b.get());
        List<Integer> statuses = both.stream().map(HttpResponse::statusCode).sorted().toList();
        assertEquals(List.of(201, 409), statuses, both.get(0).body() + " / " + both.get(1).body());
        HttpResponse<String> created = both.stream().filter(r -> r.statusCode() == 201).findFirst().orElseThrow();
        HttpResponse<String> refused = both.stream().filter(r -> r.statusCode() == 409).findFirst().orElseThrow();
        assertProblem(refused);
        long index = new JsonObject(created.body()).getLong("index");
        assertTrue(refused.body().contains("ledger index " + index), refused.body());
        assertEquals(1, service.sql().count("SELECT count(*) FROM published_reports WHERE period = '2026-08'"));
        assertEquals(1, service.sql().count("SELECT count(*) FROM log_entries WHERE convert_from(leaf, 'UTF8')"
                + " LIKE '%REPORT_PUBLISHED%' AND convert_from(leaf, 'UTF8') LIKE '%\"period\":\"2026-08\"%'"));
    }

    @Test
    void malformedPublicationsAreProblems() throws Exception {
        Http oversight = service.oversight("ov-1");
        for (String bad : List.of("{\"period\":", "[]", "{}", "{\"period\":7}", "{\"period\":\"2026-Q3\",\"x\":1}",
                "{\"period\":\"2026-13\"}")) {
            HttpResponse<String> r = oversight.send(post(bad));
            assertEquals(400, r.statusCode(), bad + " → " + r.body());
            assertProblem(r);
        }
        assertProblem(oversight.send(post("{\"period\":\"2099-Q1\"}")));
        HttpResponse<String> anonymous = service.http().send(post("{\"period\":\"2026-Q3\"}"));
        assertEquals(401, anonymous.statusCode());
        assertProblem(anonymous);
        HttpResponse<String> reviewer = service.reviewer("r-1").send(post("{\"period\":\"2026-Q3\"}"));
        assertEquals(403, reviewer.statusCode());
        assertProblem(reviewer);
        assertProblem(service.http().get("/api/v1/transparency/reports/2026-Q9"));
        assertProblem(service.http().get("/api/v1/transparency/reports/2099-Q1"));
        assertEquals(400, service.http().get("/api/v1/transparency/reports/2026-Q3?format=xml").statusCode());
        assertEquals(0, service.sql().count("SELECT count(*) FROM published_reports WHERE period IN ('2026-13', '2099-Q1')"));
    }

    private static void assertProblem(HttpResponse<String> r) {
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, r.statusCode() + " " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                r.headers().map() + " " + r.body());
    }

    private static HttpRequest.Builder post(String body) {
        return HttpRequest.newBuilder(service.http().uri("/api/v1/transparency/reports"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
