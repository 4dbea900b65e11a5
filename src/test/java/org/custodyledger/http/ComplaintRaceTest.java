package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.custodyledger.config.AppConfig;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A footage registered while a complaint it matches is received: each side matches before its
 * batch takes the log's lock, so each may plan without the other. Holding the lock from the
 * test lines both up between planning and admission; the footage must still be held.
 */
class ComplaintRaceTest {
    @RegisterExtension
    static final RunningService service = new RunningService((dir, db) -> AppConfig.builder(dir).dbUrl(db)
            .complaints(new AppConfig.Complaints(Duration.ofMinutes(30), 90, 1000, 1000)).build());
    private static final Random RANDOM = new Random(5);

    private static HttpResponse<String> post(Http as, String path, JsonObject body) {
        return as.send(HttpRequest.newBuilder(as.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    private static CompletableFuture<HttpResponse<String>> register(String incident, String day) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        JsonObject reg = new JsonObject().put("sha256", Sha256Digest.of(b).hex()).put("size", 10).put("filename", "r.mp4")
                .put("incident", incident).put("recordedAt", day + "T10:05:00Z");
        return CompletableFuture.supplyAsync(() -> post(service.officer("officer-9"), "/api/v1/footage/by-hash", reg));
    }

    private static CompletableFuture<HttpResponse<String>> complain(String incident, String day) {
        JsonObject c = new JsonObject().put("category", "other").put("occurredFrom", day + "T10:00:00Z")
                .put("occurredTo", day + "T10:10:00Z").put("incident", incident).put("place", "the station")
                .put("description", "race");
        return CompletableFuture.supplyAsync(() -> post(service.http(), "/api/v1/complaints", c));
    }

    /** Waits until some request's batch waits for the lock the test holds (its planning is then done). */
    private static void untilABatchWaits() throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (service.sql().count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no batch came to wait for the log's lock");
    }

    private static void assertHeld(HttpResponse<String> registered, HttpResponse<String> received) {
        assertEquals(201, registered.statusCode(), registered.body());
        assertEquals(201, received.statusCode(), received.body());
        String footageId = new JsonObject(registered.body()).getString("id");
        String complaintId = new JsonObject(received.body()).getString("complaintId");
        assertEquals(1, service.sql().count("SELECT count(*) FROM legal_holds WHERE footage_id = '" + footageId
                + "' AND matter = '" + complaintId + "'"), "the footage is held for the complaint");
        assertEquals(1, service.sql().count("SELECT count(*) FROM complaint_footage WHERE footage_id = '" + footageId
                + "' AND complaint_id = '" + complaintId + "'"));
        assertEquals(1, service.sql().count("SELECT footage_matched FROM complaints WHERE id = '" + complaintId + "'"));
    }

    @Test
    void aComplaintReceivedWhileMatchingFootageIsRegisteredHoldsIt() throws Exception {
        CompletableFuture<HttpResponse<String>> registered;
        CompletableFuture<HttpResponse<String>> received;
        try (AutoCloseable lock = service.sql().holdLogHead()) {
            registered = register("INC-RACE-1", "2026-05-01");
            untilABatchWaits();
            received = complain("INC-RACE-1", "2026-05-01");
            Thread.sleep(1500);
        }
        assertHeld(registered.get(), received.get());
    }

    @Test
    void footageRegisteredWhileAMatchingComplaintIsReceivedIsHeld() throws Exception {
        CompletableFuture<HttpResponse<String>> registered;
        CompletableFuture<HttpResponse<String>> received;
        try (AutoCloseable lock = service.sql().holdLogHead()) {
            received = complain("INC-RACE-2", "2026-05-02");
            untilABatchWaits();
            registered = register("INC-RACE-2", "2026-05-02");
            Thread.sleep(1500);
        }
        assertHeld(registered.get(), received.get());
    }
}
