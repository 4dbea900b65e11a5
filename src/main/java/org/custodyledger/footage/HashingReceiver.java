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
import java.time.Duration;
import java.util.ArrayDeque;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.hash.Sha256Hasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a body into a new file (or any {@link BlockSink}: an S3 multipart upload) while
 * hashing it: one pass over the bytes, nothing held beyond a few blocks. The event loop only
 * copies network chunks into fixed-size blocks; each full block is hashed on a worker and
 * handed to the sink, the blocks of one upload strictly in order, so hashing and writing
 * overlap with receiving. The body is piped, so it is paused whenever every block is in
 * flight. The file is fsynced (the upload completed) before the future completes; on any
 * failure — the body's, the store's, a client that goes away or stops sending — what was
 * written is removed, and the future fails at once.
 */
public final class HashingReceiver {
    private static final Logger log = LoggerFactory.getLogger(HashingReceiver.class);

    /** The stored temporary file, its SHA-256 and its length. */
    public record Received(Path file, Sha256Digest digest, long size) {
    }

    /**
     * How a body is received: its size limit, how long the client may send nothing, and a
     * future that fails when the client has gone (its connection closed).
     */
    public record Terms(long maxBytes, Duration idleTimeout, Future<Void> clientGone) {
    }

    /** The body went past the configured limit. */
    public static final class TooLargeException extends RuntimeException {
        public TooLargeException(long limit) {
            super("the upload exceeds the limit of " + limit + " bytes");
        }
    }

    /** The client sent nothing for longer than the idle time-out. */
    public static final class IdleException extends RuntimeException {
        public IdleException(Duration idle, long received) {
            super("the client sent nothing for " + idle.toSeconds() + " s after " + received + " bytes; nothing was kept");
        }
    }

    /** The file could not be written (disk full, read-only, removed): the store's fault, not the client's. */
    public static final class StoreFailure extends RuntimeException {
        public StoreFailure(Throwable cause) {
            super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
    }

    private HashingReceiver() {
    }

    /**
     * Where a receiver's blocks go. {@link #accept} is called on the receiving context with one
     * block at a time, in order, each already hashed; the block is reused once its future
     * completes, so a sink that is slow to accept holds the body back.
     */
    public interface BlockSink {
        Future<Void> accept(byte[] data, int length);

        /** After the last block: make what was written durable or complete. */
        Future<Void> finish();

        /** After a failure, once no block is in flight: remove every trace of what was written. */
        Future<Void> discard();
    }

    /** How a sink wants its blocks: their size and how many may be held at once. */
    public record Blocks(int size, int inFlight) {
        /** Below G1's humongous-object threshold even with 1 MiB regions; 4 MiB in flight per upload. */
        public static final Blocks SMALL = new Blocks(256 * 1024, 16);
    }

    /**
     * Hashes a body without keeping it (a copy brought to be checked against the ledger):
     * the same block pipeline, on workers, without the file.
     */
    public static Future<Received> digestOnly(Vertx vertx, ReadStream<Buffer> body, Terms terms) {
        BlockSink nowhere = new BlockSink() {
            @Override
            public Future<Void> accept(byte[] data, int length) {
                return Future.succeededFuture();
            }

            @Override
            public Future<Void> finish() {
                return Future.succeededFuture();
            }

            @Override
            public Future<Void> discard() {
                return Future.succeededFuture();
            }
        };
        return receive(vertx, body, nowhere, Blocks.SMALL, terms).map(r -> new Received(null, r.digest(), r.size()));
    }

    /** Streams a body into a new file, fsynced before the future completes; deleted on any failure. */
    public static Future<Received> receive(Vertx vertx, ReadStream<Buffer> body, Path file, Terms terms) {
        body.pause();
        return vertx.executeBlocking(() -> FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), false)
                .recover(err -> Future.failedFuture(new StoreFailure(err)))
                .compose(channel -> {
                    long started = System.nanoTime();
                    return receive(vertx, body, new FileSink(vertx, channel, file), Blocks.SMALL, terms)
                            .onSuccess(r -> log.debug("{} bytes received, hashed and fsynced in {} ms", r.size(),
                                    (System.nanoTime() - started) / 1_000_000))
                            .map(r -> new Received(file, r.digest(), r.size()));
                })
                .recover(err -> vertx.<Void>executeBlocking(() -> {
                    try {
                        Files.deleteIfExists(file);
                    } catch (Exception e) {
                        log.warn("could not delete {}: {}", file, e.toString());
                    }
                    return null;
                }, false).transform(ar -> Future.failedFuture(err)));
    }

    /**
     * Streams a body into a sink, hashing it on the way; on any failure the sink discards what
     * it was given before the future fails.
     */
    public static Future<Written> receive(Vertx vertx, ReadStream<Buffer> body, BlockSink sink, Blocks blocks,
                                          Terms terms) {
        body.pause();
        BlockWriter writer = new BlockWriter(vertx, sink, blocks, terms.maxBytes());
        return pump(vertx, body, writer, terms)
                .recover(err -> writer.discard().transform(ar -> Future.failedFuture(err)));
    }

    /**
     * Pipes the body into the writer and completes with what was written, or fails with the
     * first of: the body's failure, the writer's (disk, size limit), the client going away,
     * or the client going quiet. A paused pipe waiting on a failed writer never hangs it.
     */
    private static Future<Written> pump(Vertx vertx, ReadStream<Buffer> body, BlockWriter writer, Terms terms) {
        Promise<Void> piped = Promise.promise();
        writer.onFailure(piped::tryFail);
        terms.clientGone().onFailure(piped::tryFail);
        long idleMillis = terms.idleTimeout().toMillis();
        long timer = vertx.setPeriodic(Math.max(10, idleMillis / 4), id -> {
            if (writer.idleMillis() > idleMillis) {
                piped.tryFail(new IdleException(terms.idleTimeout(), writer.received));
            }
        });
        body.pipeTo(writer).onComplete(piped::tryComplete, piped::tryFail);
        return piped.future()
                .compose(v -> writer.result())
                .onComplete(ar -> vertx.cancelTimer(timer))
                .onFailure(err -> body.pause());
    }

    /** Blocks written to a file on workers, fsynced at the end; the file is closed and deleted on discard. */
    private static final class FileSink implements BlockSink {
        private final Vertx vertx;
        private final FileChannel channel;
        private final Path file;

        FileSink(Vertx vertx, FileChannel channel, Path file) {
            this.vertx = vertx;
            this.channel = channel;
            this.file = file;
        }

        @Override
        public Future<Void> accept(byte[] data, int length) {
            return vertx.executeBlocking(() -> {
                ByteBuffer bytes = ByteBuffer.wrap(data, 0, length);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                return null;
            }, false);
        }

        @Override
        public Future<Void> finish() {
            // force() makes the bytes durable before the file is renamed into the store.
            return vertx.executeBlocking(() -> {
                channel.force(false);
                channel.close();
                return null;
            }, false);
        }

        @Override
        public Future<Void> discard() {
            return vertx.executeBlocking(() -> {
                channel.close();
                Files.deleteIfExists(file);
                return null;
            }, false);
        }
    }

    /** Received bytes' digest and count. */
    public record Written(Sha256Digest digest, long size) {
    }

    /**
     * A write stream that hashes fixed-size blocks on workers and hands them to its sink, one
     * block after another.
     */
    private static final class BlockWriter implements WriteStream<Buffer> {
        private final Vertx vertx;
        private final BlockSink sink;
        private final int blockSize;
        private final int maxInFlight;
        private final long maxBytes;
        // Used by the block tasks only, which run one at a time and in order.
        private final Sha256Hasher hasher = new Sha256Hasher();
        private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
        private final Promise<Written> result = Promise.promise();
        private final Promise<Void> failed = Promise.promise();
        private Future<Void> tail = Future.succeededFuture();
        private Handler<Void> drainHandler;
        private Handler<Throwable> exceptionHandler;
        private byte[] block;
        private int filled;
        /** Blocks handed to a worker and not yet written. */
        private int inFlight;
        private long received;
        private long lastReceived = System.nanoTime();
        /** The body has ended: what remains (the last blocks, fsync) is the disk's time, not the client's. */
        private boolean ended;
        private Throwable failure;

        BlockWriter(Vertx vertx, BlockSink sink, Blocks blocks, long maxBytes) {
            this.vertx = vertx;
            this.sink = sink;
            this.blockSize = blocks.size();
            this.maxInFlight = blocks.inFlight();
            this.maxBytes = maxBytes;
        }

        Future<Written> result() {
            return result.future();
        }

        /** Called once, with the first failure of a write, a block or the size limit. */
        void onFailure(Handler<Throwable> handler) {
            failed.future().onFailure(handler);
        }

        /** How long the client has sent nothing while this writer was ready for more (0 while it is not). */
        long idleMillis() {
            return ended || writeQueueFull() ? 0 : (System.nanoTime() - lastReceived) / 1_000_000;
        }

        @Override
        public Future<Void> write(Buffer data) {
            if (failure != null) {
                return Future.failedFuture(failure);
            }
            received += data.length();
            lastReceived = System.nanoTime();
            if (received > maxBytes) {
                fail(new TooLargeException(maxBytes));
                return Future.failedFuture(failure);
            }
            int offset = 0;
            while (offset < data.length()) {
                if (block == null) {
                    // writeQueueFull() stops the pipe once every block is in flight, but the write
                    // in hand may still need one.
                    block = spare.isEmpty() ? new byte[blockSize] : spare.poll();
                    filled = 0;
                }
                int n = Math.min(blockSize - filled, data.length() - offset);
                data.getBytes(offset, offset + n, block, filled);
                filled += n;
                offset += n;
                if (filled == blockSize) {
                    submit();
                }
            }
            return Future.succeededFuture();
        }

        private void submit() {
            byte[] data = block;
            int length = filled;
            block = null;
            inFlight++;
            tail = tail.compose(v -> vertx.<Void>executeBlocking(() -> {
                hasher.update(data, 0, length);
                return null;
            }, false)).compose(v -> sink.accept(data, length)).onComplete(ar -> {
                inFlight--;
                if (ar.failed()) {
                    fail(new StoreFailure(ar.cause()));
                    return;
                }
                // Reused, not reallocated: an upload keeps the blocks it has used, at most inFlight + 1.
                spare.add(data);
                // The client was not idle while it waited for the disk.
                lastReceived = System.nanoTime();
                Handler<Void> drain = drainHandler;
                if (drain != null && inFlight <= maxInFlight / 2) {
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
            ended = true;
            if (block != null && filled > 0) {
                submit();
            }
            return tail.compose(v -> sink.finish())
                    .map(v -> new Written(hasher.digest(), hasher.bytesHashed()))
                    .onSuccess(result::tryComplete).onFailure(err -> fail(new StoreFailure(err))).mapEmpty();
        }

        /** Lets the sink remove what it was given, once the blocks in flight are done. */
        Future<Void> discard() {
            return tail.transform(ar -> sink.discard());
        }

        private void fail(Throwable err) {
            if (failure == null) {
                failure = err;
                block = null;
                spare.clear();
                failed.fail(err);
                if (exceptionHandler != null) {
                    exceptionHandler.handle(err);
                }
            }
        }

        @Override
        public boolean writeQueueFull() {
            return inFlight >= maxInFlight;
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
