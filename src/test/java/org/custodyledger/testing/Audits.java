package org.custodyledger.testing;

import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Full-ledger audits through the API: start one, wait for it to end. */
public final class Audits {
    private Audits() {
    }

    /** POST /api/v1/ledger/audits with {@code options}, as the caller {@code as} is. */
    public static HttpResponse<String> start(Http as, JsonObject options) {
        return as.send(HttpRequest.newBuilder(as.uri("/api/v1/ledger/audits")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(options.encode())));
    }

    /** The audit job at {@code location} once it is no longer running (finished or failed). */
    public static JsonObject awaitEnd(Http as, String location) {
        return await("the audit at " + location).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> new JsonObject(as.get(location).body()), job -> !"running".equals(job.getString("status")));
    }
}
