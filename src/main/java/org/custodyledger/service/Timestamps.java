package org.custodyledger.service;

import io.vertx.core.Future;
import java.util.List;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.storage.LedgerStore;
import org.custodyledger.model.StoredTimestamp;
import org.custodyledger.storage.TimestampStore;
import org.custodyledger.verify.EvidenceEvent;
import org.custodyledger.verify.FootageEvidence;
import org.custodyledger.verify.TimestampEvidence;

/** The RFC 3161 tokens kept over checkpoints, as the public endpoints and evidence bundles give them. */
public final class Timestamps {
    private final TimestampStore store;

    public Timestamps(TimestampStore store) {
        this.store = store;
    }

    /** The token over the largest tree; not found before the first. */
    public Future<StoredTimestamp> latest() {
        return store.latest().map(stamp -> {
            if (stamp == null) {
                throw ServiceException.notFound("the log has no timestamp yet (serve --tsa-url asks for them)");
            }
            return stamp;
        });
    }

    /** The earliest token whose tree has at least {@code treeSize} entries, so covers entry {@code treeSize - 1}. */
    public Future<StoredTimestamp> covering(long treeSize) {
        if (treeSize < 1) {
            return Future.failedFuture(ServiceException.invalid("treeSize must be at least 1, got " + treeSize));
        }
        return store.earliestCovering(treeSize, Long.MAX_VALUE).map(stamp -> {
            if (stamp == null) {
                throw ServiceException.notFound("no timestamp covers a tree of size " + treeSize + " yet");
            }
            return stamp;
        });
    }

    /**
     * The timestamp an evidence bundle carries, or null: among tokens over trees no larger than
     * the bundle's checkpoint (the export's own event is seldom stamped yet), the earliest one that
     * covers the latest of the bundle's events any token covers, with the consistency proof from
     * its tree to the bundle's, read from {@code ledger} (the bundle's snapshot or pool).
     */
    Future<TimestampEvidence> forBundle(FootageEvidence evidence, long bundleSize, LedgerStore ledger) {
        return store.largestStampedAtMost(bundleSize).compose(largest -> {
            if (largest == null) {
                return Future.succeededFuture();
            }
            long lastCovered = evidence.events().stream().mapToLong(EvidenceEvent::index).filter(i -> i < largest)
                    .max().orElse(-1);
            if (lastCovered < 0) {
                return Future.succeededFuture(); // every event came after the newest token
            }
            return store.earliestCovering(lastCovered + 1, bundleSize).compose(stamp -> {
                Future<List<byte[]>> proof = stamp.treeSize() == bundleSize ? Future.succeededFuture(List.of())
                        : ledger.consistencyProof(stamp.treeSize(), bundleSize);
                return proof.map(p -> new TimestampEvidence(stamp.treeSize(), stamp.checkpoint(), stamp.token(),
                        CustodyEvent.formatTime(stamp.genTime()), stamp.tsa(), p));
            });
        });
    }
}
