package org.custodyledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.custodyledger.config.AppConfig;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.testing.TestDatabases;
import org.custodyledger.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UploadCommandTest {
    @Test
    void uploadsWithItsDigestAndReportsIdHashAndIndex(@TempDir Path dataDir, @TempDir Path files) throws Exception {
        Path video = files.resolve("clip.mp4");
        Files.copy(Path.of(getClass().getResource("/media/bodycam-nyc.mp4").toURI()), video);
        try (Application app = Application.start(AppConfig.forTests(dataDir, TestDatabases.freshDatabase()))) {
            String server = "http://localhost:" + app.port();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cmd = new CommandLine(new Main());
            cmd.setOut(new PrintWriter(out));
            cmd.setErr(new PrintWriter(err));
            assertEquals(0, cmd.execute("upload", video.toString(), "--server", server, "--incident", "INC-1",
                    "--token", TestTokens.officer("officer-1")), err.toString());
            assertTrue(out.toString().startsWith("registered f-"), out.toString());
            assertTrue(out.toString().contains("sha256     " + Sha256Hasher.hash(Files.readAllBytes(video)).hex()));
            assertTrue(out.toString().contains("leaf index 0 (REGISTERED)"), out.toString());

            StringWriter refused = new StringWriter();
            cmd.setErr(new PrintWriter(refused));
            assertEquals(1, cmd.execute("upload", video.toString(), "--server", server, "--recorded-at", "soon",
                    "--token", TestTokens.officer("officer-1")));
            assertTrue(refused.toString().contains("upload refused: HTTP 400: recordedAt must be an RFC 3339 time"),
                    refused.toString());
        }
    }

    @Test
    void aRefusedTokenIsReportedWithItsReasonBeforeAnyByteIsSent(@TempDir Path files) throws Exception {
        Path video = files.resolve("big.mp4");
        Files.write(video, new byte[4 << 20]);
        try (ServerSocket listener = new ServerSocket(0)) {
            var served = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept()) {
                    var in = s.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        head.append((char) in.read());
                    }
                    String problem = "{\"status\":401,\"detail\":\"the bearer token has expired\"}";
                    s.getOutputStream().write(("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/problem+json\r\n"
                            + "Content-Length: " + problem.length() + "\r\n\r\n" + problem).getBytes());
                    s.setSoTimeout(1000);
                    long body = 0;
                    try {
                        for (int n; (n = in.read(new byte[8192])) > 0; ) {
                            body += n;
                        }
                    } catch (SocketTimeoutException quiet) {
                        // nothing more came
                    }
                    return head + "body bytes: " + body;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            StringWriter err = new StringWriter();
            CommandLine cmd = new CommandLine(new Main());
            cmd.setErr(new PrintWriter(err));
            assertEquals(1, cmd.execute("upload", video.toString(), "--server", "http://localhost:" + listener.getLocalPort(),
                    "--token", "expired.token.here"));
            assertTrue(err.toString().contains("upload refused: HTTP 401: the bearer token has expired"), err.toString());
            String seen = served.get(10, TimeUnit.SECONDS);
            assertTrue(seen.toLowerCase().contains("expect: 100-continue"), seen);
            assertTrue(seen.endsWith("body bytes: 0"), seen);
        }
    }

    @Test
    void anUnreachableServerIsOneClearLine(@TempDir Path files) throws Exception {
        Path video = files.resolve("clip.mp4");
        Files.write(video, new byte[1000]);
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Main());
        cmd.setErr(new PrintWriter(err));
        assertEquals(1, cmd.execute("upload", video.toString(), "--server", "http://localhost:" + closedPort));
        String text = err.toString();
        String last = text.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("upload failed: cannot reach http://localhost:" + closedPort), text);
        assertTrue(!text.contains("\tat ") && !text.contains("Exception"), text);
    }
}
