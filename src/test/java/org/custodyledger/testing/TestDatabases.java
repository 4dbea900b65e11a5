package org.custodyledger.testing;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.custodyledger.storage.EmbeddedPostgresServer;

/**
 * A fresh database per test class: on the server named by CUSTODY_TEST_DB_URL (a
 * postgresql:// URL with rights to CREATE DATABASE), else on one embedded PostgreSQL per
 * test JVM. Tests may relax durability for speed; the embedded test server runs without fsync.
 */
public final class TestDatabases {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static String adminUrl;

    private TestDatabases() {
    }

    public static synchronized String adminUrl() {
        if (adminUrl == null) {
            String external = System.getenv("CUSTODY_TEST_DB_URL");
            if (external != null && !external.isBlank()) {
                adminUrl = external;
            } else {
                try {
                    Path dir = Path.of("target", "test-postgres");
                    deleteRecursively(dir);
                    EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir, false);
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            server.close();
                        } catch (IOException ignored) {
                            // the JVM is exiting; the folder is wiped on the next run
                        }
                    }));
                    adminUrl = server.url("postgres");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return adminUrl;
    }

    /** Creates an empty database and answers its URL. */
    public static String freshDatabase() {
        String admin = adminUrl();
        String name = "custody_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(admin)).using(vertx).build();
            Await.result(pool.query("CREATE DATABASE " + name).execute());
            Await.result(pool.close());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test database on " + admin, e);
        } finally {
            vertx.close().await();
        }
        URI uri = URI.create(admin);
        return uri.getScheme() + "://" + uri.getRawAuthority() + "/" + name
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
