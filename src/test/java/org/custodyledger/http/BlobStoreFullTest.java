package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.custodyledger.config.AppConfig;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.custodyledger.testing.Sql;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real full (and then read-only) file system under the blob store: a 1 MiB tmpfs mounted
 * for the test. Uploads answer 507 at once and leave nothing; everything else keeps working.
 * Mounting needs root, which CI has; elsewhere the test is skipped, saying so.
 */
class BlobStoreFullTest {
    static Path blobs;
    @RegisterExtension
    static final RunningService service = new RunningService((dataDir, db) -> {
        blobs = Files.createDirectories(dataDir.resolve("blobs"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", blobs.toString()) == 0,
                "mounting a tmpfs needs root: skipped");
        return AppConfig.forTests(dataDir, db);
    }).afterStop(() -> run("umount", blobs.toString()));
    static Sql sql;
    static Http http;

    @BeforeAll
    static void start() {
        sql = service.sql();
        http = service.officer("officer-full");
    }

    private static int run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor();
    }

    private static HttpResponse<String> upload(String name, int size) {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        return http.send(HttpRequest.newBuilder(http.uri("/api/v1/footage?filename=" + name))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static long leftovers() throws IOException {
        try (Stream<Path> files = Files.walk(blobs)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aFullOrReadOnlyBlobStoreAnswers507AndKeepsNothingWhileTheRestWorks() throws Exception {
        HttpResponse<String> full = upload("too-big.mp4", 3 << 20);
        assertEquals(507, full.statusCode(), full.body());
        assertEquals(Problems.CONTENT_TYPE, full.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(new JsonObject(full.body()).getString("detail").contains("nothing was kept"), full.body());
        assertEquals(0, leftovers(), "no temporary file or blob");
        assertEquals(0, sql.count("SELECT count(*) FROM footage"));
        assertEquals(0, sql.count("SELECT count(*) FROM log_entries"));

        assertEquals(200, http.get("/health").statusCode());
        String hashOnly = "{\"sha256\":\"" + "2b".repeat(32) + "\",\"size\":5,\"filename\":\"elsewhere.mp4\"}";
        assertEquals(201, http.send(HttpRequest.newBuilder(http.uri("/api/v1/footage/by-hash"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(hashOnly)))
                .statusCode(), "registration by hash needs no blob store");
        assertEquals(201, upload("fits.mp4", 100_000).statusCode(), "space freed by the failed upload is usable");

        assertEquals(0, run("mount", "-o", "remount,ro", blobs.toString()));
        try {
            HttpResponse<String> readOnly = upload("read-only.mp4", 10_000);
            assertEquals(507, readOnly.statusCode(), readOnly.body());
        } finally {
            run("mount", "-o", "remount,rw", blobs.toString());
        }
        assertEquals(1, sql.count("SELECT count(*) FROM footage WHERE held"));
    }
}
