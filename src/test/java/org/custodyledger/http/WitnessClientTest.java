package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.custodyledger.service.Cosigning;
import org.custodyledger.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A witness is a stranger on the network: one that floods or trickles costs one failed request, not the log. */
class WitnessClientTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() {
        Await.result(vertx.close());
    }

    private String serve(Handler<HttpServerResponse> answer) {
        HttpServer server = Await.result(vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(b -> answer.handle(request.response())))
                .listen(0));
        return "http://127.0.0.1:" + server.actualPort();
    }

    @Test
    void aChunkedFloodIsCutAtTheLimitWhateverItsDeclaredLength() {
        String url = serve(response -> {
            response.setChunked(true);
            // 1 MiB in 8 KiB chunks, no Content-Length: only counting what arrives can bound it.
            vertx.setPeriodic(1, id -> {
                if (response.closed() || response.bytesWritten() > (1 << 20)) {
                    vertx.cancelTimer(id);
                    return;
                }
                response.write(Buffer.buffer(new byte[8192]));
            });
        });
        try (WitnessClient client = new WitnessClient(vertx, Duration.ofSeconds(20))) {
            Cosigning.Answer answer = Await.result(client.addCheckpoint(url, "old 0\n\nnote\n"));
            assertEquals(200, answer.status());
            assertEquals("a response of more than 65536 bytes", answer.body());
        }
    }

    @Test
    void aWitnessThatTricklesIsCutAtTheDeadline() {
        String url = serve(response -> {
            response.setChunked(true);
            // One byte every 300 ms never trips an idle time-out of a second: only a deadline ends it.
            vertx.setPeriodic(300, id -> {
                if (response.closed()) {
                    vertx.cancelTimer(id);
                } else {
                    response.write("x");
                }
            });
        });
        try (WitnessClient client = new WitnessClient(vertx, Duration.ofSeconds(1))) {
            long started = System.nanoTime();
            Throwable failure = assertThrows(Throwable.class,
                    () -> client.addCheckpoint(url, "old 0\n\nnote\n").await(30, TimeUnit.SECONDS));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            assertTrue(seconds < 10, "cut after " + seconds + " s");
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            assertInstanceOf(TimeoutException.class, cause, failure.toString());
        }
    }
}
