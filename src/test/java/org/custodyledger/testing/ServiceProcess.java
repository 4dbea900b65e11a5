package org.custodyledger.testing;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.custodyledger.cli.Main;

/**
 * {@code serve} in a JVM of its own (the test classpath, the embedded PostgreSQL, durable as in
 * production), for what only a real process shows: a SIGKILL, an orphaned server, a lock held
 * by another pid. Its log is collected line by line.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

    private final Process process;
    private final Path dataDir;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile ProcessHandle postmaster;

    private ServiceProcess(Process process, Path dataDir) {
        this.process = process;
        this.dataDir = dataDir;
        Thread reader = new Thread(this::collectOutput, "service-" + process.pid() + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Launches {@code serve --port 0 --data-dir dataDir}. */
    public static ServiceProcess start(Path dataDir) throws IOException {
        return start(dataDir, Map.of());
    }

    /** Launches {@code serve --port 0 --data-dir dataDir} and {@code moreArgs}, with {@code env} added to its environment. */
    public static ServiceProcess start(Path dataDir, Map<String, String> env, String... moreArgs) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--port", "0", "--data-dir", dataDir.toString()));
        command.addAll(List.of(moreArgs));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        return new ServiceProcess(builder.start(), dataDir);
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** The HTTP port, once the service says it listens (it opens the port only on a sound database). */
    public int awaitListening(Duration atMost) {
        await("service " + pid() + " listening").atMost(atMost).pollInterval(Duration.ofMillis(100))
                .failFast("the service exited:\n" + output(), () -> !process.isAlive())
                .until(() -> port().isPresent());
        postmaster = postmasterPid().flatMap(ProcessHandle::of).orElseThrow();
        return port().orElseThrow();
    }

    /** Waits for the process to end and answers its exit code. */
    public int awaitExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the service still runs after " + atMost + ":\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL, as the OOM killer sends it, and waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** The pid in the data directory's postmaster.pid, if the file is there. */
    public Optional<Long> postmasterPid() {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            return Files.exists(pidFile) ? Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip()))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String output() {
        return String.join("\n", lines);
    }

    /** Stops the service if it still runs, and the PostgreSQL it started if a test left that running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        ProcessHandle orphan = postmaster;
        if (orphan != null && Processes.isRunning(orphan.pid())) {
            orphan.destroy();
            await("PostgreSQL " + orphan.pid() + " stopped").atMost(Duration.ofSeconds(30))
                    .until(() -> !Processes.isRunning(orphan.pid()));
        }
    }

    private Optional<Integer> port() {
        for (String line : lines) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Optional.of(Integer.parseInt(m.group(1)));
            }
        }
        return Optional.empty();
    }

    private void collectOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(output lost: " + e + ")");
        }
    }
}
