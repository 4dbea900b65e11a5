package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.custodyledger.footage.BlobStore;
import org.custodyledger.footage.HashingReceiver;
import org.custodyledger.footage.MediaInspector;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.model.FootageRow;
import org.custodyledger.storage.FootageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload pipeline: the body streamed and hashed in one pass into the blob store, its
 * metadata extracted (bounded in time), then registered; bytes already registered become a
 * re-submission instead of a second copy.
 */
public final class Uploads {
    private static final Logger log = LoggerFactory.getLogger(Uploads.class);

    /** Limits on what an upload or registration may carry. */
    public record Limits(long maxUploadBytes, int maxFilenameLength, Duration metadataTimeout, Duration idleTimeout) {
    }

    /** An upload's parameters, checked. */
    public record UploadRequest(String filename, String incident, Instant recordedAt, String device, String notes,
                                Sha256Digest claimedDigest, String derivedFrom) {
    }

    private final Vertx vertx;
    private final BlobStore blobs;
    private final MediaInspector inspector;
    private final FootageStore footage;
    private final Registrations registrations;
    private final Limits limits;
    private final LedgerMetrics metrics;
    private final Clock clock;

    public Uploads(Vertx vertx, BlobStore blobs, MediaInspector inspector, FootageStore footage,
                   Registrations registrations, Limits limits, LedgerMetrics metrics, Clock clock) {
        this.vertx = vertx;
        this.blobs = blobs;
        this.inspector = inspector;
        this.footage = footage;
        this.registrations = registrations;
        this.limits = limits;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Checks, before any byte is read, that the actor may make this upload: a redacted copy
     * ({@code derivedFrom}) is a reviewer's act on an original that still exists.
     */
    public Future<FootageRow> admit(UploadRequest req, Actor actor) {
        if (req.derivedFrom() == null) {
            return Future.succeededFuture();
        }
        if (!actor.is(Role.REVIEWER)) {
            return Future.failedFuture(ServiceException.forbidden("only a reviewer may register a redacted copy (derivedFrom)"));
        }
        return footage.byId(req.derivedFrom()).map(original -> {
            if (original == null) {
                throw ServiceException.notFound("derivedFrom names no footage: " + req.derivedFrom());
            }
            if (original.disposed()) {
                throw ServiceException.conflict("the original " + original.id() + " was disposed; no copy can derive from it");
            }
            return original;
        });
    }

    /**
     * Streams the body to the blob store, then records it; the body must not have been read
     * yet. {@code original} is what {@link #admit} answered (null unless a redacted copy);
     * {@code clientGone} fails when the client disconnects.
     */
    public Future<Registrations.Registered> upload(ReadStream<Buffer> body, Future<Void> clientGone, UploadRequest req,
                                                   FootageRow original, Actor actor) {
        long started = System.nanoTime();
        return blobs.receive(vertx, body, new HashingReceiver.Terms(limits.maxUploadBytes(), limits.idleTimeout(),
                        clientGone))
                .recover(err -> Future.failedFuture(BodyFailures.of(err)))
                .compose(received -> {
                    metrics.uploadReceived(received.size());
                    if (received.size() == 0) {
                        return discard(received, ServiceException.invalid("the body is empty: send the file's bytes"));
                    }
                    if (req.claimedDigest() != null && !req.claimedDigest().equals(received.digest())) {
                        return discard(received, new ServiceException(ServiceException.Kind.UNPROCESSABLE,
                                "Repr-Digest sha-256 " + req.claimedDigest().base64() + " does not match the received bytes ("
                                        + received.digest().base64() + ", " + received.size() + " bytes): nothing was kept"));
                    }
                    long receivedAt = System.nanoTime();
                    return received.commit()
                            .recover(err -> Future.failedFuture(BodyFailures.storeFailed(err)))
                            .compose(created -> record(received.digest(), received.size(), req, original, actor)
                                    .recover(err -> undoBlob(created, received.digest(), err)))
                            .onSuccess(r -> log.info("stored {} bytes as {}: received, hashed and stored in {} ms, recorded in {} ms",
                                    received.size(), r.footage().id(), (receivedAt - started) / 1_000_000,
                                    (System.nanoTime() - receivedAt) / 1_000_000));
                });
    }

    private Future<Registrations.Registered> record(Sha256Digest digest, long size, UploadRequest req, FootageRow original,
                                                    Actor actor) {
        return footage.bySha256(digest).compose(existing -> {
            if (existing != null && original != null) {
                return Future.failedFuture(ServiceException.conflict("these bytes are already registered as "
                        + existing.id() + "; a redacted copy must differ from every registered file"));
            }
            if (existing != null) {
                return registrations.resubmit(existing, actor, req.filename(), req.incident(), !existing.held());
            }
            return inspect(digest).compose(inspection -> {
                JsonObject metadata = inspection.metadata();
                Instant recordedAt = req.recordedAt() != null ? req.recordedAt() : metadataTime(metadata);
                FootageRow row = FootageRow.fresh(Ids.mint("f"), digest, size, inspection.mediaType(), req.filename(),
                        req.incident(), req.device(), req.notes(), recordedAt, actor.id(),
                        clock.instant(), true, null, metadata, original == null ? null : original.id());
                return original == null ? registrations.registerNew(row, actor, req.notes(), req.device())
                        : registrations.registerRedaction(row, original, actor, req.notes(), req.device());
            });
        });
    }

    /**
     * Reads the metadata from the stored bytes: the file itself in a folder store; from S3, a
     * bounded copy of the object's beginning, removed after.
     */
    private Future<MediaInspector.Inspection> inspect(Sha256Digest digest) {
        long timeout = limits.metadataTimeout().toMillis();
        return vertx.executeBlocking(() -> {
                    BlobStore.Inspectable file = blobs.inspectable(digest);
                    try {
                        MediaInspector.Inspection inspection = inspector.inspect(file.file());
                        if (!file.complete()) {
                            inspection.metadata().put("warnings", inspection.metadata().getJsonArray("warnings",
                                    new JsonArray()).add("metadata read from the first " + Files.size(file.file())
                                    + " bytes only (the blob store is object storage)"));
                        }
                        return inspection;
                    } finally {
                        if (file.temporary()) {
                            Files.deleteIfExists(file.file());
                        }
                    }
                }, false)
                .timeout(timeout, TimeUnit.MILLISECONDS)
                .recover(err -> {
                    log.warn("metadata extraction failed for {}: {}", digest.hex(), err.toString());
                    JsonObject metadata = new JsonObject().put("warnings",
                            new JsonArray().add("metadata extraction did not finish: " + err.getMessage()));
                    return Future.succeededFuture(new MediaInspector.Inspection(null, metadata));
                });
    }

    /**
     * Removes a blob this request stored when its record could not be committed, unless another
     * record uses it — or the store cannot say this request alone created it (a bucket): a
     * concurrent upload of the same bytes may be registering it now, so its complete, verified
     * object stays, for the orphan report or the next upload of those bytes.
     */
    private <T> Future<T> undoBlob(boolean created, Sha256Digest digest, Throwable cause) {
        if (!created || !blobs.createsExclusively()) {
            return Future.failedFuture(cause);
        }
        return footage.bySha256(digest).otherwiseEmpty().compose(row -> row != null && row.held()
                        ? Future.<Void>succeededFuture()
                        : vertx.<Void>executeBlocking(() -> {
                            blobs.delete(digest);
                            return null;
                        }, false))
                .transform(ar -> Future.failedFuture(cause));
    }

    private <T> Future<T> discard(BlobStore.Incoming received, Throwable cause) {
        return received.discard().transform(ar -> Future.failedFuture(cause));
    }

    /** The recording time the file's own metadata gives, when it is a time this service can store. */
    private static Instant metadataTime(JsonObject metadata) {
        try {
            Instant t = Instant.parse(metadata.getString("recordedAt"));
            return t.isBefore(Inputs.EARLIEST) || t.isAfter(Inputs.LATEST) ? null : t;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
