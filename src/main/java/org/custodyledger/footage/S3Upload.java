package org.custodyledger.footage;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.custodyledger.hash.Sha256Digest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One upload's multipart upload to its temporary key: the blocks of a {@link HashingReceiver}
 * become parts of {@link #PARTS}' size, each sent with its own SHA-256 (S3 refuses a part
 * whose bytes do not match it), one part on the wire while the next ones fill; at most
 * {@code PARTS.inFlight() + 1} parts are held in memory, and the request body is paused
 * whenever they all are. Every SDK future is completed back on the upload's Vert.x context.
 */
final class S3Upload implements HashingReceiver.BlockSink {
    private static final Logger log = LoggerFactory.getLogger(S3Upload.class);
    /**
     * 8 MiB parts (S3's minimum is 5 MiB; 10,000 parts reach 80 GiB, above the largest upload
     * accepted): one on the wire while the next is hashed and waits; more gains nothing, the
     * parts of one upload being sent one after another.
     */
    static final HashingReceiver.Blocks PARTS = new HashingReceiver.Blocks(8 << 20, 2);
    /** What one upload holds at most: its blocks in flight and the one filling. */
    static final long HELD_BYTES = (long) PARTS.size() * (PARTS.inFlight() + 1);

    private final Vertx vertx;
    private final Context context;
    private final S3BlobStore store;
    private final String tempKey;
    private final String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private boolean completed;

    private S3Upload(Vertx vertx, Context context, S3BlobStore store, String tempKey, String uploadId) {
        this.vertx = vertx;
        this.context = context;
        this.store = store;
        this.tempKey = tempKey;
        this.uploadId = uploadId;
    }

    static Future<S3Upload> start(Vertx vertx, Context context, S3BlobStore store, String tempKey) {
        return S3BlobStore.on(context, store.client().createMultipartUpload(r -> r.bucket(store.bucket()).key(tempKey)
                        .checksumAlgorithm(ChecksumAlgorithm.SHA256)))
                .map(created -> new S3Upload(vertx, context, store, tempKey, created.uploadId()));
    }

    @Override
    public Future<Void> accept(byte[] data, int length) {
        int number = parts.size() + 1;
        return vertx.executeBlocking(() -> {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(data, 0, length);
            return Base64.getEncoder().encodeToString(sha256.digest());
        }, false).compose(checksum -> S3BlobStore.on(context, store.client().uploadPart(r -> r.bucket(store.bucket())
                                .key(tempKey).uploadId(uploadId).partNumber(number).contentLength((long) length)
                                .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(checksum),
                        // Not copied: the block is not reused before this future completes (the SDK's retries included).
                        AsyncRequestBody.fromByteBufferUnsafe(ByteBuffer.wrap(data, 0, length))))
                .map(uploaded -> {
                    parts.add(CompletedPart.builder().partNumber(number).eTag(uploaded.eTag())
                            .checksumSHA256(uploaded.checksumSHA256() != null ? uploaded.checksumSHA256() : checksum).build());
                    return null;
                }));
    }

    @Override
    public Future<Void> finish() {
        if (parts.isEmpty()) {
            // An empty body: nothing to complete (S3 wants at least one part); the caller refuses it anyway.
            return abort();
        }
        return S3BlobStore.on(context, store.client().completeMultipartUpload(r -> r.bucket(store.bucket()).key(tempKey)
                        .uploadId(uploadId).multipartUpload(m -> m.parts(parts))))
                .map(done -> {
                    completed = true;
                    return null;
                });
    }

    @Override
    public Future<Void> discard() {
        return completed ? deleteTemp() : abort();
    }

    private Future<Void> abort() {
        // An abort that meets a part the store is still saving can be refused (S3 documents that it
        // may need repeating; S3Proxy answered 400 once under load): ask again, a moment apart.
        return abortOnce()
                .recover(first -> vertx.timer(1, TimeUnit.SECONDS).compose(t -> abortOnce()))
                .recover(second -> vertx.timer(3, TimeUnit.SECONDS).compose(t -> abortOnce()))
                .onFailure(err -> log.warn("could not abort the multipart upload to {} (the start-up sweep will): {}", tempKey,
                        err.toString()));
    }

    private Future<Void> abortOnce() {
        return S3BlobStore.on(context, store.client().abortMultipartUpload(r -> r.bucket(store.bucket()).key(tempKey)
                .uploadId(uploadId))).mapEmpty();
    }

    private Future<Void> deleteTemp() {
        return S3BlobStore.on(context, store.client().deleteObject(r -> r.bucket(store.bucket()).key(tempKey)))
                .<Void>mapEmpty()
                .onFailure(err -> log.warn("could not delete the temporary object {} (the start-up sweep will): {}",
                        tempKey, err.toString()));
    }

    /** The completed upload, not yet under its content key. */
    BlobStore.Incoming incoming(HashingReceiver.Written written) {
        Sha256Digest digest = written.digest();
        return new BlobStore.Incoming() {
            @Override
            public Sha256Digest digest() {
                return digest;
            }

            @Override
            public long size() {
                return written.size();
            }

            @Override
            public Future<Boolean> commit() {
                return store.commit(context, tempKey, digest, written.size())
                        .recover(err -> discard().transform(ar -> Future.failedFuture(err)));
            }

            @Override
            public Future<Void> discard() {
                return S3Upload.this.discard();
            }
        };
    }
}
