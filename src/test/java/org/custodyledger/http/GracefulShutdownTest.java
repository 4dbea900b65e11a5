package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.custodyledger.cli.Application;
import org.custodyledger.config.AppConfig;
import org.custodyledger.testing.TestDatabases;
import org.custodyledger.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the service lets an upload in flight finish and be recorded before the database goes. */
class GracefulShutdownTest {
    @Test
    void anUploadInFlightCompletesDuringShutdown(@TempDir Path dataDir) throws Exception {
        Application app = Application.start(AppConfig.forTests(dataDir, TestDatabases.freshDatabase()));
        byte[] body = new byte[4 << 20];
        new Random(7).nextBytes(body);
        int port = app.port();
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/footage?filename=late.bin HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestTokens.officer("officer-1") + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            // Stop only once the upload is being received (its temporary file exists): a connection
            // whose request has not started yet is simply closed by a graceful shutdown.
            Path temp = dataDir.resolve("blobs/tmp");
            await("the upload's temporary file").atMost(Duration.ofSeconds(5)).until(() -> !isEmpty(temp));
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
                try {
                    app.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Once the port refuses new connections the shutdown is under way: only the upload can hold it open.
            await("the port to close").atMost(Duration.ofSeconds(10)).until(() -> refusesConnections(port));
            // And it stays under way while the upload is unfinished.
            await("close() waiting for the request in flight").during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(2)).until(() -> !stopping.isDone());
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertEquals("HTTP/1.1 201 Created", status);
            stopping.get(30, TimeUnit.SECONDS);
        }
    }

    private static boolean refusesConnections(int port) {
        try (Socket probe = new Socket("localhost", port)) {
            return false;
        } catch (IOException refused) {
            return true;
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }
}
