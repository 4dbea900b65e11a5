package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.footage.BlobStore;
import org.custodyledger.footage.CheckedFileSender;
import org.custodyledger.footage.VerifiedFiles;
import org.custodyledger.storage.AppendedEntry;
import org.custodyledger.storage.FootageRow;
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
    private final Sequencer sequencer;
    private final Clock clock;
    private final VerifiedFiles verified = new VerifiedFiles();
    private final AtomicLong failures = new AtomicLong();

    public ContentIntegrity(Vertx vertx, BlobStore blobs, Sequencer sequencer, Clock clock) {
        this.vertx = vertx;
        this.blobs = blobs;
        this.sequencer = sequencer;
        this.clock = clock;
    }

    /** Sends the whole file, checked; fails with {@link CheckedFileSender.IntegrityException} before its clean end. */
    public Future<Void> sendWhole(FootageRow row, WriteStream<Buffer> out) {
        return CheckedFileSender.send(vertx, blobs.pathOf(row.sha256()), row.sha256(), out)
                .recover(err -> Future.failedFuture(missingAsMismatch(row, err)))
                .compose(v -> vertx.executeBlocking(() -> {
                    verified.markVerified(blobs.pathOf(row.sha256()), row.sha256());
                    return null;
                }, false));
    }

    /** Succeeds when the file may be served in ranges: unchanged since hashed in full, or hashed in full now. */
    public Future<Void> checkBeforeRange(FootageRow row) {
        return vertx.<Void>executeBlocking(() -> {
            var file = blobs.pathOf(row.sha256());
            if (verified.unchangedSinceVerified(file, row.sha256())) {
                return null;
            }
            var now = blobs.rehash(row.sha256());
            if (!row.sha256().equals(now)) {
                verified.forget(row.sha256());
                throw new CheckedFileSender.IntegrityException(row.sha256(), now, -1);
            }
            verified.markVerified(file, row.sha256());
            return null;
        }, false).recover(err -> Future.failedFuture(missingAsMismatch(row, err)));
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
        CustodyEvent event = CustodyEvent.of(row.id(), row.sha256(), EventType.VERIFIED, actor.id(), actor.role().claim(),
                clock.instant(), "integrity check while serving content", null, details);
        return sequencer.append(event)
                .onFailure(err -> log.error("the integrity failure of {} could not be recorded: {}", row.id(), err.toString()));
    }

    /** Integrity failures seen since start-up. */
    public long failures() {
        return failures.get();
    }

    private static Throwable missingAsMismatch(FootageRow row, Throwable err) {
        return err instanceof NoSuchFileException ? new CheckedFileSender.IntegrityException(row.sha256(), null, 0) : err;
    }
}
