package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A postmaster.pid that names no server of its cluster must not block a start. The orphan that
 * does run there is stopped in cli/UnattendedRestartTest, with real processes.
 */
class LeftoverPostmasterTest {
    @Test
    void aStalePidFileIsLeftToPostgresqlOrRemovedWhenItsPidWasReused(@TempDir Path dataDir) throws Exception {
        List<String> lines;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, false)) {
            lines = Files.readAllLines(dataDir.resolve("postgres").resolve(Postmasters.PID_FILE));
        }
        Path pidFile = dataDir.resolve("postgres").resolve(Postmasters.PID_FILE);

        // A reused pid: a live process, but no postgres; PostgreSQL alone would refuse to start. (Not
        // this JVM's pid: PostgreSQL ignores its own grandparent's, which the JVM is, through pg_ctl.)
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            Files.write(pidFile, withPid(lines, stranger.pid()));
            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, false)) {
                assertTrue(namesARunningServer(pidFile), "a new server took the file over");
            }
        } finally {
            stranger.destroy();
        }

        // A dead pid: PostgreSQL takes the file over itself (after checking the shared memory it records).
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.write(pidFile, withPid(lines, gone.pid()));
        LeftoverPostmaster.stopIfRunning(dataDir.resolve("postgres"), Duration.ofSeconds(1));
        assertEquals(String.valueOf(gone.pid()), Files.readAllLines(pidFile).get(0), "left for PostgreSQL");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, false)) {
            assertTrue(namesARunningServer(pidFile), "a new server took the file over");
        }
        assertFalse(Files.exists(pidFile));
    }

    private static boolean namesARunningServer(Path pidFile) throws Exception {
        return Postmasters.isPostgresOn(Long.parseLong(Files.readAllLines(pidFile).get(0)), pidFile.getParent());
    }

    private static List<String> withPid(List<String> lines, long pid) {
        List<String> copy = new ArrayList<>(lines);
        copy.set(0, Long.toString(pid));
        return copy;
    }
}
