package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import org.awaitility.Awaitility;
import org.custodyledger.config.AppConfig;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A complaint matching more footage than one transaction has room for: every one is still held, the rest just after the answer. */
class ComplaintWideMatchTest {
    // Batches of 3 events: the intake's transaction holds the complaint's event and two holds.
    @RegisterExtension
    static final RunningService service = new RunningService((dir, db) -> AppConfig.builder(dir).dbUrl(db).batchSize(3)
            .complaints(new AppConfig.Complaints(Duration.ofMinutes(30), 90, 1000, 1000)).build());

    private static HttpResponse<String> post(Http as, String path, JsonObject body) {
        return as.send(HttpRequest.newBuilder(as.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    @Test
    void aComplaintMatchingMoreFootageThanABundleSetHoldsIsRefusedItsSet() {
        Http officer = service.officer("officer-2");
        Random random = new Random(5);
        for (int i = 0; i < 101; i++) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            assertEquals(201, post(officer, "/api/v1/footage/by-hash", new JsonObject().put("sha256", Sha256Digest.of(b).hex())
                    .put("size", 10).put("filename", "d.mp4").put("incident", "INC-HUNDRED")).statusCode());
        }
        HttpResponse<String> r = post(service.http(), "/api/v1/complaints", new JsonObject().put("category", "other")
                .put("occurredFrom", "2025-01-01T10:00:00Z").put("occurredTo", "2025-01-01T10:10:00Z")
                .put("incident", "INC-HUNDRED").put("place", "anywhere").put("description", "many"));
        assertEquals(201, r.statusCode(), r.body());
        String id = new JsonObject(r.body()).getString("complaintId");
        assertEquals("101", new JsonObject(r.body()).getJsonObject("event").getJsonObject("details").getString("footageMatched"));
        // The holds beyond the intake's own batch are placed after the answer: the set is asked for once all are.
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> service.sql().count(
                "SELECT count(*) FROM complaint_footage WHERE complaint_id = '" + id + "'") == 101);
        HttpResponse<String> set = service.oversight("o-2").get("/api/v1/complaints/" + id + "/bundle?purpose=review");
        assertEquals(422, set.statusCode(), set.body());
        assertTrue(new JsonObject(set.body()).getString("detail").contains("more than 100 footage"), set.body());
        assertEquals(0, service.sql().count("SELECT count(*) FROM log_entries WHERE event_type = 'EXPORTED'"),
                "nothing exported when the set is refused");
    }

    @Test
    void everyMatchingFootageIsHeldEvenBeyondOneBatch() throws InterruptedException {
        Http officer = service.officer("officer-1");
        Random random = new Random(3);
        for (int i = 0; i < 7; i++) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            assertEquals(201, post(officer, "/api/v1/footage/by-hash", new JsonObject().put("sha256", Sha256Digest.of(b).hex())
                    .put("size", 10).put("filename", "c.mp4").put("incident", "INC-WIDE")).statusCode());
        }
        HttpResponse<String> r = post(service.http(), "/api/v1/complaints", new JsonObject().put("category", "other")
                .put("occurredFrom", "2026-01-01T10:00:00Z").put("occurredTo", "2026-01-01T10:10:00Z")
                .put("incident", "INC-WIDE").put("place", "anywhere").put("description", "wide"));
        assertEquals(201, r.statusCode(), r.body());
        String id = new JsonObject(r.body()).getString("complaintId");
        // The first batch committed before the answer; the rest are held right after it.
        for (int i = 0; i < 250 && service.sql().count("SELECT count(*) FROM legal_holds WHERE matter = '" + id + "'") < 7; i++) {
            Thread.sleep(20);
        }
        assertEquals(7, service.sql().count("SELECT count(*) FROM legal_holds WHERE matter = '" + id + "'"));
        assertEquals(7, service.sql().count("SELECT count(*) FROM log_entries e JOIN legal_holds h ON h.footage_id = e.footage_id"
                + " WHERE e.event_type = 'HOLD_PLACED' AND h.matter = '" + id + "'"));
        // The signed event counts every footage matched, not only the two its own transaction held.
        assertEquals("7", new JsonObject(r.body()).getJsonObject("event").getJsonObject("details").getString("footageMatched"));
        assertEquals(7, new JsonObject(service.oversight("o-1").get("/api/v1/complaints/" + id).body())
                .getInteger("footageMatched"));
    }
}
