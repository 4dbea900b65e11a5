package org.custodyledger.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * What the operating system says about a PostgreSQL server process: the pid its
 * {@code postmaster.pid} names, whether that process runs, and whether it is a postgres
 * working in that cluster. Linux only, like the PostgreSQL binaries this build bundles:
 * {@code /proc} is the one place another process's working directory can be read.
 */
final class Postmasters {
    static final String PID_FILE = "postmaster.pid";

    private Postmasters() {
    }

    /** The pid on the first line of the cluster's postmaster.pid; empty if there is no file or no number in it. */
    static OptionalLong pidIn(Path clusterDir) throws IOException {
        return numberOnLine(clusterDir, 0);
    }

    /** The port on the fourth line of the cluster's postmaster.pid (PostgreSQL's documented layout); empty if absent. */
    static OptionalLong portIn(Path clusterDir) throws IOException {
        return numberOnLine(clusterDir, 3);
    }

    private static OptionalLong numberOnLine(Path clusterDir, int line) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(clusterDir.resolve(PID_FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        try {
            return lines.size() <= line ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(line).strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Alive and not a zombie: an exited server whose parent has not reaped it yet holds nothing. */
    static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(proc(pid).resolve("stat"), StandardCharsets.US_ASCII);
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    /**
     * Whether {@code pid} is a postgres working in {@code clusterDir}: every PostgreSQL server
     * process changes into its data directory, so a reused pid or another cluster's server fails this.
     */
    static boolean isPostgresOn(long pid, Path clusterDir) {
        try {
            // "postgres (deleted)" once a temp-dir cleaner removed the extracted binaries under it
            String executable = Files.readSymbolicLink(proc(pid).resolve("exe")).getFileName().toString();
            return executable.startsWith("postgres") && Files.isSameFile(proc(pid).resolve("cwd"), clusterDir);
        } catch (IOException e) {
            return false; // gone, or another user's process: not a server of this cluster either way
        }
    }

    /**
     * Every running PostgreSQL process working in {@code clusterDir}: after its postmaster died,
     * backends that have not noticed yet; PostgreSQL refuses to start on the cluster while they live.
     */
    static List<Long> processesOn(Path clusterDir) throws IOException {
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            return proc.map(p -> p.getFileName().toString())
                    .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> isRunning(pid) && isPostgresOn(pid, clusterDir))
                    .toList();
        }
    }

    /** SIGINT: PostgreSQL's "fast" shutdown (roll back open transactions, checkpoint, remove postmaster.pid). */
    static void requestFastShutdown(long pid) throws IOException {
        // /bin/sh's built-in kill: Java can send only SIGTERM ("smart", waits for clients) and SIGKILL.
        Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -INT \"$1\"", "kill", Long.toString(pid))
                .redirectErrorStream(true).start();
        try {
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (kill.waitFor() != 0) {
                throw new IOException("cannot signal PostgreSQL (pid " + pid + "): " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling PostgreSQL (pid " + pid + ")", e);
        }
    }

    private static Path proc(long pid) {
        return Path.of("/proc", Long.toString(pid));
    }

    /** Waits while a postgres process does {@code what}; an interrupt ends the wait as an IOException saying so. */
    static void pause(Duration duration, String what) throws IOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + what, e);
        }
    }
}
