package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.awaitility.Awaitility;
import org.custodyledger.config.AppConfig;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Automatic preservation under awkward input and load: free-text or non-numeric locations,
 * holds that fail after the complaint committed, and the bounds on what one anonymous
 * complaint may make the service hold.
 */
class ComplaintPreservationTest {
    // Batches of 3 events (the intake's transaction: its event and two holds); at most 3 automatic holds per public complaint.
    @RegisterExtension
    static final RunningService service = new RunningService((dir, db) -> AppConfig.builder(dir).dbUrl(db).batchSize(3)
            .complaints(new AppConfig.Complaints(Duration.ofMinutes(30), 90, 1000, 1000, 3)).build());
    private static final Random RANDOM = new Random(11);

    private static HttpResponse<String> post(Http as, String path, JsonObject body) {
        return as.send(HttpRequest.newBuilder(as.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    private static String footage(String incident, String recordedAt, JsonObject metadata) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        JsonObject reg = new JsonObject().put("sha256", Sha256Digest.of(b).hex()).put("size", 10).put("filename", "p.mp4")
                .put("recordedAt", recordedAt);
        if (incident != null) {
            reg.put("incident", incident);
        }
        if (metadata != null) {
            reg.put("metadata", metadata);
        }
        HttpResponse<String> r = post(service.officer("officer-3"), "/api/v1/footage/by-hash", reg);
        assertEquals(201, r.statusCode(), r.body());
        return new JsonObject(r.body()).getString("id");
    }

    private static JsonObject complaint(String from, String to) {
        return new JsonObject().put("category", "other").put("occurredFrom", from).put("occurredTo", to)
                .put("description", "preservation");
    }

    private static long holds(String footageId, String complaintId) {
        return service.sql().count("SELECT count(*) FROM legal_holds WHERE footage_id = '" + footageId + "' AND matter = '"
                + complaintId + "'");
    }

    @Test
    void freeTextLocationsInMetadataNeitherBreakRegistrationNorComplaints() throws InterruptedException {
        // Held at registration: an open complaint's circle covers the window; the footage's location is no point.
        JsonObject near = complaint("2026-06-01T10:00:00Z", "2026-06-01T10:30:00Z")
                .put("location", new JsonObject().put("lat", 52.37).put("lon", 4.89).put("radiusM", 200));
        HttpResponse<String> open = post(service.http(), "/api/v1/complaints", near);
        assertEquals(201, open.statusCode(), open.body());
        String first = new JsonObject(open.body()).getString("complaintId");
        String text = footage(null, "2026-06-01T10:10:00Z", new JsonObject().put("location", "Main St"));
        String notANumber = footage(null, "2026-06-01T10:12:00Z",
                new JsonObject().put("location", new JsonObject().put("lat", "n/a").put("lon", 4.89)));
        String outOfRange = footage(null, "2026-06-01T10:14:00Z",
                new JsonObject().put("location", new JsonObject().put("lat", 1e300).put("lon", 4.89)));
        assertEquals(1, holds(text, first));
        assertEquals(1, holds(notANumber, first));
        assertEquals(1, holds(outOfRange, first));
        // At intake: the SQL reads the same metadata without failing, and treats it as no location.
        HttpResponse<String> later = post(service.http(), "/api/v1/complaints", near);
        assertEquals(201, later.statusCode(), later.body());
        String second = new JsonObject(later.body()).getString("complaintId");
        // The third is held just after the answer (a batch holds two).
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> holds(text, second) == 1
                && holds(notANumber, second) == 1 && holds(outOfRange, second) == 1);
    }

    @Test
    void theReceiptIsAnsweredEvenWhenHoldingBeyondTheFirstBatchFails() throws Exception {
        String[] ids = new String[4];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = footage("INC-LATE-FAIL", "2026-06-02T10:0" + i + ":00Z", null);
        }
        long before = service.sql().count("SELECT count(*) FROM log_entries WHERE event_type = 'HOLD_PLACED'");
        // The intake's own batch (its event and two holds) commits; every batch after it fails.
        service.sql().refuseLogInserts("refuse_later_holds", "NEW.event_type = 'HOLD_PLACED' AND (SELECT count(*)"
                + " FROM log_entries WHERE event_type = 'HOLD_PLACED') >= " + (before + 2));
        try {
            HttpResponse<String> r = post(service.officer("desk-1"), "/api/v1/complaints",
                    complaint("2026-06-02T10:00:00Z", "2026-06-02T10:10:00Z").put("incident", "INC-LATE-FAIL")
                            .put("place", "the desk"));
            assertEquals(201, r.statusCode(), r.body());
            JsonObject answer = new JsonObject(r.body());
            assertTrue(answer.getString("receiptSecret").length() >= 43);
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
            Thread.sleep(1000);
            assertEquals(2, service.sql().count("SELECT count(*) FROM legal_holds WHERE matter = '"
                    + answer.getString("complaintId") + "'"));
        } finally {
            service.sql().allowLogInserts("refuse_later_holds");
        }
    }

    @Test
    void anOpenComplaintsWindowEndsNowAndAPublicOneWithoutAPointSpansADayAtMost() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> future = post(service.http(), "/api/v1/complaints",
                complaint(now.minus(Duration.ofHours(1)).toString(), now.plus(Duration.ofDays(3)).toString()).put("place", "x"));
        assertEquals(400, future.statusCode(), future.body());
        assertTrue(future.body().contains("occurredTo is in the future"), future.body());
        JsonObject twoDays = complaint("2026-06-03T00:00:00Z", "2026-06-05T00:00:00Z").put("place", "the whole city");
        HttpResponse<String> wide = post(service.http(), "/api/v1/complaints", twoDays);
        assertEquals(400, wide.statusCode(), wide.body());
        assertEquals("application/problem+json", wide.headers().firstValue("Content-Type").orElse(""));
        assertEquals(201, post(service.http(), "/api/v1/complaints", twoDays.copy()
                .put("location", new JsonObject().put("lat", 52.0).put("lon", 4.0).put("radiusM", 100))).statusCode());
        assertEquals(201, post(service.officer("desk-2"), "/api/v1/complaints", twoDays).statusCode());
    }

    @Test
    void aPublicComplaintHoldsAtMostTheCapAndSaysSo() throws Exception {
        for (int i = 0; i < 5; i++) {
            footage("INC-CAP", "2026-06-06T10:0" + i + ":00Z", null);
        }
        HttpResponse<String> r = post(service.http(), "/api/v1/complaints",
                complaint("2026-06-06T10:00:00Z", "2026-06-06T10:10:00Z").put("incident", "INC-CAP").put("place", "x"));
        assertEquals(201, r.statusCode(), r.body());
        String id = new JsonObject(r.body()).getString("complaintId");
        String held = "SELECT count(*) FROM legal_holds WHERE matter = '" + id + "'";
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> service.sql().count(held) >= 3);
        assertEquals(3, service.sql().count(held), "the cap holds: no fourth hold after the third");
        JsonObject read = new JsonObject(service.oversight("o-2").get("/api/v1/complaints/" + id).body());
        assertEquals(true, read.getBoolean("automaticHoldsCapped"));
        assertEquals(3, read.getInteger("footageMatched"));
    }

    /** Decided (README "Preservation, automatically"): the officer sees the hold's matter, an id that opens nothing for them. */
    @Test
    void anOfficerSeesTheComplaintIdOnTheHoldOfTheirFootageButCannotOpenTheComplaint() {
        HttpResponse<String> r = post(service.http(), "/api/v1/complaints",
                complaint("2026-06-07T10:00:00Z", "2026-06-07T10:10:00Z").put("incident", "INC-SEEN").put("place", "x"));
        assertEquals(201, r.statusCode(), r.body());
        String complaintId = new JsonObject(r.body()).getString("complaintId");
        String id = footage("INC-SEEN", "2026-06-07T10:05:00Z", null);
        Http officer = service.officer("officer-3");
        HttpResponse<String> history = officer.get("/api/v1/footage/" + id + "/history");
        assertEquals(200, history.statusCode(), history.body());
        boolean named = new JsonObject(history.body()).getJsonArray("items").stream().map(o -> (JsonObject) o)
                .anyMatch(e -> "HOLD_PLACED".equals(e.getString("type"))
                        && complaintId.equals(e.getJsonObject("details").getString("matter")));
        assertTrue(named, history.body());
        assertEquals(403, officer.get("/api/v1/complaints/" + complaintId).statusCode());
        assertEquals(403, officer.get("/api/v1/complaints?footageId=" + id).statusCode());
    }
}
