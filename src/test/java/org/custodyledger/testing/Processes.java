package org.custodyledger.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process states as Linux reports them. */
public final class Processes {
    private Processes() {
    }

    /**
     * Whether {@code pid} still runs. A zombie does not, though {@link ProcessHandle#isAlive}
     * says it does: an exited server stays one until its parent (often init, which may reap late) collects it.
     */
    public static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }
}
