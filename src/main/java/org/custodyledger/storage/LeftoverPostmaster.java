package org.custodyledger.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears the way for a new embedded PostgreSQL on a cluster a dead service left behind. zonky
 * starts the postmaster in its own session, so a SIGKILL of the JVM (the OOM killer's) does
 * not reach it; a new server on the same cluster then cannot take postmaster.pid, and zonky
 * waits out its whole start-up timeout without saying why.
 *
 * <p>The orphan is stopped, not adopted: adopting would keep a server started with whatever
 * port and settings (durability included) an earlier run or version chose, which nothing in
 * this process could then stop cleanly; a fast shutdown costs a few seconds, and the new server
 * starts with exactly this version's configuration. Nothing acknowledged is lost either way:
 * commits were fsynced, and the fast shutdown checkpoints.
 *
 * <p>Only for a caller holding the data directory's {@link ServiceLock}: that is what makes
 * whatever still runs on the cluster an orphan rather than a live service's server.
 */
final class LeftoverPostmaster {
    private static final Logger log = LoggerFactory.getLogger(LeftoverPostmaster.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private LeftoverPostmaster() {
    }

    /** Stops a PostgreSQL still running on {@code clusterDir}, waiting up to {@code patience} for it to exit. */
    static void stopIfRunning(Path clusterDir, Duration patience) throws IOException {
        OptionalLong named = Postmasters.pidIn(clusterDir);
        if (named.isEmpty() || !Postmasters.isRunning(named.getAsLong())) {
            // PostgreSQL itself reuses a file naming a dead pid, after checking no old backend
            // still holds the shared memory recorded in it: removing the file would lose that check.
            return;
        }
        long pid = named.getAsLong();
        Path pidFile = clusterDir.resolve(Postmasters.PID_FILE);
        if (!Postmasters.isPostgresOn(pid, clusterDir)) {
            // The pid was reused (a reboot, a new container): PostgreSQL would take the live stranger
            // for a running server and refuse to start. No server of this cluster runs, so the file is stale.
            log.warn("{} names pid {}, which is no PostgreSQL of this cluster: removing the stale file", pidFile, pid);
            Files.delete(pidFile);
            return;
        }
        log.warn("PostgreSQL (pid {}) is still running on {}, left by a custody-ledger service that died without "
                + "stopping it; stopping it (fast shutdown) before starting a new one", pid, clusterDir);
        long started = System.nanoTime();
        Postmasters.requestFastShutdown(pid);
        long deadline = started + patience.toNanos();
        while (Postmasters.isRunning(pid)) {
            if (System.nanoTime() - deadline > 0) {
                throw new StorageException("the PostgreSQL left running on " + clusterDir + " (pid " + pid
                        + ") did not stop within " + patience.toSeconds() + " s of a fast-shutdown request; "
                        + "wait until it has exited (ps -p " + pid + ") and start again");
            }
            Postmasters.pause(POLL, "PostgreSQL to stop");
        }
        log.info("left-over PostgreSQL (pid {}) stopped in {} ms", pid, (System.nanoTime() - started) / 1_000_000);
    }
}
