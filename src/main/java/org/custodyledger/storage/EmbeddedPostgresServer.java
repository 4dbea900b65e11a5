package org.custodyledger.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL started from the binaries on the classpath, its cluster kept in a folder
 * so data survives restarts. Blocking: start it before the event loop is involved.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on {@code dataDir}. {@code durable} keeps fsync and synchronous
     * commits on (zonky turns synchronous_commit off by default); only tests may pass false.
     */
    public static EmbeddedPostgresServer start(Path dataDir, boolean durable) throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("full_page_writes", durable ? "on" : "off")
                .setServerConfig("max_connections", "200");
        log.info("starting embedded PostgreSQL in {}", dataDir.toAbsolutePath());
        return new EmbeddedPostgresServer(builder.start());
    }

    public int port() {
        return postgres.getPort();
    }

    /** A URL for the vertx client, for {@code database} as the superuser zonky creates. */
    public String url(String database) {
        return "postgresql://postgres:postgres@localhost:" + port() + "/" + database;
    }

    @Override
    public void close() throws IOException {
        log.info("stopping embedded PostgreSQL");
        postgres.close();
    }
}
