package org.custodyledger.footage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.hash.Sha256Hasher;

/**
 * Content-addressed files under {@code <root>/sha256/ab/cd/<hex>}. A file arrives as a
 * temporary file on the same file system, is fsynced by its writer, then renamed into
 * place atomically and made read-only; it is never modified after. All methods block:
 * call them from a worker.
 */
public final class BlobStore {
    private final Path root;
    private final Path temp;

    public BlobStore(Path root) throws IOException {
        this.root = root;
        this.temp = root.resolve("tmp");
        Files.createDirectories(temp);
    }

    /** A fresh, not yet existing, temporary file name on the blob store's file system. */
    public Path newTempFile() {
        return temp.resolve("upload-" + UUID.randomUUID() + ".part");
    }

    public Path pathOf(Sha256Digest digest) {
        String hex = digest.hex();
        return root.resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }

    /**
     * Moves a complete, fsynced temporary file into place. Answers false (and removes the
     * temporary file) when the same content is already stored.
     */
    public boolean commit(Path tempFile, Sha256Digest digest) throws IOException {
        Path target = pathOf(digest);
        if (Files.exists(target)) {
            Files.deleteIfExists(tempFile);
            return false;
        }
        Files.createDirectories(target.getParent());
        Files.setPosixFilePermissions(tempFile, PosixFilePermissions.fromString("r--r-----"));
        Files.move(tempFile, target, StandardCopyOption.ATOMIC_MOVE);
        // The rename is durable only once the directory entry is on disk too.
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
        return true;
    }

    /**
     * Re-reads stored content and answers its SHA-256 now (null when the file is missing):
     * what a verification or an audit compares with the registered hash. Blocking.
     */
    public Sha256Digest rehash(Sha256Digest digest) throws IOException {
        Path file = pathOf(digest);
        Sha256Hasher hasher = new Sha256Hasher();
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                hasher.update(buffer);
                buffer.clear();
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        return hasher.digest();
    }

    /** Removes stored content (disposal, or undoing an upload whose record was not committed); true if it existed. */
    public boolean delete(Sha256Digest digest) throws IOException {
        return Files.deleteIfExists(pathOf(digest));
    }

    /** The hex names of every stored file (not temporary ones): what an audit accounts for. Blocking. */
    public List<String> storedNames() throws IOException {
        Path store = root.resolve("sha256");
        if (!Files.isDirectory(store)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(store, 3)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }

    /**
     * Removes temporary files left by uploads that a crash interrupted: those not written to for
     * {@code idle} (zero: all of them, when no other process can be uploading into this store).
     */
    public int removeStaleTempFiles(Duration idle) throws IOException {
        int removed = 0;
        long cutoff = System.currentTimeMillis() - idle.toMillis();
        try (Stream<Path> files = Files.list(temp)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if ((idle.isZero() || Files.getLastModifiedTime(p).toMillis() < cutoff) && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        }
        return removed;
    }
}
