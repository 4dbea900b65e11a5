package org.custodyledger.witnessd;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Run as a separate process: exits 0 if it can lock the file given, 3 if another process holds the lock. */
public final class LockProbe {
    private LockProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            System.exit(lock == null ? 3 : 0);
        }
    }

    /** Whether a process other than this JVM could take the lock on {@code file} now. */
    static boolean lockableByAnotherProcess(Path file) throws Exception {
        Path classes = Path.of(LockProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", classes.toString(), LockProbe.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int exit = p.waitFor();
        if (exit != 0 && exit != 3) {
            throw new AssertionError("lock probe failed (" + exit + "): " + out);
        }
        return exit == 0;
    }
}
