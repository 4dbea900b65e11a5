package org.custodyledger.footage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every blob store promises, run against each implementation (a folder, an S3 bucket
 * behind a real S3 API): bytes reach a content name only once committed, read back exactly,
 * in ranges too; a failed or discarded upload leaves nothing anywhere; deletion and listing
 * see only content names.
 */
abstract class BlobStoreContract {
    /** More than one S3 part (8 MiB), not a multiple of any block size. */
    static final int MULTI_PART = (8 << 20) * 2 + 12_345;
    static Vertx vertx;
    @TempDir
    Path scratch;

    /** A new, empty store for one test. */
    abstract BlobStore store() throws Exception;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        Await.result(vertx.close());
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Sha256Digest sha256(byte[] b) {
        return new Sha256Hasher().update(b).digest();
    }

    private static HashingReceiver.Terms terms(long max) {
        return new HashingReceiver.Terms(max, Duration.ofSeconds(30), Promise.<Void>promise().future());
    }

    /** Runs {@code work} on one Vert.x context, as a request handler would, and waits for it. */
    static <T> T onContext(Function<Context, Future<T>> work) {
        Context context = vertx.getOrCreateContext();
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> work.apply(context).onComplete(done));
        return Await.result(done.future());
    }

    /** The bytes as a request body would arrive: a file read as a stream. */
    BlobStore.Incoming receive(BlobStore store, byte[] body) throws IOException {
        Path file = Files.write(scratch.resolve("body-" + System.nanoTime()), body);
        return onContext(c -> vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true))
                .compose(in -> store.receive(vertx, in, terms(Long.MAX_VALUE))));
    }

    static <T> T awaitIn(Future<T> future) {
        return onContext(c -> future);
    }

    static byte[] read(BlobStore store, Sha256Digest digest, long first, long length) throws IOException {
        try (InputStream in = store.open(digest, first, length)) {
            return in.readAllBytes();
        }
    }

    @Test
    void committedBytesAreStoredUnderTheirHashAndReadBackExactlyWholeAndInRanges() throws Exception {
        BlobStore store = store();
        byte[] body = bytes(MULTI_PART, 1);
        BlobStore.Incoming in = receive(store, body);
        assertEquals(sha256(body), in.digest());
        assertEquals(body.length, in.size());
        assertEquals(List.of(), store.storedNames(), "nothing is under a content name before the commit");

        assertTrue(awaitIn(in.commit()));
        assertEquals(List.of(in.digest().hex()), store.storedNames());
        assertArrayEquals(body, read(store, in.digest(), 0, -1));
        assertArrayEquals(Arrays.copyOfRange(body, 5, 5 + 1000), read(store, in.digest(), 5, 1000));
        assertArrayEquals(Arrays.copyOfRange(body, body.length - 7, body.length), read(store, in.digest(), body.length - 7, 7));
        assertEquals(in.digest(), store.rehash(in.digest()));
        assertEquals(body.length, store.fingerprint(in.digest()).size());
        assertEquals(store.fingerprint(in.digest()), store.fingerprint(in.digest()), "an unchanged blob shows the same");
        assertEquals(0, store.removeStaleTempFiles(Duration.ZERO), "no temporary file, object or upload is left");
    }

    @Test
    void theSameBytesTwiceAreStoredOnce() throws Exception {
        BlobStore store = store();
        byte[] body = bytes(100_000, 2);
        assertTrue(awaitIn(receive(store, body).commit()));
        assertFalse(awaitIn(receive(store, body).commit()), "already stored: nothing added");
        assertEquals(1, store.storedNames().size());
        assertEquals(0, store.removeStaleTempFiles(Duration.ZERO));
    }

    @Test
    void aDiscardedUploadLeavesNothing() throws Exception {
        BlobStore store = store();
        BlobStore.Incoming in = receive(store, bytes(MULTI_PART, 3));
        awaitIn(in.discard());
        assertEquals(List.of(), store.storedNames());
        assertNull(store.rehash(in.digest()));
        assertEquals(0, store.removeStaleTempFiles(Duration.ZERO), "the temporary file or multipart upload is gone");
    }

    @Test
    void aBodyThatFailsMidwayLeavesNothing() throws Exception {
        BlobStore store = store();
        Throwable failure = assertThrows(Throwable.class, () -> onContext(c -> store.receive(vertx,
                new FailingBody(bytes(9 << 20, 4)), terms(Long.MAX_VALUE))));
        assertTrue(String.valueOf(failure.getMessage()).contains("client went away"), String.valueOf(failure));
        assertEquals(List.of(), store.storedNames());
        assertEquals(0, store.removeStaleTempFiles(Duration.ZERO), "aborted, not left open");
    }

    @Test
    void aBodyOverTheLimitIsRefusedAndLeavesNothing() throws Exception {
        BlobStore store = store();
        Path file = Files.write(scratch.resolve("big"), bytes(MULTI_PART, 5));
        Throwable failure = assertThrows(Throwable.class, () -> onContext(c -> vertx.fileSystem()
                .open(file.toString(), new OpenOptions().setRead(true))
                .compose(body -> store.receive(vertx, body, terms(9 << 20)))));
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        assertInstanceOf(HashingReceiver.TooLargeException.class, cause, String.valueOf(failure));
        assertEquals(List.of(), store.storedNames());
        assertEquals(0, store.removeStaleTempFiles(Duration.ZERO));
    }

    @Test
    void deletionRemovesTheBlobAndSaysWhetherItWasThere() throws Exception {
        BlobStore store = store();
        BlobStore.Incoming kept = receive(store, bytes(1000, 6));
        BlobStore.Incoming gone = receive(store, bytes(2000, 7));
        awaitIn(kept.commit());
        awaitIn(gone.commit());
        assertTrue(store.delete(gone.digest()));
        assertFalse(store.delete(gone.digest()));
        assertEquals(List.of(kept.digest().hex()), store.storedNames());
        assertNull(store.rehash(gone.digest()));
        assertThrows(NoSuchFileException.class, () -> read(store, gone.digest(), 0, -1));
        assertThrows(NoSuchFileException.class, () -> store.fingerprint(gone.digest()));
    }

    @Test
    void metadataIsReadFromALocalFileHoldingTheBytes() throws Exception {
        BlobStore store = store();
        byte[] body = bytes(50_000, 8);
        BlobStore.Incoming in = receive(store, body);
        awaitIn(in.commit());
        BlobStore.Inspectable file = store.inspectable(in.digest());
        try {
            assertArrayEquals(body, Files.readAllBytes(file.file()));
            assertTrue(file.complete());
        } finally {
            if (file.temporary()) {
                Files.delete(file.file());
            }
        }
    }

    /** A request body whose client goes away after sending some of it. */
    static final class FailingBody implements ReadStream<Buffer> {
        private final byte[] sent;
        private Handler<Buffer> data;
        private Handler<Throwable> failure;
        private boolean started;

        FailingBody(byte[] sent) {
            this.sent = sent;
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> handler) {
            this.data = handler;
            return this;
        }

        @Override
        public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            this.failure = handler;
            return this;
        }

        @Override
        public ReadStream<Buffer> pause() {
            return this;
        }

        @Override
        public ReadStream<Buffer> resume() {
            return fetch(Long.MAX_VALUE);
        }

        @Override
        public ReadStream<Buffer> fetch(long amount) {
            if (!started && data != null) {
                started = true;
                Vertx.currentContext().runOnContext(v -> {
                    for (int i = 0; i < sent.length; i += 65536) {
                        data.handle(Buffer.buffer(Arrays.copyOfRange(sent, i, Math.min(sent.length, i + 65536))));
                    }
                    Vertx.currentContext().runOnContext(w -> failure.handle(new IOException("the client went away")));
                });
            }
            return this;
        }

        @Override
        public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
            return this;
        }
    }
}
