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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/footage?recordedFrom=…&recordedTo=…&device=…&filename=…}: the recorded
 * range (from inclusive, to exclusive), the exact device and the file name's start, combined
 * with the other filters; device and file name only within an indexed filter; bad input a 400.
 */
class FootageSearchFiltersApiTest {
    @RegisterExtension
    static final RunningService service = new RunningService();
    static Http reviewer;
    static Http ruiz;
    static String a;
    static String b;
    static String c;

    @BeforeAll
    static void seed() {
        ruiz = service.officer("badge-0501");
        Http lee = service.officer("badge-0502");
        a = upload(ruiz, bytes(500, 11), "filename=north-door.mp4&incident=INC-F1&device=CAM-1&recordedAt=2026-05-01T10:00:00Z");
        b = upload(lee, bytes(500, 12), "filename=north-yard.mp4&incident=INC-F1&device=CAM-2&recordedAt=2026-05-01T12:00:00Z");
        c = upload(ruiz, bytes(500, 13), "filename=south.mp4&incident=INC-F1&device=CAM-1&recordedAt=2026-05-02T10:00:00Z");
        reviewer = service.reviewer("det-5");
    }

    private static List<String> ids(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    @Test
    void aReviewerNarrowsByRecordedRangeDeviceAndFileName() {
        String day = "recordedFrom=2026-05-01T00:00:00Z&recordedTo=2026-05-02T00:00:00Z";
        assertEquals(List.of(a, b), ids(reviewer.get("/api/v1/footage?" + day)));
        assertEquals(List.of(a), ids(reviewer.get("/api/v1/footage?" + day + "&device=CAM-1")));
        assertEquals(List.of(b), ids(reviewer.get("/api/v1/footage?recordedFrom=2026-05-01T12:00:00Z&recordedTo=2026-05-01T12:00:01Z")));
        assertEquals(List.of(c), ids(reviewer.get("/api/v1/footage?recordedFrom=2026-05-01T12:00:01Z&incident=INC-F1")));
        assertEquals(List.of(a, c), ids(reviewer.get("/api/v1/footage?incident=INC-F1&device=CAM-1")));
        assertEquals(List.of(), ids(reviewer.get("/api/v1/footage?incident=INC-F1&device=CAM")));
        assertEquals(List.of(a, b), ids(reviewer.get("/api/v1/footage?incident=INC-F1&filename=north-")));
        assertEquals(List.of(), ids(reviewer.get("/api/v1/footage?incident=INC-F1&filename=North")));
        // A LIKE pattern's wildcards are plain characters in a prefix.
        assertEquals(List.of(), ids(reviewer.get("/api/v1/footage?incident=INC-F1&filename=%25")));
        assertEquals(List.of(a), ids(reviewer.get("/api/v1/footage?officer=badge-0501&" + day)));
    }

    @Test
    void anOfficerStillSeesOnlyTheirOwnFootage() {
        assertEquals(List.of(a, c), ids(ruiz.get("/api/v1/footage?device=CAM-1")));
        assertEquals(List.of(a), ids(ruiz.get("/api/v1/footage?recordedFrom=2026-05-01T00:00:00Z&recordedTo=2026-05-02T00:00:00Z")));
        assertEquals(List.of(), ids(ruiz.get("/api/v1/footage?device=CAM-2")));
        problem(ruiz.get("/api/v1/footage?officer=badge-0502&device=CAM-2"), 403);
    }

    @Test
    void badInputIsAProblem400() {
        problem(reviewer.get("/api/v1/footage?recordedFrom=yesterday"), 400);
        problem(reviewer.get("/api/v1/footage?recordedTo=2026-05-01"), 400);
        String detail = problem(reviewer.get("/api/v1/footage?recordedFrom=2026-05-02T00:00:00Z&recordedTo=2026-05-01T00:00:00Z"), 400);
        assertTrue(detail.contains("before recordedTo"), detail);
        detail = problem(reviewer.get("/api/v1/footage?device=CAM-1"), 400);
        assertTrue(detail.contains("give one of those too"), detail);
        problem(reviewer.get("/api/v1/footage?filename=north&recordedFrom=2026-05-01T00:00:00Z"), 400);
        problem(reviewer.get("/api/v1/footage?incident=INC-F1&device=" + "d".repeat(129)), 400);
        problem(reviewer.get("/api/v1/footage?incident=INC-F1&filename=%01x"), 400);
    }
}
