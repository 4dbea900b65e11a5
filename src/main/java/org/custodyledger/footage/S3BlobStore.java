package org.custodyledger.footage;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.custodyledger.hash.Sha256Digest;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.multipart.MultipartConfiguration;

/**
 * Footage in an S3 bucket (AWS S3, MinIO, Ceph RGW, S3Proxy …) under
 * {@code PREFIX/sha256/ab/cd/<hex>}. Uploads stream as a multipart upload to a temporary key
 * under {@code PREFIX/tmp/}, each part sent with its SHA-256 for the store to check, while the
 * whole is hashed in the same pass; only once the whole is known to hash to its name is it
 * copied (server-side) to its content key, and the temporary object removed. So no content
 * key ever names bytes that do not hash to it.
 *
 * <p>The SDK's async client completes its futures on its own threads: {@link #receive} hops
 * back to the caller's Vert.x context before anything else runs, and the blocking methods are
 * for workers only. The SDK retries what is safe to retry (every call here: a part is held in
 * memory until it is acknowledged, so it can be sent again) with its standard back-off; what
 * still fails to reach the store surfaces as {@link BlobStoreUnavailableException}.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
    /** S3's limit for one CopyObject; larger objects are copied in parts. */
    private static final long SINGLE_COPY_LIMIT = 5L << 30;
    /** How much of an object is fetched for metadata extraction: containers put their headers first or last. */
    static final long INSPECTED_BYTES = 64L << 20;

    /** How to reach the bucket: null endpoint and region mean the SDK's defaults (AWS, the region chain). */
    public record Settings(S3Location location, URI endpoint, String region, boolean pathStyle) {
    }

    private final S3AsyncClient client;
    private final S3Location where;
    /**
     * Uploads this store receives at once. Each holds up to {@link S3Upload#HELD_BYTES} of parts
     * on the heap (S3 wants parts of 5 MiB or more, where a folder's blocks are 256 KiB), so the
     * service-wide upload limit alone would let a few dozen uploads exhaust a small heap; past
     * this, an upload is refused as the store being busy (503), before any byte is read.
     */
    private final int uploadSlots;
    private final AtomicInteger uploading = new AtomicInteger();

    public S3BlobStore(S3AsyncClient client, S3Location where) {
        this(client, where, defaultUploadSlots());
    }

    S3BlobStore(S3AsyncClient client, S3Location where, int uploadSlots) {
        this.client = client;
        this.where = where;
        this.uploadSlots = uploadSlots;
    }

    /** As many uploads as fit in half the heap, at least one. */
    static int defaultUploadSlots() {
        return (int) Math.max(1, Runtime.getRuntime().maxMemory() / 2 / S3Upload.HELD_BYTES);
    }

    /**
     * A store over a new client: credentials from the standard AWS chain (environment, system
     * properties, profile files, container and instance roles).
     */
    public static S3BlobStore open(Settings settings) {
        return new S3BlobStore(client(settings), settings.location());
    }

    static S3AsyncClient client(Settings settings) {
        S3AsyncClientBuilder builder = S3AsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        // An unreachable store is answered 503 within seconds, not after the OS gives up.
                        .connectionTimeout(Duration.ofSeconds(3))
                        .maxConcurrency(128))
                .forcePathStyle(settings.pathStyle())
                // Checksums are ours: each part's SHA-256 is sent as a header, which every S3 API accepts;
                // the SDK's own default (CRC32 in an aws-chunked trailer) is not understood everywhere.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // Copies above S3's single-copy limit go in parts (UploadPartCopy); below it, one CopyObject.
                .multipartEnabled(true)
                .multipartConfiguration(MultipartConfiguration.builder().thresholdInBytes(SINGLE_COPY_LIMIT)
                        .minimumPartSizeInBytes(1L << 30).build());
        builder.region(settings.region() != null ? Region.of(settings.region()) : defaultRegion());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    private static Region defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            // S3-compatible stores mostly ignore the region; AWS's own default.
            return Region.US_EAST_1;
        }
    }

    String contentKey(Sha256Digest digest) {
        return where.key(BlobStore.contentPath(digest));
    }

    private String tempPrefix() {
        return where.key("tmp/");
    }

    S3AsyncClient client() {
        return client;
    }

    String bucket() {
        return where.bucket();
    }

    @Override
    public Future<Incoming> receive(Vertx vertx, ReadStream<Buffer> body, HashingReceiver.Terms terms) {
        body.pause();
        if (uploading.incrementAndGet() > uploadSlots) {
            uploading.decrementAndGet();
            return Future.failedFuture(new HashingReceiver.StoreFailure(new BlobStoreUnavailableException(
                    "all " + uploadSlots + " uploads this service may hold in memory for the S3 store are in progress",
                    null)));
        }
        Context context = vertx.getOrCreateContext();
        String tempKey = tempPrefix() + "upload-" + UUID.randomUUID();
        return S3Upload.start(vertx, context, this, tempKey)
                .recover(err -> Future.failedFuture(new HashingReceiver.StoreFailure(err)))
                .compose(upload -> HashingReceiver.receive(vertx, body, upload, S3Upload.PARTS, terms)
                        .map(written -> upload.incoming(written)))
                // Received or failed (its blocks discarded once none is in flight), it holds no part any more.
                .onComplete(ar -> uploading.decrementAndGet());
    }

    /** A HEAD-then-copy cannot say which of two concurrent uploads of the same bytes created the object. */
    @Override
    public boolean createsExclusively() {
        return false;
    }

    /** Copies a complete temporary object to its content key, unless the content is already there; then removes it. */
    Future<Boolean> commit(Context context, String tempKey, Sha256Digest digest, long size) {
        String target = contentKey(digest);
        return exists(context, target).compose(present -> present ? Future.succeededFuture(false)
                        : on(context, client.copyObject(r -> r.sourceBucket(where.bucket()).sourceKey(tempKey)
                                .destinationBucket(where.bucket()).destinationKey(target)
                                // Asks the store to compute the content object's own SHA-256 (AWS does for single copies).
                                .checksumAlgorithm(size < SINGLE_COPY_LIMIT ? ChecksumAlgorithm.SHA256 : null)))
                        .map(true))
                .compose(created -> on(context, client.deleteObject(r -> r.bucket(where.bucket()).key(tempKey)))
                        .map(created));
    }

    Future<Boolean> exists(Context context, String key) {
        return on(context, client.headObject(r -> r.bucket(where.bucket()).key(key))).map(true)
                .recover(err -> err instanceof NoSuchFileException ? Future.succeededFuture(false) : Future.failedFuture(err));
    }

    /** The SDK's future, completed on the Vert.x context, its failure translated as {@link #translate} does. */
    static <T> Future<T> on(Context context, CompletableFuture<T> future) {
        return Future.fromCompletionStage(future, context).recover(err -> Future.failedFuture(translate(err)));
    }

    /**
     * Whether the object under the digest's content key holds exactly those bytes: by the
     * SHA-256 the store computed of the whole object when it has one, by re-reading it otherwise.
     */
    public boolean holdsIntact(Sha256Digest digest) throws IOException {
        HeadObjectResponse head;
        try {
            head = await(client.headObject(r -> r.bucket(where.bucket()).key(contentKey(digest))
                    .checksumMode(ChecksumMode.ENABLED)));
        } catch (NoSuchFileException e) {
            return false;
        }
        String sha = head.checksumSHA256();
        if (sha != null && !sha.contains("-") && head.checksumTypeAsString() != null
                && head.checksumTypeAsString().equals("FULL_OBJECT")) {
            return sha.equals(digest.base64());
        }
        return digest.equals(rehash(digest));
    }

    @Override
    public InputStream open(Sha256Digest digest, long first, long length) throws IOException {
        String key = contentKey(digest);
        String range = first == 0 && length < 0 ? null
                : "bytes=" + first + "-" + (length < 0 ? "" : Long.toString(first + length - 1));
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        return await(client.getObject(r -> r.bucket(where.bucket()).key(key).range(range),
                AsyncResponseTransformer.toBlockingInputStream()));
    }

    @Override
    public VerifiedFiles.Fingerprint fingerprint(Sha256Digest digest) throws IOException {
        HeadObjectResponse head = await(client.headObject(r -> r.bucket(where.bucket()).key(contentKey(digest))));
        return new VerifiedFiles.Fingerprint(head.contentLength(), head.versionId(), head.lastModified(), head.eTag());
    }

    @Override
    public Optional<Path> localFile(Sha256Digest digest) {
        return Optional.empty();
    }

    @Override
    public Inspectable inspectable(Sha256Digest digest) throws IOException {
        Path file = Files.createTempFile("custody-inspect-", ".part");
        try {
            long size = fingerprint(digest).size();
            try (InputStream in = open(digest, 0, Math.min(size, INSPECTED_BYTES))) {
                Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return new Inspectable(file, true, size <= INSPECTED_BYTES);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * Deletes the object, and on a versioned bucket every version of it (and the delete markers),
     * so disposed footage is gone, not merely hidden. Under S3 Object Lock a locked version
     * refuses to go until its retention ends: the object is hidden, the failure thrown, and the
     * start-up sweep of disposed footage tries again.
     */
    @Override
    public boolean delete(Sha256Digest digest) throws IOException {
        String key = contentKey(digest);
        boolean existed = objectExists(key);
        // First hidden from every reader (on a versioned bucket, by a delete marker), then each version removed.
        await(client.deleteObject(r -> r.bucket(where.bucket()).key(key)));
        List<String> versions = versionsOf(key);
        if (versions != null) {
            for (String version : versions) {
                await(client.deleteObject(r -> r.bucket(where.bucket()).key(key).versionId(version)));
            }
        }
        return existed;
    }

    private boolean objectExists(String key) throws IOException {
        try {
            await(client.headObject(r -> r.bucket(where.bucket()).key(key)));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Every version id (and delete marker) of exactly this key; null where the store keeps no versions. */
    private List<String> versionsOf(String key) throws IOException {
        List<String> ids = new ArrayList<>();
        String keyMarker = null;
        String versionMarker = null;
        while (true) {
            String km = keyMarker;
            String vm = versionMarker;
            ListObjectVersionsResponse page;
            try {
                page = await(client.listObjectVersions(r -> r.bucket(where.bucket()).prefix(key).keyMarker(km)
                        .versionIdMarker(vm)));
            } catch (IOException e) {
                if (e.getCause() instanceof S3Exception s3 && (s3.statusCode() == 501 || s3.statusCode() == 405)) {
                    return null;
                }
                throw e;
            }
            page.versions().stream().filter(v -> v.key().equals(key)).map(ObjectVersion::versionId)
                    .filter(v -> v != null && !v.equals("null")).forEach(ids::add);
            page.deleteMarkers().stream().filter(m -> m.key().equals(key)).map(m -> m.versionId())
                    .filter(v -> v != null && !v.equals("null")).forEach(ids::add);
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return ids;
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
    }

    @Override
    public List<String> storedNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (S3Object object : list(where.key("sha256/"))) {
            String key = object.key();
            String name = key.substring(key.lastIndexOf('/') + 1);
            if (name.matches("[0-9a-f]{64}")) {
                names.add(name);
            }
        }
        return names;
    }

    private List<S3Object> list(String prefix) throws IOException {
        List<S3Object> all = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response page = await(client.listObjectsV2(r -> r.bucket(where.bucket()).prefix(prefix)
                    .continuationToken(t)));
            all.addAll(page.contents());
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return all;
    }

    /** Aborts multipart uploads and removes temporary objects under {@code PREFIX/tmp/} older than {@code idle}. */
    @Override
    public int removeStaleTempFiles(Duration idle) throws IOException {
        Instant cutoff = Instant.now().minus(idle);
        int removed = 0;
        List<MultipartUpload> uploads = await(client.listMultipartUploads(r -> r.bucket(where.bucket())
                .prefix(tempPrefix()))).uploads();
        for (MultipartUpload u : uploads) {
            if (idle.isZero() || u.initiated().isBefore(cutoff)) {
                await(client.abortMultipartUpload(r -> r.bucket(where.bucket()).key(u.key()).uploadId(u.uploadId())));
                removed++;
            }
        }
        for (S3Object o : list(tempPrefix())) {
            // A key ending in '/' is a folder marker some stores list, never an upload of ours.
            if (!o.key().endsWith("/") && (idle.isZero() || o.lastModified().isBefore(cutoff))) {
                await(client.deleteObject(r -> r.bucket(where.bucket()).key(o.key())));
                removed++;
            }
        }
        return removed;
    }

    @Override
    public String location() {
        return where.toString();
    }

    @Override
    public void close() {
        client.close();
    }

    /** Waits for the SDK on a worker thread; failures translated as {@link #translate} does. */
    static <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable t = translate(e);
            if (t instanceof IOException io) {
                throw io;
            }
            if (t instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(t);
        }
    }

    /**
     * What an SDK failure means here: no such object → {@link NoSuchFileException}; the store
     * unreachable, timing out, failing or throttling (5xx, 429) → {@link BlobStoreUnavailableException};
     * any other refusal (403, 400 …) → an {@link IOException} with S3's message.
     */
    static Throwable translate(Throwable err) {
        Throwable t = err;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof NoSuchKeyException || (t instanceof S3Exception s3 && s3.statusCode() == 404)) {
            return new NoSuchFileException(t.getMessage());
        }
        if (t instanceof S3Exception s3 && (s3.statusCode() >= 500 || s3.statusCode() == 429)) {
            return new BlobStoreUnavailableException("the S3 store answers " + s3.statusCode() + " ("
                    + s3.awsErrorDetails().errorCode() + ")", t);
        }
        if (t instanceof S3Exception s3) {
            return new IOException("the S3 store refused: " + s3.awsErrorDetails().errorMessage() + " ("
                    + s3.statusCode() + " " + s3.awsErrorDetails().errorCode() + ")", t);
        }
        if (t instanceof SdkClientException || t instanceof IOException || t instanceof java.util.concurrent.TimeoutException) {
            return new BlobStoreUnavailableException("the S3 store cannot be reached: " + t.getMessage(), t);
        }
        return t;
    }
}
