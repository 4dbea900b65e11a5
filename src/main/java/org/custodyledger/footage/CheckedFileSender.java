package org.custodyledger.footage;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.hash.Sha256Hasher;

/**
 * Sends stored bytes from whatever store holds them (a file, an S3 object's body), block by
 * block: each block is read (and hashed) on a worker and written as the connection drains, so
 * a slow client holds back the reading, never the memory. A whole blob is sent checked: its
 * last block is held back until the whole has hashed to the registered digest, so a blob
 * changed in the store never reaches a clean end, and the caller cuts the connection instead.
 */
public final class CheckedFileSender {
    private static final int BLOCK = 256 * 1024;

    /** The stored bytes are not the bytes that were registered. */
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
    private final InputStream in;
    /** Null for a range, which is sent unchecked: it was checked in full before. */
    private final Sha256Digest expected;
    private final long length;
    private final WriteStream<Buffer> out;
    private final Sha256Hasher hasher = new Sha256Hasher();
    private final Promise<Void> done = Promise.promise();
    private long read;

    private CheckedFileSender(Vertx vertx, InputStream in, Sha256Digest expected, long length, WriteStream<Buffer> out) {
        this.vertx = vertx;
        this.in = in;
        this.expected = expected;
        this.length = length;
        this.out = out;
    }

    /**
     * Writes the {@code size} stored bytes to {@code out} and ends it if their SHA-256 is
     * {@code expected}; fails with {@link IntegrityException}, leaving {@code out} unended and its
     * last block unsent, if not (also when the stored bytes are shorter or longer).
     */
    public static Future<Void> send(Vertx vertx, Callable<InputStream> open, Sha256Digest expected, long size,
                                    WriteStream<Buffer> out) {
        return start(vertx, open, expected, size, out);
    }

    /** Writes {@code length} bytes of a blob that was checked in full before, and ends {@code out}. */
    public static Future<Void> sendRange(Vertx vertx, Callable<InputStream> open, long length, WriteStream<Buffer> out) {
        return start(vertx, open, null, length, out);
    }

    private static Future<Void> start(Vertx vertx, Callable<InputStream> open, Sha256Digest expected, long length,
                                      WriteStream<Buffer> out) {
        return vertx.executeBlocking(open, false)
                .compose(in -> {
                    CheckedFileSender sender = new CheckedFileSender(vertx, in, expected, length, out);
                    sender.next();
                    return sender.done.future().onComplete(ar -> vertx.executeBlocking(() -> {
                        in.close();
                        return null;
                    }, false));
                });
    }

    /** Reads (and hashes) the next block on a worker. */
    private void next() {
        vertx.executeBlocking(() -> {
            byte[] block = in.readNBytes((int) Math.min(BLOCK, length - read));
            read += block.length;
            boolean last = read >= length || block.length == 0;
            if (expected == null) {
                return new Block(Buffer.buffer(block), last, null);
            }
            hasher.update(block);
            if (last) {
                // Bytes beyond the registered size are a change too: hash them, and the digest will differ.
                byte[] more;
                while ((more = in.readNBytes(BLOCK)).length > 0) {
                    hasher.update(more);
                }
            }
            return new Block(Buffer.buffer(block), last, last ? hasher.digest() : null);
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                done.tryFail(ar.cause());
                return;
            }
            Block b = ar.result();
            if (b.last && expected != null && !b.digest.equals(expected)) {
                done.tryFail(new IntegrityException(expected, b.digest, hasher.bytesHashed()));
                return;
            }
            if (b.last && read < length) {
                done.tryFail(new IOException("the stored bytes end after " + read + " of " + length + " bytes"));
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
}
