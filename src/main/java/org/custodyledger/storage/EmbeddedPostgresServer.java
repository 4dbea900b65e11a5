package org.custodyledger.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL started from the binaries on the classpath, its cluster kept in
 * {@code <data-dir>/postgres} so data survives restarts. One process at a time runs it (the
 * {@link ServiceLock}); a server a dead owner left running is stopped first
 * ({@link LeftoverPostmaster}), and this one is stopped if this JVM dies
 * ({@link PostmasterWatchdog}). Blocking: start it before the event loop is involved.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration LEFTOVER_SHUTDOWN_PATIENCE = Duration.ofSeconds(30);

    private final ServiceLock lock;
    private final EmbeddedPostgres postgres;
    private final PostmasterWatchdog watchdog;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedPostgresServer(ServiceLock lock, EmbeddedPostgres postgres, PostmasterWatchdog watchdog) {
        this.lock = lock;
        this.postgres = postgres;
        this.watchdog = watchdog;
    }

    /**
     * Starts PostgreSQL on {@code dataDir}'s cluster, or refuses at once if another live process
     * runs it. {@code durable} keeps fsync and synchronous commits on (zonky turns
     * synchronous_commit off by default); only tests may pass false.
     */
    public static EmbeddedPostgresServer start(Path dataDir, boolean durable) throws IOException {
        ServiceLock lock = ServiceLock.acquire(dataDir);
        try {
            Path cluster = dataDir.resolve("postgres");
            Files.createDirectories(cluster);
            LeftoverPostmaster.stopIfRunning(cluster, LEFTOVER_SHUTDOWN_PATIENCE);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("full_page_writes", durable ? "on" : "off")
                    .setServerConfig("max_connections", "200");
            log.info("starting embedded PostgreSQL in {}", cluster.toAbsolutePath());
            EmbeddedPostgres postgres = builder.start();
            try {
                return new EmbeddedPostgresServer(lock, postgres, PostmasterWatchdog.start(cluster));
            } catch (IOException | RuntimeException e) {
                postgres.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * The URL of the embedded PostgreSQL a running service holds on {@code dataDir}, read from
     * its postmaster.pid; empty when none runs there. How a backup reaches a live service's database.
     */
    public static Optional<String> runningUrl(Path dataDir) throws IOException {
        Path cluster = dataDir.resolve("postgres");
        OptionalLong pid = Postmasters.pidIn(cluster);
        OptionalLong port = Postmasters.portIn(cluster);
        if (pid.isEmpty() || port.isEmpty() || !Postmasters.isPostgresOn(pid.getAsLong(), cluster)) {
            return Optional.empty();
        }
        return Optional.of(urlFor(port.getAsLong(), "postgres"));
    }

    public int port() {
        return postgres.getPort();
    }

    /** A URL for the vertx client, for {@code database} as the superuser zonky creates. */
    public String url(String database) {
        return urlFor(port(), database);
    }

    private static String urlFor(long port, String database) {
        return "postgresql://postgres:postgres@localhost:" + port + "/" + database;
    }

    @Override
    public void close() throws IOException {
        if (closed.getAndSet(true)) {
            return;
        }
        log.info("stopping embedded PostgreSQL");
        try {
            watchdog.standDown();
            postgres.close();
        } finally {
            lock.close();
        }
    }
}
