package org.custodyledger.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.SignedTestLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code witness} as an operator runs it: its own JVM, configured by environment only. A
 * cosignature answered is never forgotten, even by a witness killed with SIGKILL at once.
 */
class WitnessProcessTest {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private final SignedTestLog log = new SignedTestLog("agency.example/custody-log", (byte) 1, 9, "leaf ");

    /** A witness process and what it printed. */
    private static final class WitnessProcess implements AutoCloseable {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();

        WitnessProcess(Map<String, String> env) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), Main.class.getName(), "witness")
                    .redirectErrorStream(true);
            builder.environment().putAll(env);
            process = builder.start();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(output lost: " + e + ")");
                }
            }, "witness-output");
            reader.setDaemon(true);
            reader.start();
        }

        int awaitPort() {
            await("witness listening").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .failFast("the witness exited:\n" + String.join("\n", lines), () -> !process.isAlive())
                    .until(() -> lines.stream().anyMatch(l -> LISTENING.matcher(l).find()));
            for (String line : lines) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            throw new AssertionError("unreachable");
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    private static HttpResponse<String> post(int port, String body) {
        return new Http(port).send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/add-checkpoint"))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    @Test
    void aCosignatureAnsweredSurvivesSigkillAndSigtermStopsCleanly(@TempDir Path dir) throws Exception {
        Cli.Result keygen = Cli.run("witness-keygen", "--out", dir.resolve("keys").toString(), "--name", "oversight.example/w1");
        assertEquals(0, keygen.exit(), keygen.err());
        Map<String, String> env = Map.of("CUSTODY_WITNESS_KEY", dir.resolve("keys/witness.pem").toString(),
                "CUSTODY_WITNESS_LOGS", log.vkey(), "CUSTODY_WITNESS_STATE", dir.resolve("state").toString(),
                "CUSTODY_WITNESS_PORT", "0", "CUSTODY_WITNESS_HOST", "127.0.0.1");
        try (WitnessProcess first = new WitnessProcess(env)) {
            int port = first.awaitPort();
            assertTrue(first.lines.stream().anyMatch(l -> l.contains(keygen.out().strip())), String.join("\n", first.lines));
            HttpResponse<String> cosigned = post(port, log.request(0, 6));
            assertEquals(200, cosigned.statusCode(), cosigned.body());
            // No grace: the answer was sent, so the state must already be on disk.
            first.close();
        }
        try (WitnessProcess second = new WitnessProcess(env)) {
            int port = second.awaitPort();
            assertTrue(second.lines.stream().anyMatch(l -> l.contains("cosigned up to size 6")), String.join("\n", second.lines));
            HttpResponse<String> conflict = post(port, log.request(0, 9));
            assertEquals(409, conflict.statusCode(), conflict.body());
            assertEquals("6\n", conflict.body());
            assertEquals(200, post(port, log.request(6, 9)).statusCode());
            second.process.destroy();
            assertTrue(second.process.waitFor(30, TimeUnit.SECONDS), "SIGTERM stops the witness");
            // 128 + 15: the JVM's status when SIGTERM ran its shutdown hooks (a crash or SIGKILL would be 137 or 1).
            assertEquals(143, second.process.exitValue(), String.join("\n", second.lines));
        }
    }
}
