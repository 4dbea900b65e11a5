package org.custodyledger.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL started from the binaries on the classpath, its cluster kept in
 * {@code <data-dir>/postgres} so data survives restarts. One process at a time runs it (the
 * {@link ServiceLock}); a server a dead owner left running is stopped first
 * ({@link LeftoverPostmaster}), and this one is stopped if this JVM dies
 * ({@link PostmasterWatchdog}). Blocking: start it before the event loop is involved.
 *
 * <p>Supervised: every second a thread of its own checks that the postmaster still runs and,
 * once it is gone (a crash, the OOM killer), restarts it on the same cluster, port and settings,
 * so the pool's URL stays valid and PostgreSQL's crash recovery replays every committed
 * transaction. Restarted in process rather than by exiting: the embedded mode is for single-box
 * installs, which may have no supervisor to start the service again; meanwhile connections are
 * refused and the service answers 503.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration LEFTOVER_SHUTDOWN_PATIENCE = Duration.ofSeconds(30);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    // Backends notice their postmaster's death at their next wait, normally within milliseconds.
    private static final Duration ORPHANED_BACKENDS_PATIENCE = Duration.ofSeconds(10);
    /**
     * A restart after a crash replays the WAL since the last checkpoint first, which on a large,
     * busy ledger can outlast the 60 s a normal start gets; cut short, the half-recovered server
     * would be taken for a leftover and killed at the next check, again and again.
     */
    private static final Duration RESTART_WAIT = Duration.ofMinutes(5);

    private final ServiceLock lock;
    private final Path cluster;
    private final EmbeddedPostgres.Builder builder;
    private final int port;
    private final ScheduledExecutorService supervisor;
    private final AtomicLong restarts = new AtomicLong();
    // Guarded by this: replaced by each restart.
    private EmbeddedPostgres postgres;
    private PostmasterWatchdog watchdog;
    private long postmasterPid;
    private boolean closed;

    private EmbeddedPostgresServer(ServiceLock lock, Path cluster, EmbeddedPostgres.Builder builder,
                                   EmbeddedPostgres postgres, PostmasterWatchdog watchdog, long postmasterPid) {
        this.lock = lock;
        this.cluster = cluster;
        // A restart must listen where the pool already connects.
        this.port = postgres.getPort();
        this.builder = builder.setPort(port);
        this.postgres = postgres;
        this.watchdog = watchdog;
        this.postmasterPid = postmasterPid;
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "embedded-postgres-supervisor");
            t.setDaemon(true);
            return t;
        });
        supervisor.scheduleWithFixedDelay(this::restartIfGone, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
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
                return new EmbeddedPostgresServer(lock, cluster, builder, postgres, PostmasterWatchdog.start(cluster),
                        runningPostmaster(cluster));
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
        return port;
    }

    /** How many times the supervisor restarted a PostgreSQL that had died under the running service. */
    public long restarts() {
        return restarts.get();
    }

    /** The supervisor's check: nothing while the postmaster runs; else a restart, retried next time should it fail. */
    private synchronized void restartIfGone() {
        // Alive and still our server: a pid reused by another process must not look like PostgreSQL running.
        if (closed || Postmasters.isRunning(postmasterPid) && Postmasters.isPostgresOn(postmasterPid, cluster)) {
            return;
        }
        long started = System.nanoTime();
        log.warn("embedded PostgreSQL (pid {}) is gone (killed or crashed); restarting it on port {} in {}", postmasterPid,
                port, cluster);
        try {
            watchdog.standDown();
            awaitNoServerProcesses();
            // Before zonky's pg_ctl stop reads postmaster.pid: a pid reused by a stranger must not be signalled.
            LeftoverPostmaster.stopIfRunning(cluster, LEFTOVER_SHUTDOWN_PATIENCE);
            postgres.close(); // releases zonky's lock on the cluster (its pg_ctl stop fails, and says so: nothing to stop)
            postgres = builder.setPGStartupWait(RESTART_WAIT).start();
            postmasterPid = runningPostmaster(cluster);
            watchdog = PostmasterWatchdog.start(cluster);
            log.info("embedded PostgreSQL restarted (pid {}, port {}) in {} ms after crash recovery; restart {} of this run",
                    postmasterPid, port, (System.nanoTime() - started) / 1_000_000, restarts.incrementAndGet());
        } catch (IOException | RuntimeException e) {
            log.error("embedded PostgreSQL could not be restarted ({}); trying again in {} s", e.toString(),
                    CHECK_EVERY.toSeconds());
        }
    }

    /**
     * Waits for the dead postmaster's backends to exit, killing those that outlive the patience:
     * PostgreSQL will not start while a process still holds the old server's shared memory, and a
     * backend without its postmaster can never commit anything it is asked again.
     */
    private void awaitNoServerProcesses() throws IOException {
        long deadline = System.nanoTime() + ORPHANED_BACKENDS_PATIENCE.toNanos();
        List<Long> left = Postmasters.processesOn(cluster);
        while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
            Postmasters.pause(Duration.ofMillis(100), "PostgreSQL's processes to exit");
            left = Postmasters.processesOn(cluster);
        }
        if (!left.isEmpty()) {
            log.warn("PostgreSQL backends {} outlived their postmaster by {} s; killing them", left,
                    ORPHANED_BACKENDS_PATIENCE.toSeconds());
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private static long runningPostmaster(Path cluster) throws IOException {
        return Postmasters.pidIn(cluster).orElseThrow(() -> new IOException(
                "PostgreSQL started but " + cluster.resolve(Postmasters.PID_FILE) + " names no pid"));
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
        supervisor.shutdown();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
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
