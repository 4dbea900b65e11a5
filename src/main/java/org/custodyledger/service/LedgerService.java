package org.custodyledger.service;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.note.KeyPeriod;
import org.custodyledger.storage.LedgerStore;
import org.custodyledger.storage.StoredEntry;

/** The public face of the log: checkpoints, keys, proofs and entries, with their inputs checked against the head. */
public final class LedgerService {
    /** An inclusion proof as the ledger endpoints serve it (src/main/resources/api/openapi.json). */
    public record InclusionProof(long index, long treeSize, byte[] leafHash, List<byte[]> hashes) {
    }

    /** A consistency proof as the ledger endpoints serve it (src/main/resources/api/openapi.json). */
    public record ConsistencyProof(long from, long to, List<byte[]> hashes) {
    }

    /** An entry: its leaf bytes as stored, and its parsed event. */
    public record Entry(long index, byte[] leaf, byte[] leafHash, SignedEvent event) {
    }

    private final LedgerStore store;
    private final String currentKeyId;
    private final Cosigning cosigning;
    /** The largest head size read so far: the head only grows, so any tree up to it exists without asking again. */
    private final AtomicLong headSeen = new AtomicLong();

    public LedgerService(LedgerStore store, String currentKeyId) {
        this(store, currentKeyId, null);
    }

    /** With {@code cosigning} (null: no witness policy), the checkpoint served is the newest cosigned one. */
    public LedgerService(LedgerStore store, String currentKeyId, Cosigning cosigning) {
        this.store = store;
        this.currentKeyId = currentKeyId;
        this.cosigning = cosigning;
    }

    /**
     * The checkpoint to publish, byte-exact: without a witness policy the latest signed
     * checkpoint; with one, the newest whose cosignatures meet the quorum, its cosignature lines
     * appended (recorded in the database, so never a smaller tree than served before, by this or
     * another instance), and until the first quorum the latest signed checkpoint, so the log is
     * usable from the start. With {@code quorum none}, the latest signed checkpoint.
     */
    public Future<String> latestCheckpoint() {
        if (cosigning == null || !cosigning.servesCosigned()) {
            return latestSigned();
        }
        return cosigning.served().compose(cosigned -> cosigned != null ? Future.succeededFuture(cosigned.note()) : latestSigned());
    }

    private Future<String> latestSigned() {
        return store.latestCheckpoint().map(cp -> {
            if (cp == null) {
                throw new ServiceException(ServiceException.Kind.UNAVAILABLE, "the log has no checkpoint yet");
            }
            return cp.note();
        });
    }

    /** The witnesses' states (null without a witness policy). */
    public Future<Cosigning.Overview> witnesses() {
        return cosigning == null ? Future.succeededFuture() : cosigning.served().map(cosigning::overview);
    }

    public Future<List<String>> verifierKeys() {
        return store.verifierKeys(currentKeyId);
    }

    /** Every key that became current, with the log indexes it signed ({@link KeyHistoryJson}). */
    public Future<List<KeyPeriod>> keyHistory() {
        return store.keyHistory();
    }

    /** The signed key handovers of {@code history} ({@link KeyHandoverNotes}). */
    public Future<List<String>> keyHandovers(List<KeyPeriod> history) {
        return KeyHandoverNotes.of(store, history);
    }

    public Future<InclusionProof> inclusionProof(long index, long treeSize) {
        if (index < 0 || treeSize < 1) {
            return Future.failedFuture(ServiceException.invalid("index must be ≥ 0 and treeSize ≥ 1, got index "
                    + index + ", treeSize " + treeSize));
        }
        if (index >= treeSize) {
            return Future.failedFuture(ServiceException.invalid("index is beyond treeSize: " + index + " >= " + treeSize));
        }
        return treeExists(treeSize).compose(v -> store.inclusionPath(index, treeSize)).map(path -> {
            if (path == null) {
                throw new IllegalStateException("log entry " + index + " is missing from a tree of " + treeSize);
            }
            return new InclusionProof(index, treeSize, path.leafHash(), path.hashes());
        });
    }

    /** Succeeds if the log has a tree of {@code size}: from the largest head seen, reading the head only beyond it. */
    private Future<Void> treeExists(long size) {
        if (size <= headSeen.get()) {
            return Future.succeededFuture();
        }
        return store.head().map(head -> {
            headSeen.accumulateAndGet(head.size(), Math::max);
            if (size > head.size()) {
                throw ServiceException.notFound("the log has no tree of size " + size + " yet (size is " + head.size() + ")");
            }
            return null;
        });
    }

    public Future<ConsistencyProof> consistencyProof(long from, long to) {
        if (from < 1 || to < from) {
            return Future.failedFuture(ServiceException.invalid("want 1 ≤ from ≤ to, got from " + from + ", to " + to));
        }
        return treeExists(to).compose(v -> store.consistencyProof(from, to))
                .map(hashes -> new ConsistencyProof(from, to, hashes));
    }

    public Future<Entry> entry(long index) {
        if (index < 0) {
            return Future.failedFuture(ServiceException.invalid("index must not be negative: " + index));
        }
        return store.entry(index).map(stored -> {
            if (stored == null) {
                throw ServiceException.notFound("no log entry at index " + index);
            }
            return new Entry(stored.index(), stored.leaf(), stored.leafHash(), HistoryItem.eventOf(stored));
        });
    }
}
