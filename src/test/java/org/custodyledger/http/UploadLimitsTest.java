package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.custodyledger.config.AppConfig;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RawHttp;
import org.custodyledger.testing.RunningService;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.net.http.HttpClient;
import java.util.concurrent.CompletableFuture;

/**
 * Uploads that stall, vanish or outnumber the service: each is bounded in memory and time,
 * answered or dropped, and leaves no temporary file, blob or row; other callers are unaffected.
 */
class UploadLimitsTest {
    private static final int SLOTS = 4;
    private static final Duration IDLE = Duration.ofSeconds(6);
    static final String OFFICER = TestTokens.officer("officer-u");
    @RegisterExtension
    static final RunningService service = new RunningService(
            (dataDir, db) -> AppConfig.builder(dataDir).dbUrl(db).uploads(new AppConfig.Uploads(SLOTS, IDLE)).build());

    private static Http http() {
        return service.as(OFFICER);
    }

    private static Sql sql() {
        return service.sql();
    }

    /** Opens an upload that declares {@code declared} bytes, sends {@code sent} of them, and keeps the socket open. */
    private static Socket stalledUpload(long declared, int sent) throws IOException {
        Socket socket = new Socket("localhost", service.port());
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/v1/footage?filename=stall.mp4 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + OFFICER
                + "\r\nContent-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[sent]);
        out.flush();
        return socket;
    }

    /** Requests the HTTP server had begun when their client reset the connection, as /metrics counts them. */
    private static double requestResets() {
        String text = service.oversight("oversight-u").get("/metrics").body();
        Matcher series = Pattern.compile("(?m)^vertx_http_server_request_resets_total(\\{[^}]*\\})? (\\S+)$").matcher(text);
        double total = 0;
        while (series.find()) {
            total += Double.parseDouble(series.group(2));
        }
        return total;
    }

    private static long temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(service.dataDir().resolve("blobs").resolve("tmp"))) {
            return files.count();
        }
    }

    @Test
    void uploadsBeyondTheCapAre503WithRetryAfterAndASilentClientIsDroppedWith408() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < SLOTS; i++) {
                stalled.add(stalledUpload(1 << 20, 1024));
            }
            Awaitility.await("every stalled upload holds a temporary file").atMost(Duration.ofSeconds(10))
                    .until(() -> temporaryFiles() == SLOTS);
            RawHttp.Answer busy = RawHttp.exchange(service.port(), "POST /api/v1/footage?filename=more.mp4 HTTP/1.1\r\n"
                    + "Host: localhost\r\nAuthorization: Bearer " + OFFICER + "\r\nContent-Length: 3", "abc".getBytes());
            assertEquals(503, busy.status(), busy.body());
            assertEquals("1", busy.header("retry-after"));
            assertEquals(Problems.CONTENT_TYPE, busy.header("content-type"));
            // Everything that streams no body still answers at once.
            assertEquals(200, http().get("/health").statusCode());
            String hashOnly = "{\"sha256\":\"" + "1a".repeat(32) + "\",\"size\":5,\"filename\":\"kept.mp4\"}";
            assertEquals(201, http().send(HttpRequest.newBuilder(http().uri("/api/v1/footage/by-hash"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(hashOnly)))
                    .statusCode());

            // The stalled clients send nothing more: each is answered 408 and its file removed.
            for (Socket s : stalled) {
                String answer = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 408", answer);
            }
            Awaitility.await("stalled uploads leave no temporary file").atMost(Duration.ofSeconds(10))
                    .until(() -> temporaryFiles() == 0);
            HttpResponse<String> after = http().send(HttpRequest.newBuilder(http().uri("/api/v1/footage?filename=after.mp4"))
                    .POST(HttpRequest.BodyPublishers.ofString("fresh bytes after the stall")));
            assertEquals(201, after.statusCode(), "the slots are free again: " + after.body());
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
        assertEquals(0, sql().count("SELECT count(*) FROM footage WHERE filename = 'stall.mp4'"));
    }

    @Test
    void clientsThatResetRightAfterTheirHeadersLeaveNoTemporaryFile() throws Exception {
        double resetsBefore = requestResets();
        for (int i = 0; i < 20; i++) {
            try (Socket socket = new Socket("localhost", service.port())) {
                socket.setSoLinger(true, 0);
                socket.getOutputStream().write(("POST /api/v1/footage?filename=reset.mp4 HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + OFFICER + "\r\nContent-Length: 1000000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(new byte[i * 100]);
                socket.getOutputStream().flush();
                if (i % 2 == 1) {
                    Thread.onSpinWait();
                }
            }
        }
        Awaitility.await("interrupted uploads leave no temporary file, well before the idle time-out").atMost(Duration.ofSeconds(3))
                .until(() -> temporaryFiles() == 0);
        // Else "no temporary file" would hold for uploads the server never began.
        Awaitility.await("the server saw uploads reset mid-request").atMost(Duration.ofSeconds(3))
                .until(() -> requestResets() > resetsBefore);
        assertEquals(0, sql().count("SELECT count(*) FROM footage WHERE filename = 'reset.mp4'"));
        assertEquals(200, http().get("/health").statusCode());
    }

    @Test
    void aBadRequestInABatchDoesNotFailItsBatchMates() throws Exception {
        // Each bad registration is refused at the edge; the good ones around it are answered as if alone.
        List<CompletableFuture<HttpResponse<String>>> good = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> bad = new ArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 200; i++) {
            String sha = String.format("%064x", 0xabc000 + i);
            boolean poison = i % 5 == 0;
            String body = "{\"sha256\":\"" + sha + "\",\"size\":1,\"filename\":\"m" + i + ".mp4\",\"metadata\":{\"note\":\""
                    + (poison ? "nul\\u0000here" : "fine") + "\"}}";
            var f = client.sendAsync(HttpRequest.newBuilder(http().uri("/api/v1/footage/by-hash"))
                    .header("Authorization", "Bearer " + OFFICER).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            (poison ? bad : good).add(f);
        }
        for (var f : good) {
            HttpResponse<String> r = f.get();
            assertEquals(201, r.statusCode(), r.body());
        }
        for (var f : bad) {
            HttpResponse<String> r = f.get();
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(new JsonObject(r.body()).getString("detail").contains("NUL"), r.body());
        }
    }
}
