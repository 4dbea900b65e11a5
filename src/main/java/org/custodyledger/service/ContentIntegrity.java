package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.custodyledger.custody.EventType;
import org.custodyledger.footage.BlobStore;
import org.custodyledger.footage.BlobStoreUnavailableException;
import org.custodyledger.footage.CheckedFileSender;
import org.custodyledger.footage.VerifiedFiles;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.model.FootageRow;
import org.custodyledger.storage.Sequencer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content is served only as checked bytes: a whole file is hashed while it is sent and its
 * last block withheld unless it matches; a range is served only from a file hashed in full
 * and unchanged since. A mismatch is an alarm (an ERROR line, a count) and a custody fact
 * (a failed {@code VERIFIED} event naming what the file hashes to now).
 */
public final class ContentIntegrity {
    private static final Logger log = LoggerFactory.getLogger(ContentIntegrity.class);
    private final Vertx vertx;
    private final BlobStore blobs;
    private final FootageEvents events;
    /** Long enough for a playback session's ranges; short enough that a file is re-hashed now and then. */
    private final VerifiedFiles verified = new VerifiedFiles(Duration.ofMinutes(10));
    /** One full re-hash per file at a time: a player's burst of range requests waits for the same check. */
    private final Map<Sha256Digest, Future<Void>> checking = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();

    public ContentIntegrity(Vertx vertx, BlobStore blobs, Sequencer sequencer, Clock clock) {
        this.vertx = vertx;
        this.blobs = blobs;
        this.events = new FootageEvents(sequencer, clock);
    }

    /** Sends the whole file, checked; fails with {@link CheckedFileSender.IntegrityException} before its clean end. */
    public Future<Void> sendWhole(FootageRow row, WriteStream<Buffer> out) {
        Sha256Digest digest = row.sha256();
        return vertx.executeBlocking(() -> blobs.fingerprint(digest), false)
                .compose(before -> CheckedFileSender.send(vertx, () -> blobs.open(digest, 0, -1), digest, row.size(), out)
                        .compose(v -> vertx.<Void>executeBlocking(() -> {
                            verified.markVerified(digest, before, blobs.fingerprint(digest));
                            return null;
                        }, false)))
                .recover(err -> failed(row, err));
    }

    /**
     * The footage's file on this machine's disk, when the store is a folder: the edge then sends the
     * range without copying it through the JVM. Empty for a bucket (see {@link #streamRange}).
     */
    public Optional<Path> localFile(FootageRow row) {
        return blobs.localFile(row.sha256());
    }

    /** Streams one range of a file {@link #checkBeforeRange checked} before, from S3 as a ranged GET as the client reads. */
    public Future<Void> streamRange(FootageRow row, long first, long length, WriteStream<Buffer> out) {
        return CheckedFileSender.sendRange(vertx, () -> blobs.open(row.sha256(), first, length), length, out)
                .recover(err -> failed(row, err));
    }

    /** Succeeds when the file may be served in ranges: unchanged since hashed in full, or hashed in full now. */
    public Future<Void> checkBeforeRange(FootageRow row) {
        return checking.computeIfAbsent(row.sha256(), digest -> vertx.<Void>executeBlocking(() -> {
                    VerifiedFiles.Fingerprint before = blobs.fingerprint(digest);
                    if (verified.unchangedSinceVerified(digest, before)) {
                        return null;
                    }
                    Sha256Digest now = blobs.rehash(digest);
                    if (!digest.equals(now)) {
                        throw new CheckedFileSender.IntegrityException(digest, now, -1);
                    }
                    verified.markVerified(digest, before, blobs.fingerprint(digest));
                    return null;
                }, false).onComplete(ar -> checking.remove(digest)))
                .recover(err -> failed(row, err));
    }

    /** Raises the alarm and records the failure as a VERIFIED event by the actor being served. */
    public Future<AppendedEntry> recordFailure(FootageRow row, Actor actor, CheckedFileSender.IntegrityException failure) {
        failures.incrementAndGet();
        log.error("INTEGRITY ALARM: footage {}: {}; the transfer was cut", row.id(), failure.getMessage());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("outcome", "failed");
        details.put("failed", "file-hash");
        details.put("detectedBy", "content-api");
        details.put("actualSha256", failure.actual() == null ? "missing" : failure.actual().hex());
        return events.append(row, EventType.VERIFIED, actor, "integrity check while serving content", null, details, null)
                .onFailure(err -> log.error("the integrity failure of {} could not be recorded: {}", row.id(), err.toString()));
    }

    /** Integrity failures seen since start-up. */
    public long failures() {
        return failures.get();
    }

    /**
     * A mismatch (or a missing file, which is one) is forgotten as verified and reported as such;
     * a store that cannot be reached is a 503, not an integrity failure.
     */
    private <T> Future<T> failed(FootageRow row, Throwable err) {
        if (err instanceof BlobStoreUnavailableException) {
            return Future.failedFuture(BodyFailures.unavailable(err, "the content of " + row.id() + " was not served"));
        }
        Throwable cause = err instanceof NoSuchFileException ? new CheckedFileSender.IntegrityException(row.sha256(), null, 0)
                : err;
        if (cause instanceof CheckedFileSender.IntegrityException) {
            verified.forget(row.sha256());
        }
        return Future.failedFuture(cause);
    }
}
