package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.custodyledger.cli.Application;
import org.custodyledger.config.AppConfig;
import org.custodyledger.storage.EmbeddedPostgresServer;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Events;

class FoundationApiTest {
    @RegisterExtension
    static final RunningService service = new RunningService();

    @TempDir
    Path dataDir;

    /** GET /health answers {@code status} with the service and its database both {@code state}. */
    private static void assertHealth(Http http, int status, String state) {
        HttpResponse<String> health = http.get("/health");
        assertEquals(status, health.statusCode(), health.body());
        JsonObject body = new JsonObject(health.body());
        assertEquals(state, body.getString("status"));
        assertEquals(state, body.getString("database"));
    }

    @Test
    void healthIsUpAndUnknownRoutesAreProblems() {
        Http http = service.http();
        assertHealth(http, 200, "UP");

        HttpResponse<String> missing = http.get("/no/such/thing");
        assertEquals(404, missing.statusCode());
        assertEquals(Problems.CONTENT_TYPE, missing.headers().firstValue("Content-Type").orElseThrow());
        JsonObject problem = new JsonObject(missing.body());
        assertEquals(404, problem.getInteger("status"));
        assertEquals("Not Found", problem.getString("title"));
        assertEquals("no resource at GET /no/such/thing", problem.getString("detail"));
        assertEquals("/no/such/thing", problem.getString("instance"));
        assertTrue(problem.containsKey("requestId"));

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(http.uri("/health"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(404, post.statusCode());
        assertEquals(Problems.CONTENT_TYPE, post.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void anH2cUpgradeRequestIsAnsweredInHttp11() throws Exception {
        try (Socket socket = new Socket("localhost", service.port())) {
            socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQBAAAAAAIAAAAA\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 200 OK", status);
        }
    }

    @Test
    void healthIs503WhenTheDatabaseStops(@TempDir Path pgDir) throws Exception {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(pgDir, false);
        try (Application app = Application.start(AppConfig.forTests(dataDir, postgres.url("postgres")))) {
            Http http = new Http(app.port());
            assertHealth(http, 200, "UP");
            postgres.close();
            assertHealth(http, 503, "DOWN");
            HttpResponse<String> checkpoint = http.get("/api/v1/ledger/checkpoint");
            assertEquals(503, checkpoint.statusCode(), checkpoint.body());
            assertEquals(Problems.CONTENT_TYPE, checkpoint.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("the database is unavailable; try again later", new JsonObject(checkpoint.body()).getString("detail"));
        } finally {
            postgres.close();
        }
    }

    @Test
    void embeddedDataSurvivesARestart() throws Exception {
        AppConfig embedded = AppConfig.forTests(dataDir, null);
        String checkpoint;
        try (Application app = Application.start(embedded)) {
            Http http = new Http(app.port());
            Await.result(app.sequencer().append(Events.viewed("kept")));
            checkpoint = http.get("/api/v1/ledger/checkpoint").body();
            assertTrue(checkpoint.contains("\n1\n"), checkpoint);
        }
        try (Application again = Application.start(embedded)) {
            Http http = new Http(again.port());
            assertEquals(checkpoint, http.get("/api/v1/ledger/checkpoint").body());
            assertEquals(200, http.get("/api/v1/ledger/proof/inclusion?index=0&treeSize=1").statusCode());
        }
    }
}
