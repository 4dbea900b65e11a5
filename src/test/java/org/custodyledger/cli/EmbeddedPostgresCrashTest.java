package org.custodyledger.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.custodyledger.testing.AppendLoad;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.TestTokens;
import org.custodyledger.testing.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The embedded PostgreSQL killed under a running, loaded {@code serve} (issue 13, item 2), with
 * real processes: the service answers 503 problems meanwhile, restarts PostgreSQL by itself and
 * loses nothing it acknowledged. Before the fix it answered 503 for ever.
 */
class EmbeddedPostgresCrashTest {
    // The first start of a data directory runs initdb, on two cores shared with other builds.
    private static final Duration FIRST_START = Duration.ofSeconds(90);
    private static final Pattern AUDIT_URL = Pattern.compile("audit --db-url (\\S+)");

    @Test
    void aKilledPostgresIsRestartedAndNothingAcknowledgedIsLost(@TempDir Path dataDir) throws Exception {
        try (ServiceProcess service = ServiceProcess.start(dataDir)) {
            Http http = new Http(service.awaitListening(FIRST_START));
            long postmaster = service.postmasterPid().orElseThrow();
            AppendLoad load = AppendLoad.start(http, 3);
            try {
                await("appends acknowledged").atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged().size() >= 20);
                ProcessHandle.of(postmaster).orElseThrow().destroyForcibly(); // SIGKILL, as the OOM killer sends it
                long killed = System.nanoTime();
                await("/health 503").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                        .until(() -> http.get("/health").statusCode() == 503);
                await("an append answered 503").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                        .until(() -> load.answered(503) > 0);
                await("/health 200 again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> http.get("/health").statusCode() == 200);
                System.out.println("healthy again " + (System.nanoTime() - killed) / 1_000_000 + " ms after the SIGKILL");
                int before = load.acknowledged().size();
                await("appends acknowledged again").atMost(Duration.ofSeconds(30))
                        .until(() -> load.acknowledged().size() >= before + 20);
            } finally {
                load.close();
            }
            assertEquals(List.of(), load.unexpected(), () -> "every answer was a 201 or a 503 problem; the service said:\n"
                    + service.output());
            assertNotEquals(postmaster, service.postmasterPid().orElseThrow(), "a new postmaster runs");
            assertTrue(service.output().contains("embedded PostgreSQL restarted"), service.output());
            String metrics = http.as(TestTokens.oversight("monitor-1")).get("/metrics").body();
            assertTrue(Pattern.compile("(?m)^custody_embedded_db_restarts_total 1\\.0$").matcher(metrics).find(),
                    () -> "the restart is counted: " + metrics.lines().filter(l -> l.contains("restarts")).toList());
            load.assertEveryAcknowledgedIsLogged(http);
            assertEquals(0, audit(service.output()), "the audit finds no divergence, no row written outside the ledger");
        }
    }

    /** Audits the running service through the URL it logged, as README says. */
    private static int audit(String serviceOutput) {
        Matcher m = AUDIT_URL.matcher(serviceOutput);
        assertTrue(m.find(), serviceOutput);
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(out));
        int code = cmd.execute("audit", "--db-url", m.group(1));
        System.out.println(out);
        return code;
    }
}
