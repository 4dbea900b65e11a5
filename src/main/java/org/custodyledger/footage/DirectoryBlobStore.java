package org.custodyledger.footage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.commons.io.input.BoundedInputStream;
import java.util.UUID;
import java.util.stream.Stream;
import org.custodyledger.hash.Sha256Digest;

/**
 * Content-addressed files under {@code <root>/sha256/ab/cd/<hex>}. A file arrives as a
 * temporary file on the same file system, is fsynced by its writer, then renamed into
 * place atomically and made read-only; it is never modified after. All methods but
 * {@link #receive} block: call them from a worker.
 */
public final class DirectoryBlobStore implements BlobStore {
    private final Path root;
    private final Path temp;

    public DirectoryBlobStore(Path root) throws IOException {
        this.root = root;
        this.temp = root.resolve("tmp");
        Files.createDirectories(temp);
    }

    /** A fresh, not yet existing, temporary file name on the blob store's file system. */
    public Path newTempFile() {
        return temp.resolve("upload-" + UUID.randomUUID() + ".part");
    }

    public Path pathOf(Sha256Digest digest) {
        return root.resolve(BlobStore.contentPath(digest));
    }

    @Override
    public Future<Incoming> receive(Vertx vertx, ReadStream<Buffer> body, HashingReceiver.Terms terms) {
        Path file = newTempFile();
        return HashingReceiver.receive(vertx, body, file, terms).map(received -> new Incoming() {
            @Override
            public Sha256Digest digest() {
                return received.digest();
            }

            @Override
            public long size() {
                return received.size();
            }

            @Override
            public Future<Boolean> commit() {
                return vertx.executeBlocking(() -> DirectoryBlobStore.this.commit(file, received.digest()), false);
            }

            @Override
            public Future<Void> discard() {
                return vertx.executeBlocking(() -> {
                    Files.deleteIfExists(file);
                    return null;
                }, false);
            }
        });
    }

    @Override
    public InputStream open(Sha256Digest digest, long first, long length) throws IOException {
        FileChannel channel = FileChannel.open(pathOf(digest));
        channel.position(first);
        InputStream in = Channels.newInputStream(channel);
        return length < 0 ? in : BoundedInputStream.builder().setInputStream(in).setMaxCount(length).get();
    }

    @Override
    public VerifiedFiles.Fingerprint fingerprint(Sha256Digest digest) throws IOException {
        return VerifiedFiles.Fingerprint.of(pathOf(digest));
    }

    @Override
    public Optional<Path> localFile(Sha256Digest digest) {
        return Optional.of(pathOf(digest));
    }

    @Override
    public Inspectable inspectable(Sha256Digest digest) {
        // Tika reads the stored file by path: never copied.
        return new Inspectable(pathOf(digest), false, true);
    }

    @Override
    public String location() {
        return root.toString();
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

    @Override
    public boolean delete(Sha256Digest digest) throws IOException {
        return Files.deleteIfExists(pathOf(digest));
    }

    @Override
    public List<String> storedNames() throws IOException {
        Path store = root.resolve("sha256");
        if (!Files.isDirectory(store)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(store, 3)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }

    @Override
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
