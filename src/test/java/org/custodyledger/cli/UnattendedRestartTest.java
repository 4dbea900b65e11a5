package org.custodyledger.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.Processes;
import org.custodyledger.testing.ServiceProcess;
import org.custodyledger.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} restarted unattended after its process was SIGKILLed (issue 13, item 1), with
 * real processes: the embedded PostgreSQL runs in its own session, so nothing in a killed JVM
 * can stop it, and before this fix the next start waited 60 s and gave up without saying why.
 */
class UnattendedRestartTest {
    // The first start of a data directory runs initdb, on two cores shared with other builds.
    private static final Duration FIRST_START = Duration.ofSeconds(90);
    private static final Duration OLD_FAILURE = Duration.ofSeconds(60);

    @Test
    void aServiceRecoversTheDataDirectoryWhosePostgresOutlivedItsKilledPredecessor(@TempDir Path dataDir) throws Exception {
        List<String> ids = new ArrayList<>();
        try (ServiceProcess crashed = ServiceProcess.start(dataDir)) {
            Http http = new Http(crashed.awaitListening(FIRST_START));
            for (int i = 0; i < 3; i++) {
                ids.add(registerByHash(http.as(TestTokens.officer("officer-1")), i));
            }
            long orphan = crashed.postmasterPid().orElseThrow();
            // The watchdog dies too, as when a whole process group is SIGKILLed: PostgreSQL, in its own session, does not.
            crashed.handle().children().forEach(ProcessHandle::destroyForcibly);
            crashed.kill();
            assertTrue(Processes.isRunning(orphan),
                    "precondition: the killed service's PostgreSQL still runs");

            long started = System.nanoTime();
            try (ServiceProcess restarted = ServiceProcess.start(dataDir)) {
                Http again = new Http(restarted.awaitListening(OLD_FAILURE.dividedBy(2)));
                assertEquals(200, again.get("/health").statusCode());
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertTrue(restarted.output().contains("PostgreSQL (pid " + orphan + ") is still running"), restarted.output());
                assertFalse(Processes.isRunning(orphan), "the orphan was stopped");
                String checkpoint = again.get("/api/v1/ledger/checkpoint").body();
                assertEquals("3", checkpoint.lines().skip(1).findFirst().orElseThrow(), "every acknowledged event is kept");
                HttpResponse<String> first = again.as(TestTokens.reviewer("reviewer-1")).get("/api/v1/footage/" + ids.get(0));
                assertEquals(200, first.statusCode(), first.body());
                System.out.println("healthy " + took.toMillis() + " ms after the restart began");
            }
        }
    }

    @Test
    void aSecondServiceOnALiveServicesDataDirectoryRefusesAtOnceNamingItsPid(@TempDir Path dataDir) throws Exception {
        try (ServiceProcess running = ServiceProcess.start(dataDir)) {
            Http http = new Http(running.awaitListening(FIRST_START));
            long started = System.nanoTime();
            try (ServiceProcess second = ServiceProcess.start(dataDir)) {
                // Refused "within a second" of its own start-up; the bound allows for a JVM starting on busy cores.
                int code = second.awaitExit(Duration.ofSeconds(30));
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertEquals(1, code, second.output());
                assertTrue(second.output().contains("data directory " + dataDir.toAbsolutePath() + " is in use by a running "
                        + "custody-ledger service (pid " + running.pid() + "); stop it first or choose another --data-dir"),
                        second.output());
                System.out.println("refused " + took.toMillis() + " ms after launch");
            }
            assertEquals(200, http.get("/health").statusCode(), "the running service is left alone");
        }
    }

    @Test
    void thePostgresOfAKilledServiceStopsByItselfWithinSeconds(@TempDir Path dataDir) throws Exception {
        try (ServiceProcess service = ServiceProcess.start(dataDir)) {
            service.awaitListening(FIRST_START);
            long postgres = service.postmasterPid().orElseThrow();
            service.kill();
            long killed = System.nanoTime();
            await("the killed service's PostgreSQL stopped").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !Processes.isRunning(postgres));
            System.out.println("PostgreSQL gone " + (System.nanoTime() - killed) / 1_000_000 + " ms after the SIGKILL");
            assertFalse(Files.exists(dataDir.resolve("postgres/postmaster.pid")), "a fast shutdown removes postmaster.pid");
        }
    }

    private static String registerByHash(Http officer, int seed) {
        byte[] hash = new byte[32];
        new Random(seed).nextBytes(hash);
        String body = new JsonObject().put("sha256", HexFormat.of().formatHex(hash)).put("size", 1000)
                .put("filename", "clip-" + seed + ".mp4").put("incident", "INC-13").encode();
        HttpResponse<String> answer = officer.send(HttpRequest.newBuilder(officer.uri("/api/v1/footage/by-hash"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(201, answer.statusCode(), answer.body());
        return new JsonObject(answer.body()).getString("id");
    }
}
