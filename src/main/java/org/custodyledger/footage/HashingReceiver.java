package org.custodyledger.footage;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.hash.Sha256Hasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a body into a new file while hashing it: one pass over the bytes, nothing held
 * beyond a few blocks. The event loop only copies network chunks into fixed-size blocks;
 * each full block is hashed and written on a worker, the blocks of one upload strictly in
 * order, so hashing and disk writes overlap with receiving. The body is piped, so it is
 * paused whenever every block is in flight. The file is fsynced before the future
 * completes; on any failure it is deleted.
 */
public final class HashingReceiver {
    private static final Logger log = LoggerFactory.getLogger(HashingReceiver.class);
    /** Below G1's humongous-object threshold even with 1 MiB regions. */
    private static final int BLOCK = 256 * 1024;
    /** Blocks per upload: at most 4 MiB of a body is buffered at once. */
    private static final int BLOCKS = 16;

    /** The stored temporary file, its SHA-256 and its length. */
    public record Received(Path file, Sha256Digest digest, long size) {
    }

    /** The body went past the configured limit. */
    public static final class TooLargeException extends RuntimeException {
        public TooLargeException(long limit) {
            super("the upload exceeds the limit of " + limit + " bytes");
        }
    }

    private HashingReceiver() {
    }

    /**
     * Hashes a body without keeping it (a copy brought to be checked against the ledger):
     * the same block pipeline, on workers, without the file.
     */
    public static Future<Received> digestOnly(Vertx vertx, ReadStream<Buffer> body, long maxBytes) {
        BlockWriter writer = new BlockWriter(vertx, null, maxBytes);
        return body.pipeTo(writer).compose(v -> writer.result()).map(r -> new Received(null, r.digest(), r.size()));
    }

    public static Future<Received> receive(Vertx vertx, ReadStream<Buffer> body, Path file, long maxBytes) {
        body.pause();
        return vertx.executeBlocking(() -> FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), false)
                .recover(err -> {
                    body.resume();
                    return Future.failedFuture(err);
                })
                .compose(channel -> {
                    BlockWriter writer = new BlockWriter(vertx, channel, maxBytes);
                    long started = System.nanoTime();
                    return body.pipeTo(writer)
                            .compose(v -> writer.result())
                            .onSuccess(r -> log.debug("{} bytes received, hashed and fsynced in {} ms", r.size(),
                                    (System.nanoTime() - started) / 1_000_000))
                            .map(r -> new Received(file, r.digest(), r.size()))
                            .recover(err -> writer.discard()
                                    .transform(ar -> {
                                        try {
                                            Files.deleteIfExists(file);
                                        } catch (Exception e) {
                                            log.warn("could not delete {}: {}", file, e.toString());
                                        }
                                        return Future.<Received>failedFuture(err);
                                    }));
                });
    }

    /** Written bytes' digest and count. */
    private record Written(Sha256Digest digest, long size) {
    }

    /**
     * A write stream that hashes and writes fixed-size blocks on workers, one block after
     * another; with no channel it only hashes.
     */
    private static final class BlockWriter implements WriteStream<Buffer> {
        private final Vertx vertx;
        private final FileChannel channel;
        private final long maxBytes;
        // Used by the block tasks only, which run one at a time and in order.
        private final Sha256Hasher hasher = new Sha256Hasher();
        private final ArrayDeque<byte[]> free = new ArrayDeque<>();
        private final Promise<Written> result = Promise.promise();
        private Future<Void> tail = Future.succeededFuture();
        private Handler<Void> drainHandler;
        private Handler<Throwable> exceptionHandler;
        private byte[] block;
        private int filled;
        private long received;
        private Throwable failure;

        BlockWriter(Vertx vertx, FileChannel channel, long maxBytes) {
            this.vertx = vertx;
            this.channel = channel;
            this.maxBytes = maxBytes;
            for (int i = 0; i < BLOCKS; i++) {
                free.add(new byte[BLOCK]);
            }
        }

        Future<Written> result() {
            return result.future();
        }

        @Override
        public Future<Void> write(Buffer data) {
            if (failure != null) {
                return Future.failedFuture(failure);
            }
            received += data.length();
            if (received > maxBytes) {
                fail(new TooLargeException(maxBytes));
                return Future.failedFuture(failure);
            }
            int offset = 0;
            while (offset < data.length()) {
                if (block == null) {
                    // writeQueueFull() stops the pipe once no block is free, but the write in
                    // hand may still need one.
                    block = free.isEmpty() ? new byte[BLOCK] : free.poll();
                    filled = 0;
                }
                int n = Math.min(BLOCK - filled, data.length() - offset);
                data.getBytes(offset, offset + n, block, filled);
                filled += n;
                offset += n;
                if (filled == BLOCK) {
                    submit();
                }
            }
            return Future.succeededFuture();
        }

        private void submit() {
            byte[] data = block;
            int length = filled;
            block = null;
            tail = tail.compose(v -> vertx.<Void>executeBlocking(() -> {
                hasher.update(data, 0, length);
                ByteBuffer bytes = ByteBuffer.wrap(data, 0, length);
                while (channel != null && bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                return null;
            }, false)).onComplete(ar -> {
                if (ar.failed()) {
                    fail(ar.cause());
                    return;
                }
                if (free.size() < BLOCKS) {
                    free.add(data);
                }
                Handler<Void> drain = drainHandler;
                if (drain != null && free.size() >= BLOCKS / 2) {
                    drainHandler = null;
                    drain.handle(null);
                }
            });
        }

        @Override
        public Future<Void> end() {
            if (failure != null) {
                return Future.failedFuture(failure);
            }
            if (block != null && filled > 0) {
                submit();
            }
            // force() makes the bytes durable before the file is renamed into the store.
            return tail.compose(v -> vertx.executeBlocking(() -> {
                if (channel != null) {
                    channel.force(false);
                    channel.close();
                }
                return new Written(hasher.digest(), hasher.bytesHashed());
            }, false)).onSuccess(result::tryComplete).mapEmpty();
        }

        /** Closes the channel once the blocks in flight are done. */
        Future<Void> discard() {
            return tail.transform(ar -> vertx.executeBlocking(() -> {
                if (channel != null) {
                    channel.close();
                }
                return null;
            }, false));
        }

        private void fail(Throwable err) {
            if (failure == null) {
                failure = err;
                if (exceptionHandler != null) {
                    exceptionHandler.handle(err);
                }
            }
        }

        @Override
        public boolean writeQueueFull() {
            return free.isEmpty();
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            this.drainHandler = handler;
            return this;
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            this.exceptionHandler = handler;
            return this;
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }
    }
}
