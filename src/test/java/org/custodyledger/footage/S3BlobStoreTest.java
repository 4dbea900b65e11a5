package org.custodyledger.footage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.testing.S3Proxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The blob-store contract on an S3 bucket behind a real S3 API (S3Proxy in its own process),
 * each test under a prefix of its own; and what only S3 shows: the keys themselves, the
 * multipart uploads, an unreachable endpoint.
 */
class S3BlobStoreTest extends BlobStoreContract {
    static final String BUCKET = "footage";
    static S3Proxy s3;
    private S3BlobStore store;
    private String prefix;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3Proxy.start(BUCKET);
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @Override
    BlobStore store() {
        prefix = "agency/t" + System.nanoTime();
        store = S3BlobStore.open(new S3BlobStore.Settings(new S3Location(BUCKET, prefix), s3.endpoint(), "us-east-1", true));
        return store;
    }

    @AfterEach
    void closeClient() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void contentLandsAtPrefixSha256AbCdHexAndNothingElseRemains() throws Exception {
        BlobStore store = store();
        byte[] body = bytes(MULTI_PART, 9);
        BlobStore.Incoming in = receive(store, body);
        assertEquals(List.of(), s3.keys(BUCKET, prefix + "/sha256/"), "no content key before the commit");
        awaitIn(in.commit());
        String hex = in.digest().hex();
        assertEquals(List.of(prefix + "/sha256/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + hex),
                s3.keys(BUCKET, prefix + "/"), "the content key and no temporary object");
        assertEquals(List.of(), s3.openUploads(BUCKET));
    }

    @Test
    void aFailedUploadAbortsItsMultipartUpload() throws Exception {
        BlobStore store = store();
        assertThrows(Throwable.class, () -> onContext(c -> store.receive(vertx,
                new FailingBody(bytes(9 << 20, 10)), new HashingReceiver.Terms(Long.MAX_VALUE,
                        java.time.Duration.ofSeconds(30), io.vertx.core.Promise.<Void>promise().future()))));
        assertEquals(List.of(), s3.openUploads(BUCKET), "aborted at once, not left for the sweep");
        assertEquals(List.of(), s3.keys(BUCKET, prefix + "/"));
    }

    @Test
    void uploadsBeyondWhatTheHeapHoldsAreRefusedAsUnavailableUntilOneEnds() throws Exception {
        prefix = "agency/t" + System.nanoTime();
        S3BlobStore.Settings settings = new S3BlobStore.Settings(new S3Location(BUCKET, prefix), s3.endpoint(), "us-east-1", true);
        store = new S3BlobStore(S3BlobStore.client(settings), settings.location(), 1);
        Promise<Void> firstGone = Promise.promise();
        Future<BlobStore.Incoming> first = onContext(c -> Future.succeededFuture(store.receive(vertx, new SilentBody(),
                new HashingReceiver.Terms(Long.MAX_VALUE, Duration.ofSeconds(30), firstGone.future()))));

        Throwable refused = assertThrows(Throwable.class, () -> receive(store, bytes(1000, 11)));
        Throwable cause = refused instanceof CompletionException ? refused.getCause() : refused;
        assertInstanceOf(HashingReceiver.StoreFailure.class, cause, String.valueOf(refused));
        assertInstanceOf(BlobStoreUnavailableException.class, cause.getCause(), String.valueOf(refused));

        onContext(c -> {
            firstGone.fail("client went away");
            return first.otherwiseEmpty();
        });
        assertTrue(awaitIn(receive(store, bytes(1000, 12)).commit()), "the slot is free again once the first upload failed");
        assertEquals(List.of(), s3.openUploads(BUCKET), "the first upload was aborted");
    }

    /** A body whose client sends nothing and never ends. */
    static final class SilentBody implements ReadStream<Buffer> {
        @Override
        public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> handler) {
            return this;
        }

        @Override
        public ReadStream<Buffer> pause() {
            return this;
        }

        @Override
        public ReadStream<Buffer> resume() {
            return this;
        }

        @Override
        public ReadStream<Buffer> fetch(long amount) {
            return this;
        }

        @Override
        public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
            return this;
        }
    }

    @Test
    void anUnreachableStoreIsUnavailableNotMissing() {
        try (S3BlobStore down = S3BlobStore.open(new S3BlobStore.Settings(new S3Location(BUCKET, "x"),
                java.net.URI.create("http://127.0.0.1:9"), "us-east-1", true))) {
            Sha256Digest any = sha256(new byte[1]);
            BlobStoreUnavailableException e = assertThrows(BlobStoreUnavailableException.class, () -> down.rehash(any));
            assertTrue(e.getMessage().contains("cannot be reached"), e.getMessage());
            assertThrows(BlobStoreUnavailableException.class, down::storedNames);
        }
    }
}
