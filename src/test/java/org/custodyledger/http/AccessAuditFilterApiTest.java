package org.custodyledger.http;

import static org.custodyledger.testing.ApiCalls.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The access audit's filters (status, actor, since, until): each narrows the list, paging keeps them, bad ones are 400s. */
class AccessAuditFilterApiTest {
    @RegisterExtension
    static final RunningService service = new RunningService();
    static Http oversight;
    static Instant before;

    @BeforeAll
    static void refuseSome() {
        oversight = service.oversight("ovs-filter");
        before = Instant.now().minusSeconds(5);
        assertEquals(401, service.http().get("/api/v1/footage").statusCode());
        for (int i = 0; i < 3; i++) {
            assertEquals(403, service.officer("ofc-a").get("/api/v1/audit/access-failures").statusCode());
        }
        assertEquals(403, service.officer("ofc-b").get("/api/v1/ledger/audits").statusCode());
    }

    /** Every item of the filtered list, following nextCursor with small pages. */
    private static List<JsonObject> all(String query) {
        List<JsonObject> items = new ArrayList<>();
        String cursor = "";
        do {
            var r = oversight.get("/api/v1/audit/access-failures?limit=2&" + query + "&cursor=" + cursor);
            assertEquals(200, r.statusCode(), r.body());
            JsonObject page = new JsonObject(r.body());
            page.getJsonArray("items").forEach(o -> items.add((JsonObject) o));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return items;
    }

    private static String enc(Object v) {
        return URLEncoder.encode(v.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void eachFilterNarrowsTheListAcrossPages() {
        List<JsonObject> byA = all("actor=ofc-a");
        assertEquals(3, byA.size(), byA.toString());
        assertTrue(byA.stream().allMatch(f -> f.getString("actorId").equals("ofc-a") && f.getInteger("status") == 403));

        List<JsonObject> unauthenticated = all("status=401");
        assertEquals(1, unauthenticated.size(), unauthenticated.toString());
        assertEquals("/api/v1/footage", unauthenticated.get(0).getString("route"));
        assertEquals(4, all("status=403").size());
        assertEquals(List.of("/api/v1/ledger/audits"),
                all("status=403&actor=ofc-b").stream().map(f -> f.getString("route")).toList());

        assertEquals(5, all("since=" + enc(before)).size());
        assertTrue(all("since=" + enc(Instant.now().plusSeconds(60))).isEmpty());
        assertTrue(all("until=" + enc(before)).isEmpty());
        assertEquals(3, all("actor=ofc-a&since=" + enc(before) + "&until=" + enc(Instant.now().plusSeconds(60))).size());
    }

    @Test
    void badFiltersAreRefusedSayingWhy() {
        assertTrue(problem(oversight.get("/api/v1/audit/access-failures?status=500"), 400).contains("401 or 403"));
        assertTrue(problem(oversight.get("/api/v1/audit/access-failures?status=4031"), 400).contains("status"));
        assertTrue(problem(oversight.get("/api/v1/audit/access-failures?since=yesterday"), 400).contains("since"));
        assertTrue(problem(oversight.get("/api/v1/audit/access-failures?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z"),
                400).contains("since must be before until"));
        assertTrue(problem(oversight.get("/api/v1/audit/access-failures?route=x"), 400).contains("route"));
    }
}
