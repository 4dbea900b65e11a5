package org.custodyledger.witnessd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.Set;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.SignedNote;

/**
 * A witness's durable memory: for each log origin, the latest checkpoint it cosigned, as the
 * log's signed note, in {@code <dir>/<hex SHA-256 of the origin>.checkpoint}. A write goes to a
 * temporary file that is fsynced, renamed over the old one, then the folder is fsynced: after
 * {@link #write} returns, a crash cannot bring back an older size (which would let the witness
 * cosign a fork). All methods block: call them from a worker.
 */
public final class WitnessState implements AutoCloseable {
    /** First line of every state file: a format version, so a future format is refused, not misread. */
    static final String HEADER = "custody-ledger witness state v1\n";
    private static final String SUFFIX = ".checkpoint";
    private static final String LOCK_FILE = "witness.lock";
    private static final String EVIDENCE = "evidence";
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    /** The latest cosigned checkpoint of one origin and the log's signed note it came in. */
    public record Latest(Checkpoint checkpoint, String note) {
    }

    /** Work done while holding an origin's lock. */
    public interface Locked<T> {
        T run() throws IOException, CorruptStateException;
    }

    private final Path dir;
    private final Path lockFile;
    private final FileChannel lockChannel;
    private final FileLock processLock;
    private final ConcurrentHashMap<String, ReentrantLock> origins = new ConcurrentHashMap<>();

    private WitnessState(Path dir, Path lockFile, FileChannel lockChannel, FileLock processLock) {
        this.dir = dir;
        this.lockFile = lockFile;
        this.lockChannel = lockChannel;
        this.processLock = processLock;
    }

    /**
     * Opens (creating if needed) a state folder and locks it for this process: two witnesses
     * sharing one folder could each check against a size the other is replacing.
     */
    public static WitnessState open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            // A new folder must itself be on disk, or the first cosigned state can vanish with it.
            syncFolder(dir.toAbsolutePath().getParent());
        }
        Path lockFile = dir.toRealPath().resolve(LOCK_FILE);
        // POSIX locks belong to the whole JVM and closing any channel on the file drops them:
        // a second open in this JVM is refused before it opens (and would close) a channel.
        if (!HELD_HERE.add(lockFile)) {
            throw new IOException("witness state folder " + dir + " is in use by another witness in this process");
        }
        FileChannel channel = null;
        FileLock lock;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            HELD_HERE.remove(lockFile);
            throw new IOException("cannot lock witness state folder " + dir + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            channel.close();
            HELD_HERE.remove(lockFile);
            throw new IOException("witness state folder " + dir + " is in use by another witness process");
        }
        return new WitnessState(dir, lockFile, channel, lock);
    }

    public Path dir() {
        return dir;
    }

    /** The file holding {@code origin}'s state: hashed, since an origin is any string a log chose. */
    public Path fileOf(String origin) {
        byte[] digest = Sha256Hasher.newSha256().digest(origin.getBytes(StandardCharsets.UTF_8));
        return dir.resolve(HexFormat.of().formatHex(digest) + SUFFIX);
    }

    /**
     * Runs {@code work} holding {@code origin}'s lock, so that reading the latest checkpoint,
     * deciding and writing the new one are one step (tlog-witness: otherwise two requests can
     * roll the stored size back).
     */
    public <T> T locked(String origin, Locked<T> work) throws IOException, CorruptStateException {
        ReentrantLock lock = origins.computeIfAbsent(origin, o -> new ReentrantLock());
        lock.lock();
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }

    /** The latest checkpoint cosigned for {@code origin}, or null when it never cosigned one. */
    public Latest read(String origin) throws IOException, CorruptStateException {
        Path file = fileOf(origin);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        String content = new String(bytes, StandardCharsets.UTF_8);
        if (!content.startsWith(HEADER)) {
            throw new CorruptStateException(file, "does not start with \"" + HEADER.strip() + "\"");
        }
        String note = content.substring(HEADER.length());
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(SignedNote.parse(note).text());
        } catch (NoteException e) {
            throw new CorruptStateException(file, "holds no readable checkpoint note: " + e.getMessage());
        }
        if (!checkpoint.origin().equals(origin)) {
            throw new CorruptStateException(file, "holds a checkpoint of \"" + checkpoint.origin() + "\", not \"" + origin + "\"");
        }
        return new Latest(checkpoint, note);
    }

    /**
     * Replaces {@code origin}'s state with {@code note} (a signed checkpoint of that origin),
     * durably: temporary file, fsync, atomic rename, fsync of the folder.
     */
    public void write(String origin, String note) throws IOException {
        Path file = fileOf(origin);
        // One temporary name per origin is enough: writers of one origin hold its lock, and the folder lock
        // keeps other processes out. A leftover from a crash is simply overwritten.
        writeDurably(file, file.resolveSibling(file.getFileName() + ".tmp"), (HEADER + note).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Keeps {@code text} (a refused request the log signed, and what it contradicts) in
     * {@code <dir>/evidence/<hex SHA-256 of key>.txt}, unless a text of that key is kept already:
     * keyed by the signed notes alone, the folder grows only with checkpoints the log signed,
     * not with every proof a client makes up. Answers the file.
     */
    public Path keepEvidence(String key, String text) throws IOException {
        Path folder = dir.resolve(EVIDENCE);
        Files.createDirectories(folder);
        byte[] name = Sha256Hasher.newSha256().digest(key.getBytes(StandardCharsets.UTF_8));
        Path file = folder.resolve(HexFormat.of().formatHex(name) + ".txt");
        if (!Files.exists(file)) {
            // Two requests may race to keep the same key: each through its own temporary file.
            writeDurably(file, folder.resolve(UUID.randomUUID() + ".tmp"), text.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    /** Temporary file, fsync, atomic rename over {@code file}, fsync of its folder. */
    private static void writeDurably(Path file, Path temp, byte[] bytes) throws IOException {
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // The rename is durable only once the folder's entry is on disk too.
        syncFolder(file.getParent());
    }

    private static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Releases the folder for another process. */
    @Override
    public void close() throws IOException {
        try {
            processLock.release();
        } finally {
            lockChannel.close();
            HELD_HERE.remove(lockFile);
        }
    }

    /** A state file that exists but cannot be read as this format: the origin is refused until an operator looks. */
    public static final class CorruptStateException extends Exception {
        public CorruptStateException(Path file, String problem) {
            super("witness state file " + file + " " + problem);
        }
    }
}
