package org.custodyledger.footage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.hash.Sha256Hasher;

/**
 * Where footage bytes live, content-addressed under {@code sha256/ab/cd/<hex>}: a folder
 * ({@link DirectoryBlobStore}, the default) or an S3 bucket ({@link S3BlobStore}). Whatever the
 * store, bytes reach a content name only once they are known to hash to it, and are never
 * modified there. {@link #receive} is asynchronous; every other method blocks: call it from a
 * worker.
 */
public interface BlobStore {

    /**
     * A received body: hashed, and held where no content name points at it (a temporary file,
     * a temporary object) until it is committed or discarded.
     */
    interface Incoming {
        Sha256Digest digest();

        long size();

        /** Puts the bytes under their content name; false (and nothing added) when that content is already stored. */
        Future<Boolean> commit();

        /** Removes every trace of the received bytes. */
        Future<Void> discard();
    }

    /**
     * Streams a body into the store while hashing it, in one pass; fails (leaving nothing behind)
     * with {@link HashingReceiver.TooLargeException}, {@link HashingReceiver.IdleException},
     * {@link HashingReceiver.StoreFailure}, or the body's own failure. Call on the request's context.
     */
    Future<Incoming> receive(Vertx vertx, ReadStream<Buffer> body, HashingReceiver.Terms terms);

    /**
     * The stored bytes from {@code first}, {@code length} of them (negative: to the end). Throws
     * {@link NoSuchFileException} when nothing is stored under the digest, and
     * {@link BlobStoreUnavailableException} when the store cannot be reached.
     */
    InputStream open(Sha256Digest digest, long first, long length) throws IOException;

    /** What identifies the stored bytes as unchanged (a file's inode and times, an object's version and ETag). */
    VerifiedFiles.Fingerprint fingerprint(Sha256Digest digest) throws IOException;

    /** The local file holding the bytes, when the store is a folder (so it can be sent without copying). */
    Optional<Path> localFile(Sha256Digest digest);

    /**
     * A local file a metadata reader may open: the stored file itself, or a bounded copy of the
     * object's beginning that the caller deletes ({@link Inspectable#temporary()}).
     */
    Inspectable inspectable(Sha256Digest digest) throws IOException;

    /** A file to read metadata from; {@code complete} false when it holds only the beginning of the bytes. */
    record Inspectable(Path file, boolean temporary, boolean complete) {
    }

    /**
     * Whether a commit that answered true means this upload alone put the content there. A folder
     * store renames atomically, so it does; a bucket cannot tell two concurrent uploads of the same
     * bytes apart, so an upload whose record then fails must not delete what the other may have
     * just registered (it leaves the complete, verified object for the orphan report instead).
     */
    default boolean createsExclusively() {
        return true;
    }

    /** Removes stored content (disposal, or undoing an upload whose record was not committed); true if it existed. */
    boolean delete(Sha256Digest digest) throws IOException;

    /** The hex names of every stored blob (not temporary ones): what an audit accounts for. */
    List<String> storedNames() throws IOException;

    /**
     * Removes what uploads a crash interrupted left: those not written to for {@code idle}
     * (zero: all of them, when no other process can be uploading into this store).
     */
    int removeStaleTempFiles(Duration idle) throws IOException;

    /** Where the store is, for messages: a folder or {@code s3://bucket/prefix}. */
    String location();

    /**
     * Re-reads stored content and answers its SHA-256 now (null when it is missing): what a
     * verification or an audit compares with the registered hash. Streamed, never held whole.
     */
    default Sha256Digest rehash(Sha256Digest digest) throws IOException {
        Sha256Hasher hasher = new Sha256Hasher();
        try (InputStream in = open(digest, 0, -1)) {
            byte[] block = new byte[1 << 20];
            int n;
            while ((n = in.read(block)) >= 0) {
                hasher.update(block, 0, n);
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        return hasher.digest();
    }

    /** The content name's relative path, {@code sha256/ab/cd/<hex>}, the same in every store. */
    static String contentPath(Sha256Digest digest) {
        String hex = digest.hex();
        return "sha256/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + hex;
    }
}
