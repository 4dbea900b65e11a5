package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /metrics: Prometheus text for oversight and admin only, counting what the service did. */
class MetricsApiTest {
    /** A service per test: each counts from zero on an empty log. */
    @RegisterExtension
    final RunningService service = new RunningService();

    @Test
    void scrapeCountsRequestsUploadsEventsVerificationsAndRefusals() {
        Http http = service.http();
        Http officer = service.officer("officer-7");
        Http reviewer = service.reviewer("det-ruiz");
        Http oversight = service.oversight("ombud-1");
        byte[] video = new byte[100_000];
        new Random(7).nextBytes(video);
        HttpResponse<String> up = officer.send(HttpRequest.newBuilder(http.uri("/api/v1/footage?filename=a.mp4&incident=INC-1"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(video)));
        assertEquals(201, up.statusCode(), up.body());
        String id = new JsonObject(up.body()).getString("id");
        HttpResponse<String> event = reviewer.send(HttpRequest.newBuilder(http.uri("/api/v1/footage/" + id + "/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"ANNOTATED\",\"details\":{\"note\":\"n\"}}")));
        assertEquals(201, event.statusCode(), event.body());
        HttpResponse<String> verify = reviewer.get("/api/v1/footage/" + id + "/verify");
        assertEquals(200, verify.statusCode(), verify.body());
        assertTrue(new JsonObject(verify.body()).getBoolean("verified"), verify.body());
        assertEquals(401, http.get("/api/v1/footage/" + id).statusCode());
        assertEquals(403, officer.get("/api/v1/audit/access-failures").statusCode());
        assertEquals(404, http.get("/no/such/f-probe-4711").statusCode());

        HttpResponse<String> scrape = oversight.get("/metrics");
        assertEquals(200, scrape.statusCode(), scrape.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.headers().firstValue("Content-Type").orElseThrow());
        String text = scrape.body();
        assertEquals(1.0, value(text, "custody_verifications_total", "outcome=\"verified\""), text);
        assertEquals(0.0, value(text, "custody_verifications_total", "outcome=\"failed\""), text);
        assertEquals(100_000.0, value(text, "custody_upload_bytes_total", ""), text);
        assertEquals(1.0, value(text, "custody_access_refusals_total", "route=\"footage\",status=\"401\""), text);
        assertEquals(1.0, value(text, "custody_access_refusals_total", "route=\"audit\",status=\"403\""), text);
        // REGISTERED, ANNOTATED and VERIFIED: three events, each its own batch here, on a log that started empty.
        assertEquals(3.0, value(text, "custody_ledger_size", ""), text);
        assertEquals(3.0, value(text, "custody_append_batch_size_count", ""), text);
        assertEquals(3.0, value(text, "custody_append_batch_size_sum", ""), text);
        assertEquals(3.0, value(text, "custody_append_batch_seconds_count", ""), text);
        assertTrue(text.contains("custody_append_batch_seconds_bucket{le="), text);
        assertEquals(0.0, value(text, "custody_sequencer_queue_depth", ""), text);
        double age = value(text, "custody_checkpoint_age_seconds", "");
        assertTrue(age >= 0 && age < 60, "checkpoint age " + age);
        assertEquals(0.0, value(text, "custody_integrity_failures_total", ""), text);
        assertEquals(0.0, value(text, "custody_embedded_db_restarts_total", ""), text);
        // HTTP requests by route template (never by raw path: it holds footage ids), method and status.
        assertEquals(1.0, value(text, "vertx_http_server_requests_total",
                "code=\"201\",method=\"POST\",route=\"/api/v1/footage\""), text);
        assertEquals(1.0, value(text, "vertx_http_server_requests_total",
                "code=\"200\",method=\"GET\",route=\"/api/v1/footage/:id/verify\""), text);
        assertTrue(text.contains("vertx_http_server_response_time_seconds_bucket{"), text);
        assertFalse(text.contains(id), "no series names a footage id");
        assertFalse(text.contains("f-probe-4711"), "an unrouted path makes no series of its own");
    }

    @Test
    void onlyOversightAndAdminMayReadIt() {
        Http http = service.http();
        HttpResponse<String> anonymous = http.get("/metrics");
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertEquals(Problems.CONTENT_TYPE, anonymous.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(403, service.reviewer("det-ruiz").get("/metrics").statusCode());
        assertEquals(403, service.officer("officer-7").get("/metrics").statusCode());
        assertEquals(200, service.admin("admin-1").get("/metrics").statusCode());
        String text = service.oversight("ombud-1").get("/metrics").body();
        assertEquals(1.0, value(text, "custody_access_refusals_total", "route=\"metrics\",status=\"401\""), text);
        assertEquals(2.0, value(text, "custody_access_refusals_total", "route=\"metrics\",status=\"403\""), text);
    }

    /** The value of the series {@code name{labels}} (labels as Prometheus writes them, sorted; "" for none). */
    private static double value(String text, String name, String labels) {
        String series = labels.isEmpty() ? Pattern.quote(name) + "(\\{[^}]*\\})?" : Pattern.quote(name) + "\\{[^}]*"
                + Pattern.quote(labels) + "[^}]*\\}";
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no series " + name + "{" + labels + "} among\n" + text.lines()
                    .filter(l -> l.startsWith(name)).collect(java.util.stream.Collectors.joining("\n")));
        }
        return Double.parseDouble(m.group(labels.isEmpty() ? 2 : 1));
    }
}
