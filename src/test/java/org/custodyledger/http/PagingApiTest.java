package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.cli.Application;
import org.custodyledger.config.AppConfig;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.TestDatabases;
import org.custodyledger.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One paging rule on every paged endpoint: a cursor the service gave out, a limit within the documented range. */
class PagingApiTest {
    @TempDir
    Path dataDir;

    @Test
    void everyPagedEndpointPagesAndRefusesCursorsItNeverGaveOut() throws Exception {
        try (Application app = Application.start(AppConfig.forTests(dataDir, TestDatabases.freshDatabase()))) {
            Http http = new Http(app.port());
            Http officer = http.as(TestTokens.officer("officer-7"));
            Http reviewer = http.as(TestTokens.reviewer("det-ruiz"));
            Http oversight = http.as(TestTokens.oversight("ombud-1"));
            String id = null;
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> up = officer.send(HttpRequest.newBuilder(
                                http.uri("/api/v1/footage?filename=p" + i + ".mp4&incident=PAGING"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(("clip " + i).getBytes(StandardCharsets.UTF_8))));
                assertEquals(201, up.statusCode(), up.body());
                id = new JsonObject(up.body()).getString("id");
                // Refusals fill the access audit: one per upload.
                assertEquals(403, officer.get("/api/v1/audit/access-failures").statusCode());
            }
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> note = reviewer.send(HttpRequest.newBuilder(http.uri("/api/v1/footage/" + id + "/events"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"ANNOTATED\",\"details\":{\"note\":\"n" + i
                                + "\"}}")));
                assertEquals(201, note.statusCode(), note.body());
            }
            String footage = "/api/v1/footage?incident=PAGING";
            String history = "/api/v1/footage/" + id + "/history";
            String failures = "/api/v1/audit/access-failures";

            assertEquals(3, walk(reviewer, footage + "&limit=1").size());
            assertEquals(3, walk(reviewer, history + "?limit=1").size());
            assertEquals(3, walk(oversight, failures + "?limit=1").size());

            for (String cursor : List.of("-1", "-2", "-9223372036854775808", "abc", "1.5", "+1")) {
                refused(reviewer, footage + "&cursor=" + cursor, "cursor is not one this service gave out: '" + cursor + "'");
                refused(reviewer, history + "?cursor=" + cursor, "cursor is not one this service gave out: '" + cursor + "'");
                refused(oversight, failures + "?cursor=" + cursor, "cursor is not one this service gave out: '" + cursor + "'");
            }
            refused(reviewer, footage + "&limit=501", "limit must be between 1 and 500, got '501'");
            refused(reviewer, history + "?limit=1001", "limit must be between 1 and 1000, got '1001'");
            refused(oversight, failures + "?limit=1001", "limit must be between 1 and 1000, got '1001'");
            refused(oversight, failures + "?limit=0", "limit must be between 1 and 1000, got '0'");
        }
    }

    /** Follows nextCursor from the first page to the end; answers every item seen. */
    private static List<Object> walk(Http as, String first) {
        List<Object> seen = new ArrayList<>();
        String path = first;
        for (int pages = 0; pages < 10; pages++) {
            HttpResponse<String> r = as.get(path);
            assertEquals(200, r.statusCode(), r.body());
            JsonObject page = new JsonObject(r.body());
            JsonArray items = page.getJsonArray("items");
            items.forEach(seen::add);
            String next = page.getString("nextCursor");
            if (next == null) {
                return seen;
            }
            path = first + "&cursor=" + next;
        }
        throw new AssertionError("more pages than items from " + first);
    }

    private static void refused(Http as, String path, String detail) {
        HttpResponse<String> r = as.get(path.replace("+", "%2B"));
        assertEquals(400, r.statusCode(), path + ": " + r.body());
        assertEquals(Problems.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElseThrow(), path);
        assertEquals(detail, new JsonObject(r.body()).getString("detail"), path);
        assertNull(new JsonObject(r.body()).getValue("items"), path);
    }
}
