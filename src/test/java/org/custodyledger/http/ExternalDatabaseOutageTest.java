package org.custodyledger.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.custodyledger.cli.Application;
import org.custodyledger.config.AppConfig;
import org.custodyledger.testing.AppendLoad;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.ExternalPostgres;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An external PostgreSQL stopped and started again under load (issue 13, item 3): 503 problems
 * during the outage, appends again afterwards without restarting the service, nothing
 * acknowledged lost and no partial rows. A fast stop cuts clients off mid-statement; an
 * immediate one is a crash, and the next start replays the WAL.
 */
class ExternalDatabaseOutageTest {
    private static final Duration PROMPT = Duration.ofSeconds(5);

    @Test
    void theServiceAnswers503WhileItsDatabaseIsDownAndResumesWhenItIsBack(@TempDir Path dataDir) throws Exception {
        assumeTrue(ExternalPostgres.available(), "no PostgreSQL 15 binaries in " + ExternalPostgres.BIN
                + " (apt-get install postgresql-15; .ci/run does): the external-outage test is skipped");
        try (ExternalPostgres postgres = ExternalPostgres.launch()) {
            String url = postgres.url("postgres");
            AppendLoad load;
            try (Application app = Application.start(AppConfig.forTests(dataDir, url))) {
                Http http = new Http(app.port());
                load = AppendLoad.start(http, 3);
                try {
                    await("appends acknowledged").atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged().size() >= 20);
                    for (String mode : List.of("fast", "immediate")) {
                        postgres.stop(mode);
                        int refusedBefore = load.answered(503);
                        long asked = System.nanoTime();
                        HttpResponse<String> during = load.registerOne();
                        Duration took = Duration.ofNanos(System.nanoTime() - asked);
                        assertTrue(AppendLoad.isProblem503(during), mode + " stop: " + during.statusCode() + " " + during.body());
                        assertTrue(took.compareTo(PROMPT) < 0, mode + " stop: answered after " + took);
                        assertEquals("5", during.headers().firstValue("Retry-After").orElse(null));
                        assertEquals(503, http.get("/health").statusCode());
                        await(mode + " stop: the load is answered 503").atMost(PROMPT).until(() -> load.answered(503) > refusedBefore);

                        postgres.start();
                        int before = load.acknowledged().size();
                        await(mode + " stop: appends acknowledged again").atMost(Duration.ofSeconds(30))
                                .until(() -> load.acknowledged().size() >= before + 20);
                        assertEquals(200, http.get("/health").statusCode());
                    }
                } finally {
                    load.close();
                }
                assertEquals(List.of(), load.unexpected(), "every answer was a 201 or a 503 problem");
                load.assertEveryAcknowledgedIsLogged(http);
            }
            assertEquals(0, audit(url), "the audit finds no divergence and no row written outside the ledger");
            try (Sql sql = new Sql(url)) {
                assertEquals(0, sql.count("SELECT count(*) FROM footage f WHERE NOT EXISTS (SELECT 1 FROM log_entries e"
                        + " WHERE e.footage_id = f.id AND e.event_type = 'REGISTERED')"), "footage without its REGISTERED event");
                assertTrue(sql.count("SELECT count(*) FROM log_entries") >= load.acknowledged().size());
            }
        }
    }

    private static int audit(String url) {
        Cli.Result result = Cli.run("audit", "--db-url", url);
        System.out.println(result.out() + result.err());
        return result.exit();
    }
}
