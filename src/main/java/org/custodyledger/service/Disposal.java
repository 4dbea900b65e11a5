package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.footage.BlobStore;
import org.custodyledger.footage.BlobStoreUnavailableException;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.model.FootageRow;
import org.custodyledger.model.LegalHold;
import org.custodyledger.storage.CustodyStore;
import org.custodyledger.storage.FootageStore;
import org.custodyledger.storage.Sequencer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention and disposal: the date before which footage may not be disposed, the disposal
 * itself (refused under an open hold or before that date), and the sweep of blobs an
 * interrupted disposal left behind.
 */
public final class Disposal {
    private static final Logger log = LoggerFactory.getLogger(Disposal.class);
    private final Vertx vertx;
    private final BlobStore blobs;
    private final FootageStore footage;
    private final CustodyStore custody;
    private final FootageEvents events;

    public Disposal(Vertx vertx, BlobStore blobs, FootageStore footage, CustodyStore custody, Sequencer sequencer,
                    Clock clock) {
        this.vertx = vertx;
        this.blobs = blobs;
        this.footage = footage;
        this.custody = custody;
        this.events = new FootageEvents(sequencer, clock);
    }

    /** Sets the date before which the footage may not be disposed; both inputs were checked at the edge. */
    public Future<AppendedEntry> setRetention(String id, Instant until, String purpose, Actor actor) {
        return Visibility.load(footage, id, actor).compose(row -> {
            if (row.disposed()) {
                throw FootageEvents.gone(row);
            }
            return events.append(row, EventType.RETENTION_SET, actor, purpose, null,
                            Map.of("retainUntil", CustodyEvent.formatTime(until)), CustodyStore.setRetention(id, until))
                    .recover(Refusals.asConflict("footage " + id + " was disposed meanwhile"));
        });
    }

    /**
     * Disposes of the footage: refused under an open hold or before its retention date;
     * otherwise records DISPOSED, then deletes the bytes. The record stays as a tombstone and
     * every ledger entry stays, so every proof still verifies.
     */
    public Future<AppendedEntry> dispose(String id, String purpose, Actor actor) {
        Instant now = events.clock().instant();
        return Visibility.load(footage, id, actor).compose(row -> refusalToDispose(row, now).compose(refusal -> {
            if (refusal != null) {
                throw ServiceException.conflict(refusal);
            }
            Map<String, String> details = Map.of("blobDeleted", Boolean.toString(row.held()));
            return events.append(row, EventType.DISPOSED, actor, purpose, null, details, CustodyStore.dispose(id, now))
                    .recover(Refusals.otherwise(() -> footage.byId(id).compose(again -> refusalToDispose(again, now))
                            .compose(reason -> Future.failedFuture(ServiceException.conflict(reason != null ? reason
                                    : "footage " + id + " changed state meanwhile; try again")))))
                    .compose(entry -> row.held() ? deleteBlob(row).map(entry) : Future.succeededFuture(entry));
        }));
    }

    /** Removes blobs whose DISPOSED event committed but whose deletion a crash interrupted. */
    public Future<Integer> sweepDisposedBlobs() {
        return custody.disposedDigests().compose(digests -> vertx.executeBlocking(() -> {
            int removed = 0;
            for (byte[] d : digests) {
                Sha256Digest digest = Sha256Digest.of(d);
                try {
                    if (blobs.delete(digest)) {
                        removed++;
                    }
                } catch (BlobStoreUnavailableException e) {
                    throw e;
                } catch (IOException e) {
                    // Refused for this blob alone (an S3 Object Lock retention not yet over): the next sweep tries again.
                    log.warn("disposed blob {} could not be deleted yet: {}", digest.hex(), e.getMessage());
                }
            }
            return removed;
        }, false));
    }

    private Future<String> refusalToDispose(FootageRow row, Instant now) {
        if (row.disposed()) {
            return Future.succeededFuture("footage " + row.id() + " was already disposed at "
                    + CustodyEvent.formatTime(row.disposedAt()));
        }
        return custody.holds(row.id()).map(holds -> {
            List<String> open = holds.stream().filter(LegalHold::open).map(h -> h.id()
                    + (h.matter() == null ? "" : " (" + h.matter() + ")")).toList();
            if (!open.isEmpty()) {
                return "footage " + row.id() + " is under legal hold " + String.join(", ", open)
                        + "; release every hold before disposal";
            }
            if (row.retainUntil() != null && row.retainUntil().isAfter(now)) {
                return "footage " + row.id() + " must be retained until " + CustodyEvent.formatTime(row.retainUntil());
            }
            return null;
        });
    }

    private Future<Void> deleteBlob(FootageRow row) {
        return vertx.<Void>executeBlocking(() -> {
            blobs.delete(row.sha256());
            return null;
        }, false).recover(err -> {
            // The DISPOSED event stands; the start-up sweep removes what is left.
            log.warn("footage {} is disposed but its blob could not be deleted yet: {}", row.id(), err.toString());
            return Future.succeededFuture();
        });
    }
}
