package org.custodyledger.testing;

import java.io.IOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of its own, from Debian's binaries, that a test starts and stops as an
 * operator would (pg_ctl): the outside database a service must ride out the restarts of. As
 * root the binaries run as the {@code postgres} user, which PostgreSQL requires.
 */
public final class ExternalPostgres implements AutoCloseable {
    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final Path cluster;
    private final int port;

    private ExternalPostgres(Path cluster, int port) {
        this.cluster = cluster;
        this.port = port;
    }

    /** Whether the binaries are installed (.ci/run installs them: apt-get install postgresql-15). */
    public static boolean available() {
        return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl"));
    }

    /** A new cluster in a temporary folder, started on a free port; trust authentication, local connections only. */
    public static ExternalPostgres launch() throws IOException {
        Path cluster = Files.createTempDirectory("custody-external-pg");
        ExternalPostgres pg = new ExternalPostgres(cluster, freePort());
        if (isRoot()) {
            run(List.of("chown", "postgres:postgres", cluster.toString()));
        }
        pg.pg(List.of(BIN.resolve("initdb").toString(), "-D", cluster.toString(), "-A", "trust", "-U", "postgres",
                "-E", "UTF-8", "--no-sync"));
        pg.start();
        return pg;
    }

    public String url(String database) {
        return "postgresql://postgres@localhost:" + port + "/" + database;
    }

    /** {@code pg_ctl start}, on the same port, waiting until it accepts connections. */
    public void start() throws IOException {
        // -l: the server's output goes to a file, so this pg_ctl's pipe closes when it exits.
        pg(List.of(BIN.resolve("pg_ctl").toString(), "-D", cluster.toString(), "-l", cluster.resolve("server.log").toString(),
                "-o", "-p " + port + " -c listen_addresses=localhost -c max_connections=50", "start", "-w", "-t", "60"));
    }

    /** {@code pg_ctl stop -m mode}: "fast" (clients cut off, checkpoint) or "immediate" (a crash; WAL replayed on start). */
    public void stop(String mode) throws IOException {
        pg(List.of(BIN.resolve("pg_ctl").toString(), "-D", cluster.toString(), "stop", "-m", mode, "-w", "-t", "60"));
    }

    @Override
    public void close() throws IOException {
        try {
            stop("immediate");
        } catch (IOException e) {
            // already stopped
        }
        TestDatabases.deleteRecursively(cluster);
    }

    private void pg(List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full);
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * A free port below Linux's ephemeral range (32768 and up): while this server is stopped, no
     * client socket can be handed its port, so it can always start on it again.
     */
    private static int freePort() throws IOException {
        for (int port = 20000 + (int) (ProcessHandle.current().pid() % 5000); ; port++) {
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (BindException taken) {
                // try the next one
            }
        }
    }
}
