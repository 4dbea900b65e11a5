package org.custodyledger.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A tiny shell process that asks the embedded PostgreSQL for a fast shutdown the moment the
 * JVM that started it is gone, however it went (SIGKILL, the OOM killer, a crash): it blocks
 * reading a pipe whose only writer is this JVM, and the kernel closes that pipe when the JVM
 * dies. Chosen over polling the JVM's pid (no delay, no pid-reuse race) and over a second JVM
 * (a /bin/sh costs hundreds of kilobytes, not a hundred megabytes). On a clean shutdown the
 * service tells it to stand down, then stops PostgreSQL itself.
 */
final class PostmasterWatchdog {
    private static final String STAND_DOWN = "stand-down";
    // $1 = postmaster pid, $2 = cluster directory. The pid must still be that postmaster (it works in its cluster).
    private static final String SCRIPT = """
            read -r order
            [ "$order" = %s ] && exit 0
            [ /proc/"$1"/cwd -ef "$2" ] && kill -INT "$1"
            """.formatted(STAND_DOWN);

    private final Process process;

    private PostmasterWatchdog(Process process) {
        this.process = process;
    }

    /** Watches the postmaster named in {@code clusterDir}'s postmaster.pid. */
    static PostmasterWatchdog start(Path clusterDir) throws IOException {
        long pid = Postmasters.pidIn(clusterDir).orElseThrow(
                () -> new IOException("PostgreSQL started but " + clusterDir.resolve(Postmasters.PID_FILE) + " names no pid"));
        Process process = new ProcessBuilder("/bin/sh", "-c", SCRIPT, "custody-ledger-watchdog", Long.toString(pid),
                clusterDir.toRealPath().toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        return new PostmasterWatchdog(process);
    }

    /** Tells it the service stops PostgreSQL itself, and waits briefly for it to exit. */
    void standDown() {
        try (OutputStream in = process.getOutputStream()) {
            in.write((STAND_DOWN + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // it is already gone: nothing to stand down
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        }
    }
}
