package org.custodyledger.http;

import static org.custodyledger.testing.ApiCalls.bytes;
import static org.custodyledger.testing.ApiCalls.history;
import static org.custodyledger.testing.ApiCalls.ofType;
import static org.custodyledger.testing.ApiCalls.post;
import static org.custodyledger.testing.ApiCalls.problem;
import static org.custodyledger.testing.ApiCalls.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An admin's bulk holds, retention and disposal: each item its own event or its own refusal, a bounded page at a time. */
class BulkApiTest {
    @RegisterExtension
    static final RunningService service = new RunningService();
    static Http officer;
    static Http reviewer;
    static Http admin;

    @BeforeAll
    static void start() {
        officer = service.officer("officer-9");
        reviewer = service.reviewer("det-bulk");
        admin = service.admin("records-9");
    }

    /** Each item's outcome by footage id: "done" or the refusal's status and detail. */
    private static Map<String, JsonObject> outcomes(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        Map<String, JsonObject> byId = new HashMap<>();
        new JsonObject(r.body()).getJsonArray("items").forEach(o -> byId.put(((JsonObject) o).getString("footageId"),
                (JsonObject) o));
        return byId;
    }

    @Test
    void disposalOfAnIncidentDisposesWhatItMayAndNamesTheHoldOfWhatItMayNot() {
        String a = upload(officer, bytes(1000, 1), "filename=a.mp4&incident=INC-BK1");
        String b = upload(officer, bytes(1000, 2), "filename=b.mp4&incident=INC-BK1");
        String c = upload(officer, bytes(1000, 3), "filename=c.mp4&incident=INC-BK1");
        String elsewhere = upload(officer, bytes(1000, 4), "filename=d.mp4&incident=INC-BK2");
        assertEquals(201, post(admin, "/api/v1/footage/" + b + "/holds",
                new JsonObject().put("reason", "civil suit").put("matter", "Doe v. City")).statusCode());
        assertEquals(200, admin.send(java.net.http.HttpRequest.newBuilder(admin.uri("/api/v1/footage/" + c + "/retention"))
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        new JsonObject().put("retainUntil", "2099-01-01T00:00:00Z").put("purpose", "policy").encode())))
                .statusCode());

        Map<String, JsonObject> out = outcomes(post(admin, "/api/v1/disposals/bulk",
                new JsonObject().put("incident", "INC-BK1").put("purpose", "retention period over")));
        assertEquals(3, out.size());
        assertEquals("done", out.get(a).getString("outcome"));
        assertEquals("DISPOSED", out.get(a).getJsonObject("event").getString("type"));
        assertEquals("refused", out.get(b).getString("outcome"));
        assertEquals(409, out.get(b).getInteger("status"));
        assertTrue(out.get(b).getString("detail").contains("Doe v. City"), out.get(b).encode());
        assertEquals(409, out.get(c).getInteger("status"));
        assertTrue(out.get(c).getString("detail").contains("retained until 2099"), out.get(c).encode());
        assertEquals(1, ofType(history(reviewer, a), "DISPOSED").size());
        assertTrue(ofType(history(reviewer, b), "DISPOSED").isEmpty());
        assertTrue(ofType(history(reviewer, elsewhere), "DISPOSED").isEmpty());

        // Again: the disposed one is refused as already disposed; nothing is disposed twice.
        Map<String, JsonObject> again = outcomes(post(admin, "/api/v1/disposals/bulk",
                new JsonObject().put("incident", "INC-BK1").put("purpose", "retention period over")));
        assertTrue(again.get(a).getString("detail").contains("already disposed"), again.get(a).encode());
        assertEquals(1, ofType(history(reviewer, a), "DISPOSED").size());
    }

    @Test
    void holdsAndRetentionForACaseGoAPageAtATime() {
        String a = upload(officer, bytes(1000, 11), "filename=a.mp4&incident=INC-BK3");
        String b = upload(officer, bytes(1000, 12), "filename=b.mp4&incident=INC-BK3");
        String c = upload(officer, bytes(1000, 13), "filename=c.mp4&incident=INC-BK3");
        assertEquals(201, post(reviewer, "/api/v1/cases", new JsonObject().put("caseNumber", "BK-3").put("title", "t")
                .put("incident", "INC-BK3")).statusCode());

        HttpResponse<String> first = post(admin, "/api/v1/holds/bulk", new JsonObject().put("case", "BK-3")
                .put("reason", "litigation").put("matter", "State v. Roe").put("limit", 2));
        Map<String, JsonObject> page1 = outcomes(first);
        assertEquals(List.of(a, b).stream().sorted().toList(), page1.keySet().stream().sorted().toList());
        String cursor = new JsonObject(first.body()).getString("nextCursor");
        HttpResponse<String> second = post(admin, "/api/v1/holds/bulk", new JsonObject().put("case", "BK-3")
                .put("reason", "litigation").put("matter", "State v. Roe").put("limit", 2).put("cursor", cursor));
        assertEquals(List.of(c), List.copyOf(outcomes(second).keySet()));
        assertNull(new JsonObject(second.body()).getString("nextCursor"));
        for (String id : List.of(a, b, c)) {
            assertEquals("State v. Roe", ofType(history(reviewer, id), "HOLD_PLACED").get(0).getJsonObject("details")
                    .getString("matter"));
        }
        // The same matter again: each item refused as the single action refuses it.
        Map<String, JsonObject> twice = outcomes(post(admin, "/api/v1/holds/bulk", new JsonObject().put("case", "BK-3")
                .put("reason", "litigation").put("matter", "State v. Roe")));
        assertTrue(twice.values().stream().allMatch(o -> o.getInteger("status") == 409), twice.toString());

        Map<String, JsonObject> kept = outcomes(post(admin, "/api/v1/retention/bulk", new JsonObject().put("case", "BK-3")
                .put("retainUntil", "2040-01-01T00:00:00Z").put("purpose", "appeal window")));
        assertTrue(kept.values().stream().allMatch(o -> o.getString("outcome").equals("done")), kept.toString());
        assertEquals("2040-01-01T00:00:00.000Z", ofType(history(reviewer, c), "RETENTION_SET").get(0)
                .getJsonObject("details").getString("retainUntil"));
    }

    @Test
    void bulkRequestsAreBoundedAndCheckedFirst() {
        assertTrue(problem(post(admin, "/api/v1/holds/bulk", new JsonObject().put("reason", "r")), 400)
                .contains("exactly one of incident and case"));
        assertTrue(problem(post(admin, "/api/v1/holds/bulk", new JsonObject().put("incident", "I").put("case", "C")
                .put("reason", "r")), 400).contains("exactly one"));
        assertTrue(problem(post(admin, "/api/v1/disposals/bulk", new JsonObject().put("incident", "I")
                .put("purpose", "p").put("limit", 201)), 400).contains("1 to 200"));
        assertTrue(problem(post(admin, "/api/v1/retention/bulk", new JsonObject().put("incident", "I")
                .put("purpose", "p")), 400).contains("retainUntil"));
        assertTrue(problem(post(admin, "/api/v1/disposals/bulk", new JsonObject().put("incident", "I")
                .put("purpose", "p").put("cursor", "-1")), 400).contains("cursor"));
        problem(post(admin, "/api/v1/holds/bulk", new JsonObject().put("case", "NO-CASE").put("reason", "r")), 404);
        assertEquals(403, post(reviewer, "/api/v1/holds/bulk", new JsonObject().put("incident", "I")
                .put("reason", "r")).statusCode());
    }
}
