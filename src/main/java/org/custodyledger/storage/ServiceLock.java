package org.custodyledger.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code <data-dir>/service.lock}, locked for as long as one process runs the data directory's
 * embedded PostgreSQL, and holding that process's pid. The kernel drops the lock when its
 * holder dies however it dies (SIGKILL included), so a held lock always means a live owner
 * and a free one means any PostgreSQL still running there is an orphan.
 */
public final class ServiceLock implements AutoCloseable {
    static final String FILE_NAME = "service.lock";
    // POSIX locks belong to the whole JVM and closing any channel on the file drops them: never open it twice.
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private ServiceLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock at once or refuses at once, naming the process that holds it. */
    public static ServiceLock acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.toRealPath().resolve(FILE_NAME);
        if (!HELD_HERE.add(file)) {
            throw inUse(dataDir, String.valueOf(ProcessHandle.current().pid()));
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dataDir, readHolder(channel));
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.force(false);
            return new ServiceLock(file, channel, lock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            HELD_HERE.remove(file);
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            lock.release();
            channel.close();
        } finally {
            HELD_HERE.remove(file);
        }
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
    }

    private static StorageException inUse(Path dataDir, String pid) {
        String holder = pid.isEmpty() ? "" : " (pid " + pid + ")";
        return new StorageException("data directory " + dataDir.toAbsolutePath().normalize() + " is in use by a running "
                + "custody-ledger service" + holder + "; stop it first or choose another --data-dir");
    }
}
