package org.custodyledger.http;

import static org.custodyledger.testing.ApiCalls.bytes;
import static org.custodyledger.testing.ApiCalls.bytesOf;
import static org.custodyledger.testing.ApiCalls.history;
import static org.custodyledger.testing.ApiCalls.ofType;
import static org.custodyledger.testing.ApiCalls.post;
import static org.custodyledger.testing.ApiCalls.problem;
import static org.custodyledger.testing.ApiCalls.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.config.AppConfig;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A share larger than today's --batch-size (made before it was lowered) can still be revoked, every footage an event. */
class SmallBatchShareTest {
    @RegisterExtension
    static final RunningService service = new RunningService((dir, db) -> AppConfig.builder(dir).dbUrl(db).batchSize(2).build());

    @Test
    void aShareOfMoreFootageThanOneBatchIsRevokedInChunksTheFirstClosingTheLink() {
        Http officer = service.officer("officer-9");
        Http reviewer = service.reviewer("det-small");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(upload(officer, bytes(1500, 300 + i), "filename=s" + i + ".mp4"));
        }
        JsonObject request = new JsonObject().put("footageIds", new JsonArray().add(ids.get(0)).add(ids.get(1)))
                .put("recipient", new JsonObject().put("name", "B. Counsel").put("organisation", "Defence"))
                .put("purpose", "disclosure").put("expiresAt", Instant.now().plus(3, ChronoUnit.DAYS)
                        .truncatedTo(ChronoUnit.SECONDS).toString());
        HttpResponse<String> made = post(reviewer, "/api/v1/shares", request);
        assertEquals(201, made.statusCode(), made.body());
        String shareId = new JsonObject(made.body()).getJsonObject("share").getString("id");
        String capability = new JsonObject(made.body()).getString("capability");
        // As if the share had been made while --batch-size was larger: five footage, batches of two.
        for (String id : ids.subList(2, 5)) {
            service.sql().run("INSERT INTO share_items (share_id, footage_id) VALUES ('" + shareId + "', '" + id + "')");
        }
        assertEquals(200, bytesOf(service.http(), "/api/v1/shared/" + capability + "/footage/" + ids.get(4) + "/content", null)
                .statusCode());

        HttpResponse<String> revoked = post(reviewer, "/api/v1/shares/" + shareId + "/revoke",
                new JsonObject().put("reason", "batch size lowered since"));
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals(5, new JsonObject(revoked.body()).getJsonArray("events").size(), revoked.body());
        for (String id : ids) {
            assertEquals(1, ofType(history(reviewer, id), "SHARE_REVOKED").size(), id);
        }
        problem(service.http().get("/api/v1/shared/" + capability), 410);
    }
}
