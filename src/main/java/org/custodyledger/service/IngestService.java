package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.footage.BlobStore;
import org.custodyledger.footage.HashingReceiver;
import org.custodyledger.footage.MediaInspector;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.model.FootageRow;
import org.custodyledger.storage.FootageStore;
import org.custodyledger.storage.LedgerStore;
import org.custodyledger.storage.Sequencer;
import org.custodyledger.storage.StoredEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How footage enters the ledger: streamed and hashed in one pass into the blob store, or
 * registered by hash when it stays in agency storage. The footage row and its REGISTERED
 * event commit in one transaction; the same bytes again add a RESUBMITTED event to the
 * existing record instead of a second copy.
 */
public final class IngestService {
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    /** Limits on what an upload or registration may carry. */
    public record Limits(long maxUploadBytes, int maxFilenameLength, Duration metadataTimeout, Duration idleTimeout) {
    }

    /** An upload's parameters, checked. */
    public record UploadRequest(String filename, String incident, Instant recordedAt, String device, String notes,
                                Sha256Digest claimedDigest, String derivedFrom) {
    }

    /** A hash-only registration, checked. */
    public record HashRegistration(Sha256Digest sha256, long size, String filename, String incident, String mediaType,
                                   Instant recordedAt, JsonObject metadata, String storageLocation) {
    }

    /**
     * The record and the event this request appended; {@code created} is false for a
     * re-submission, and {@code readable} false when the bytes were registered by someone
     * whose record this actor may not read (then only its id and hash may be shown).
     */
    public record Registered(FootageRow footage, AppendedEntry entry, boolean created, boolean readable) {
        Registered(FootageRow footage, AppendedEntry entry, boolean created) {
            this(footage, entry, created, true);
        }
    }

    /** A page of records and the cursor of the next page (null at the end). */
    public record Page(List<FootageRow> items, String nextCursor) {
    }

    public static final int MAX_INCIDENT = 128;
    public static final int MAX_DEVICE = 128;
    public static final int MAX_NOTES = 4000;

    private final Vertx vertx;
    private final BlobStore blobs;
    private final MediaInspector inspector;
    private final FootageStore footage;
    private final LedgerStore ledger;
    private final Sequencer sequencer;
    private final Limits limits;
    private final LedgerMetrics metrics;

    public IngestService(Vertx vertx, BlobStore blobs, MediaInspector inspector, FootageStore footage, LedgerStore ledger,
                         Sequencer sequencer, Limits limits, LedgerMetrics metrics) {
        this.vertx = vertx;
        this.blobs = blobs;
        this.inspector = inspector;
        this.footage = footage;
        this.ledger = ledger;
        this.sequencer = sequencer;
        this.limits = limits;
        this.metrics = metrics;
    }

    public Limits limits() {
        return limits;
    }

    /** Checks an upload's parameters; each failure names its field. */
    public UploadRequest uploadRequest(String filename, String incident, String recordedAt, String device, String notes,
                                       Sha256Digest claimedDigest, String derivedFrom) {
        return new UploadRequest(Inputs.filename(filename, limits.maxFilenameLength()),
                Inputs.text("incident", incident, MAX_INCIDENT), Inputs.time("recordedAt", recordedAt),
                Inputs.text("device", device, MAX_DEVICE), Inputs.text("notes", notes, MAX_NOTES), claimedDigest,
                derivedFrom == null || derivedFrom.isEmpty() ? null : Inputs.footageId("derivedFrom", derivedFrom));
    }

    /**
     * Checks, before any byte is read, that the actor may make this upload: a redacted copy
     * ({@code derivedFrom}) is a reviewer's act on an original that still exists.
     */
    public Future<FootageRow> admitUpload(UploadRequest req, Actor actor) {
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
     * yet. {@code original} is what {@link #admitUpload} answered (null unless a redacted copy);
     * {@code clientGone} fails when the client disconnects.
     */
    public Future<Registered> upload(ReadStream<Buffer> body, Future<Void> clientGone, UploadRequest req,
                                     FootageRow original, Actor actor) {
        Path temp = blobs.newTempFile();
        long started = System.nanoTime();
        return HashingReceiver.receive(vertx, body, temp, new HashingReceiver.Terms(limits.maxUploadBytes(),
                        limits.idleTimeout(), clientGone))
                .recover(err -> Future.failedFuture(BodyFailures.of(err)))
                .compose(received -> {
                    metrics.uploadReceived(received.size());
                    if (received.size() == 0) {
                        return discard(temp, ServiceException.invalid("the body is empty: send the file's bytes"));
                    }
                    if (req.claimedDigest() != null && !req.claimedDigest().equals(received.digest())) {
                        return discard(temp, new ServiceException(ServiceException.Kind.UNPROCESSABLE,
                                "Repr-Digest sha-256 " + req.claimedDigest().base64() + " does not match the received bytes ("
                                        + received.digest().base64() + ", " + received.size() + " bytes): nothing was kept"));
                    }
                    long receivedAt = System.nanoTime();
                    return vertx.executeBlocking(() -> blobs.commit(temp, received.digest()), false)
                            .recover(err -> discard(temp, BodyFailures.storeFailed(err)))
                            .compose(created -> record(received.digest(), received.size(), req, original, actor)
                                    .recover(err -> undoBlob(created, received.digest(), err)))
                            .onSuccess(r -> log.info("stored {} bytes as {}: received, hashed and fsynced in {} ms, recorded in {} ms",
                                    received.size(), r.footage().id(), (receivedAt - started) / 1_000_000,
                                    (System.nanoTime() - receivedAt) / 1_000_000));
                });
    }

    private Future<Registered> record(Sha256Digest digest, long size, UploadRequest req, FootageRow original,
                                      Actor actor) {
        return footage.bySha256(digest).compose(existing -> {
            if (existing != null && original != null) {
                return Future.failedFuture(ServiceException.conflict("these bytes are already registered as "
                        + existing.id() + "; a redacted copy must differ from every registered file"));
            }
            if (existing != null) {
                return resubmit(existing, actor, req.filename(), req.incident(), !existing.held());
            }
            return inspect(blobs.pathOf(digest)).compose(inspection -> {
                JsonObject metadata = inspection.metadata();
                Instant recordedAt = req.recordedAt() != null ? req.recordedAt() : metadataTime(metadata);
                FootageRow row = FootageRow.fresh(newId(), digest, size, inspection.mediaType(), req.filename(),
                        req.incident(), req.device(), req.notes(), recordedAt, actor.id(), Instant.now(), true, null,
                        metadata, original == null ? null : original.id());
                return original == null ? registerNew(row, actor, req.notes(), req.device())
                        : registerRedaction(row, original, actor, req.notes(), req.device());
            });
        });
    }

    /**
     * A redacted copy and its original, linked both ways in one atomic append: the copy's
     * REGISTERED names the original, the original's REDACTED names the copy.
     */
    private Future<Registered> registerRedaction(FootageRow row, FootageRow original, Actor actor, String purpose,
                                                 String where) {
        Map<String, String> registered = registrationDetails(row);
        registered.put("derivedFrom", original.id());
        registered.put("derivedFromSha256", original.sha256().hex());
        CustodyEvent copy = CustodyEvent.of(row.id(), row.sha256(), EventType.REGISTERED, actor.id(), actor.role().claim(),
                row.uploadedAt(), purpose, where, registered);
        Map<String, String> redacted = new LinkedHashMap<>();
        redacted.put("derivative", row.id());
        redacted.put("derivativeSha256", row.sha256().hex());
        CustodyEvent link = CustodyEvent.of(original.id(), original.sha256(), EventType.REDACTED, actor.id(),
                actor.role().claim(), row.uploadedAt(), purpose, where, redacted);
        return sequencer.appendAll(List.of(copy, link), FootageStore.insertIfNew(row))
                .map(entries -> new Registered(row, entries.get(0), true))
                .recover(err -> Future.failedFuture(err instanceof Sequencer.RefusedException
                        ? ServiceException.conflict("these bytes were registered concurrently by another request") : err));
    }

    /** Records footage that stays in agency storage: its hash, size and description only. */
    public Future<Registered> registerHash(HashRegistration reg, Actor actor) {
        // No look-up first: a known hash is refused by the insert's admission and becomes a re-submission.
        FootageRow row = FootageRow.fresh(newId(), reg.sha256(), reg.size(), reg.mediaType(), reg.filename(),
                reg.incident(), null, null, reg.recordedAt(), actor.id(), Instant.now(), false, reg.storageLocation(),
                reg.metadata() == null ? new JsonObject() : reg.metadata(), null);
        return registerNew(row, actor, null, reg.storageLocation());
    }

    /** The record, if the actor may see it: an officer sees only footage they registered. */
    public Future<FootageRow> get(String id, Actor actor) {
        return Visibility.load(footage, id, actor);
    }

    /** The ledger entry that registered the footage. */
    public Future<StoredEntry> registration(String footageId) {
        return ledger.firstEntryOfFootage(footageId);
    }

    /** Search in registration order; an officer's search covers only what they registered. */
    public Future<Page> list(Sha256Digest sha256, String incident, String cursor, int limit, Actor actor) {
        long after;
        try {
            after = cursor == null || cursor.isEmpty() ? 0 : Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            return Future.failedFuture(ServiceException.invalid("cursor is not one this service gave out: '" + cursor + "'"));
        }
        if (limit < 1 || limit > 500) {
            return Future.failedFuture(ServiceException.invalid("limit must be between 1 and 500, got " + limit));
        }
        return footage.list(sha256, incident, actor.is(Role.OFFICER) ? actor.id() : null, after, limit).map(rows -> new Page(rows,
                rows.size() < limit ? null : Long.toString(rows.get(rows.size() - 1).seq())));
    }

    private static Map<String, String> registrationDetails(FootageRow row) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("filename", row.filename());
        details.put("size", Long.toString(row.size()));
        details.put("held", Boolean.toString(row.held()));
        putIfPresent(details, "incident", row.incident());
        putIfPresent(details, "mediaType", row.mediaType());
        putIfPresent(details, "storageLocation", row.storageLocation());
        return details;
    }

    private Future<Registered> registerNew(FootageRow row, Actor actor, String purpose, String where) {
        Map<String, String> details = registrationDetails(row);
        CustodyEvent event = CustodyEvent.of(row.id(), row.sha256(), EventType.REGISTERED, actor.id(), actor.role().claim(),
                row.uploadedAt(), purpose, where, details);
        return sequencer.append(event, FootageStore.insertIfNew(row))
                .map(entry -> new Registered(row, entry, true))
                .recover(err -> {
                    if (err instanceof Sequencer.RefusedException) {
                        // The same bytes were registered concurrently: this request becomes a re-submission.
                        return footage.bySha256(row.sha256())
                                .compose(winner -> resubmit(winner, actor, row.filename(), row.incident(), false));
                    }
                    return Future.failedFuture(err);
                });
    }

    private Future<Registered> resubmit(FootageRow existing, Actor actor, String filename, String incident,
                                        boolean bytesNowHeld) {
        if (existing.disposed()) {
            return Future.failedFuture(ServiceException.conflict("footage " + existing.id() + " with these bytes was disposed at "
                    + CustodyEvent.formatTime(existing.disposedAt()) + "; a disposed record is not revived"));
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("filename", filename);
        putIfPresent(details, "incident", incident);
        if (bytesNowHeld) {
            details.put("held", "true");
        }
        CustodyEvent event = CustodyEvent.of(existing.id(), existing.sha256(), EventType.RESUBMITTED, actor.id(),
                actor.role().claim(), Instant.now(), null, null, details);
        return sequencer.append(event, bytesNowHeld ? FootageStore.markHeld(existing.id()) : null)
                .compose(entry -> footage.byId(existing.id())
                        .map(row -> new Registered(row, entry, false, Visibility.mayRead(row, actor))));
    }

    private Future<MediaInspector.Inspection> inspect(Path file) {
        long timeout = limits.metadataTimeout().toMillis();
        return vertx.executeBlocking(() -> inspector.inspect(file), false)
                .timeout(timeout, TimeUnit.MILLISECONDS)
                .recover(err -> {
                    log.warn("metadata extraction failed for {}: {}", file.getFileName(), err.toString());
                    JsonObject metadata = new JsonObject().put("warnings",
                            new JsonArray().add("metadata extraction did not finish: " + err.getMessage()));
                    return Future.succeededFuture(new MediaInspector.Inspection(null, metadata));
                });
    }

    /** Removes a blob this request stored when its record could not be committed, unless another record uses it. */
    private <T> Future<T> undoBlob(boolean created, Sha256Digest digest, Throwable cause) {
        if (!created) {
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

    private <T> Future<T> discard(Path temp, Throwable cause) {
        return vertx.fileSystem().delete(temp.toString()).transform(ar -> Future.failedFuture(cause));
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

    private static String newId() {
        return "f-" + UUID.randomUUID().toString().replace("-", "");
    }

    private static void putIfPresent(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
