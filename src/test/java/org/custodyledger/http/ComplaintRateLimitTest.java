package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.custodyledger.config.AppConfig;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The intake's rate limit: past the per-address allowance, 429 problem+json with Retry-After, and nothing written. */
class ComplaintRateLimitTest {
    @RegisterExtension
    static final RunningService service = new RunningService((dir, db) -> AppConfig.builder(dir).dbUrl(db)
            .complaints(new AppConfig.Complaints(Duration.ofMinutes(30), 90, 3, 1000)).build());

    private static HttpResponse<String> submit(Http http) {
        JsonObject complaint = new JsonObject().put("category", "other").put("occurredFrom", "2026-01-01T10:00:00Z")
                .put("occurredTo", "2026-01-01T10:10:00Z").put("place", "square").put("description", "a complaint");
        return http.send(HttpRequest.newBuilder(http.uri("/api/v1/complaints")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(complaint.encode())));
    }

    @Test
    void pastTheAllowanceOfAnAddressTheAnswerIs429WithRetryAfter() {
        Http http = service.http();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ok = submit(http);
            assertEquals(201, ok.statusCode(), ok.body());
        }
        long complaints = service.sql().count("SELECT count(*) FROM complaints");
        HttpResponse<String> limited = submit(http);
        assertEquals(429, limited.statusCode(), limited.body());
        assertEquals(Problems.CONTENT_TYPE, limited.headers().firstValue("Content-Type").orElse(""));
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(complaints, service.sql().count("SELECT count(*) FROM complaints"));
        // The status look-up shares the allowance: guessing secrets is throttled too.
        assertEquals(429, http.get("/api/v1/complaints/c-00000000000000000000000000000000/status").statusCode());
        // Staff taking complaints by phone from the same address are not counted against the public's allowance.
        HttpResponse<String> staff = submit(service.officer("desk-9"));
        assertEquals(201, staff.statusCode(), staff.body());
    }
}
