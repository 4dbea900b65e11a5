package org.custodyledger.footage;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.hash.Sha256Hasher;

/**
 * Sends a whole stored file while hashing it, so a served file is a checked file. Blocks are
 * read and hashed on a worker, one after another, and written as the connection drains. The
 * last block is held back until the whole file has hashed to the registered digest: a file
 * changed on disk never reaches a clean end, and the caller cuts the connection instead.
 */
public final class CheckedFileSender {
    private static final int BLOCK = 256 * 1024;

    /** The bytes on disk are not the bytes that were registered. */
    public static final class IntegrityException extends RuntimeException {
        private final Sha256Digest expected;
        private final Sha256Digest actual;

        public IntegrityException(Sha256Digest expected, Sha256Digest actual, long size) {
            super("the stored file hashes to " + (actual == null ? "nothing (it is missing)" : actual.hex()) + " over "
                    + size + " bytes, not to its registered SHA-256 " + expected.hex());
            this.expected = expected;
            this.actual = actual;
        }

        public Sha256Digest expected() {
            return expected;
        }

        public Sha256Digest actual() {
            return actual;
        }
    }

    private final Vertx vertx;
    private final FileChannel channel;
    private final Sha256Digest expected;
    private final WriteStream<Buffer> out;
    private final Sha256Hasher hasher = new Sha256Hasher();
    private final Promise<Void> done = Promise.promise();

    private CheckedFileSender(Vertx vertx, FileChannel channel, Sha256Digest expected, WriteStream<Buffer> out) {
        this.vertx = vertx;
        this.channel = channel;
        this.expected = expected;
        this.out = out;
    }

    /**
     * Writes the file to {@code out} and ends it if its SHA-256 is {@code expected}; fails with
     * {@link IntegrityException}, leaving {@code out} unended and its last block unsent, if not.
     */
    public static Future<Void> send(Vertx vertx, Path file, Sha256Digest expected, WriteStream<Buffer> out) {
        return vertx.executeBlocking(() -> FileChannel.open(file), false)
                .compose(channel -> {
                    CheckedFileSender sender = new CheckedFileSender(vertx, channel, expected, out);
                    sender.next();
                    return sender.done.future().onComplete(ar -> vertx.executeBlocking(() -> {
                        channel.close();
                        return null;
                    }, false));
                });
    }

    /** Reads and hashes the next block on a worker; answers null at the end of the file. */
    private void next() {
        vertx.executeBlocking(() -> {
            ByteBuffer block = ByteBuffer.allocate(BLOCK);
            while (block.hasRemaining() && channel.read(block) >= 0) {
                // fill the block unless the file ends
            }
            block.flip();
            hasher.update(block.duplicate());
            boolean last = channel.position() >= channel.size();
            return new Block(Buffer.buffer(bytes(block)), last, last ? hasher.digest() : null);
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                done.tryFail(ar.cause());
                return;
            }
            Block b = ar.result();
            if (b.last && !b.digest.equals(expected)) {
                done.tryFail(new IntegrityException(expected, b.digest, hasher.bytesHashed()));
                return;
            }
            out.write(b.data).onFailure(done::tryFail);
            if (b.last) {
                out.end().onComplete(ended -> {
                    if (ended.succeeded()) {
                        done.tryComplete();
                    } else {
                        done.tryFail(ended.cause());
                    }
                });
            } else if (out.writeQueueFull()) {
                // A drain handler stays set after it fires: clear it, or a later drain would start a second reader.
                out.drainHandler(v -> {
                    out.drainHandler(null);
                    next();
                });
            } else {
                next();
            }
        });
    }

    private record Block(Buffer data, boolean last, Sha256Digest digest) {
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] copy = new byte[b.remaining()];
        b.get(copy);
        return copy;
    }
}
