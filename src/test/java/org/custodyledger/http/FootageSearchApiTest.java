package org.custodyledger.http;

import static org.custodyledger.testing.ApiCalls.bytes;
import static org.custodyledger.testing.ApiCalls.problem;
import static org.custodyledger.testing.ApiCalls.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/v1/footage?officer=…}: by who registered it, with the other filters and paging; an officer names only themself. */
class FootageSearchApiTest {
    @RegisterExtension
    static final RunningService service = new RunningService();

    private static List<String> ids(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    @Test
    void aReviewerFindsWhatOneOfficerRegisteredCombinedWithTheOtherFiltersAndPaged() {
        Http ruiz = service.officer("badge-0101");
        Http lee = service.officer("badge-0202");
        String a = upload(ruiz, bytes(500, 1), "filename=a.mp4&incident=INC-O1");
        String b = upload(lee, bytes(500, 2), "filename=b.mp4&incident=INC-O1");
        String c = upload(ruiz, bytes(500, 3), "filename=c.mp4&incident=INC-O2");
        Http reviewer = service.reviewer("det-1");
        assertEquals(List.of(a, c), ids(reviewer.get("/api/v1/footage?officer=badge-0101")));
        assertEquals(List.of(b), ids(reviewer.get("/api/v1/footage?officer=badge-0202&incident=INC-O1")));
        assertEquals(List.of(), ids(reviewer.get("/api/v1/footage?officer=badge-0202&incident=INC-O2")));
        assertEquals(List.of(), ids(reviewer.get("/api/v1/footage?officer=nobody")));
        HttpResponse<String> first = reviewer.get("/api/v1/footage?officer=badge-0101&limit=1");
        assertEquals(List.of(a), ids(first));
        String cursor = new JsonObject(first.body()).getString("nextCursor");
        HttpResponse<String> second = reviewer.get("/api/v1/footage?officer=badge-0101&limit=1&cursor=" + cursor);
        assertEquals(List.of(c), ids(second));
        assertTrue(new JsonObject(service.oversight("ovs").get("/api/v1/footage?officer=badge-0202").body())
                .getJsonArray("items").size() == 1, "oversight searches alike");
    }

    @Test
    void anOfficerNamesOnlyThemselfAndABadOfficerValueIsA400() {
        Http officer = service.officer("badge-0303");
        String own = upload(officer, bytes(500, 4), "filename=own.mp4&incident=INC-O3");
        assertEquals(List.of(own), ids(officer.get("/api/v1/footage?officer=badge-0303")));
        String detail = problem(officer.get("/api/v1/footage?officer=badge-0101"), 403);
        assertTrue(detail.contains("only their own footage"), detail);
        problem(service.reviewer("det-2").get("/api/v1/footage?officer=" + "x".repeat(257)), 400);
        problem(service.reviewer("det-2").get("/api/v1/footage?officer=%01bad"), 400);
    }
}
