package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.custodyledger.footage.BlobStore;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.model.FootageRow;
import org.custodyledger.storage.FootageStore;
import org.custodyledger.storage.LedgerStore;
import org.custodyledger.note.StoredCheckpoint;
import org.custodyledger.storage.StoredEntry;
import org.custodyledger.verify.EventKeys;
import org.custodyledger.verify.LedgerAudit;
import org.custodyledger.verify.NodeRun;

/**
 * Runs a {@link LedgerAudit} over the stored ledger: entries page by page in index order,
 * each page's leaves and signatures checked in parallel on the worker pool, then folded
 * into the rebuilt tree in order and compared with the stored nodes while the next page is
 * checked; checkpoints, head and (optionally) every held blob at the end. The next page is
 * fetched while the current one is checked. It audits the tree at the head it reads first:
 * entries appended meanwhile are left to the next audit.
 */
public final class AuditService {
    static final int PAGE = 8192;
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final int MAX_DIVERGENCES_KEPT = 100;

    /** What to check beyond the ledger itself. */
    public record Options(boolean signatures, boolean rehashBlobs) {
    }

    /** Progress an observer can read at any time: entries checked so far out of the log's size, blobs likewise. */
    public static final class Progress {
        public final AtomicLong entriesChecked = new AtomicLong();
        public final AtomicLong entriesTotal = new AtomicLong();
        public final AtomicLong blobsChecked = new AtomicLong();
        public final AtomicLong blobsTotal = new AtomicLong();
    }

    private final Vertx vertx;
    private final LedgerStore ledger;
    private final FootageStore footage;
    private final BlobStore blobs;

    /** @param blobs the blob store, or null when blobs cannot be re-hashed from here */
    public AuditService(Vertx vertx, LedgerStore ledger, FootageStore footage, BlobStore blobs) {
        this.vertx = vertx;
        this.ledger = ledger;
        this.footage = footage;
        this.blobs = blobs;
    }

    public Future<LedgerAudit.Summary> run(Options options, Progress progress) {
        if (options.rehashBlobs() && blobs == null) {
            return Future.failedFuture(ServiceException.invalid("blobs can only be re-hashed where the blob store is"));
        }
        // Reads bounded by the starting head (rows below it never change), not one snapshot: that holds back vacuum all audit long.
        return ledger.head().compose(head -> Future.all(ledger.keyHistory(), ledger.checkpointsUpTo(head.size())).compose(start -> {
            // Each entry is checked against the key that was current at its index.
            EventKeys keys = EventKeys.of(start.resultAt(0));
            List<StoredCheckpoint> stored = start.resultAt(1);
            progress.entriesTotal.set(head.size());
            List<StoredCheckpoint> checkpoints = new ArrayList<>(stored.size());
            stored.forEach(c -> checkpoints.add(new StoredCheckpoint(c.size(), c.root(), c.note(), c.keyId())));
            LedgerAudit audit = new LedgerAudit(checkpoints, keys, MAX_DIVERGENCES_KEPT);
            return pages(audit, keys, checkpoints, head.size(), options, progress)
                    .compose(v -> options.rehashBlobs() ? blobPass(audit, progress) : Future.succeededFuture())
                    .compose(v -> ledger.treeRows(head.size()))
                    .map(rows -> {
                        audit.beyondHead(rows.headSize(), rows.entriesBeyondHead(), rows.nodesBeyondHead(),
                                rows.checkpointsBeyondHead());
                        return audit.finish(head.size(), head.root(), rows.nodesInTree());
                    });
        }));
    }

    /**
     * One page at a time, each step started when the previous one completes (a chain of nested
     * futures 100k pages deep would overflow the stack when it finally completes). A page is
     * folded into the tree and its stored nodes compared while the next page is examined; at
     * most one page trails, so memory stays bounded.
     */
    private Future<Void> pages(LedgerAudit audit, EventKeys keys,
                               List<StoredCheckpoint> checkpoints, long size, Options options, Progress progress) {
        Promise<Void> done = Promise.promise();
        Pass pass = new Pass(audit, keys, checkpoints, size, options, progress);
        nextPage(pass, ledger.entriesBetween(0, size, PAGE), Future.succeededFuture(), done);
        return done.future();
    }

    /** What every page of one audit shares; {@code size} is the audited tree's, entries at or past it are not read. */
    private record Pass(LedgerAudit audit, EventKeys keys, List<StoredCheckpoint> checkpoints,
                        long size, Options options, Progress progress) {
    }

    private void nextPage(Pass pass, Future<List<StoredEntry>> page, Future<Void> trailing, Promise<Void> done) {
        LedgerAudit audit = pass.audit;
        Progress progress = pass.progress;
        page.onFailure(done::fail).onSuccess(entries -> {
            if (entries.isEmpty()) {
                trailing.onComplete(done);
                return;
            }
            long next = entries.get(entries.size() - 1).index() + 1;
            // Fetch the next page while this one is checked.
            Future<List<StoredEntry>> prefetch = entries.size() < PAGE ? Future.succeededFuture(List.of())
                    : ledger.entriesBetween(next, pass.size, PAGE);
            long first = entries.get(0).index();
            Future<List<LedgerAudit.OpenedNote>> notes = openNotes(pass, first + 1, next);
            Future<List<LedgerAudit.Examined>> leaves = examine(entries, pass.keys, pass.options.signatures());
            Future.all(notes, leaves)
                    .onFailure(done::fail)
                    .onSuccess(both -> {
                        List<LedgerAudit.Examined> examined = leaves.result();
                        // Folded into the tree in order, after the previous page, while the next is examined.
                        Future<Void> folding = trailing.compose(v -> vertx.executeBlocking(() -> {
                            audit.notesOpened(notes.result());
                            examined.forEach(audit::accept);
                            progress.entriesChecked.addAndGet(entries.size());
                            return audit.drainComputedNodes();
                        }, false)).compose(nodes -> compareNodes(audit, nodes));
                        trailing.onFailure(done::fail).onSuccess(v -> nextPage(pass, prefetch, folding, done));
                    });
        });
    }

    /**
     * Opens, on a worker alongside the page's leaves, the notes of the checkpoints the page
     * reaches: those of size in [fromSize, toSize].
     */
    private Future<List<LedgerAudit.OpenedNote>> openNotes(Pass pass, long fromSize, long toSize) {
        List<StoredCheckpoint> all = pass.checkpoints;
        int lo = firstAtLeast(all, fromSize);
        int hi = firstAtLeast(all, toSize + 1);
        if (lo >= hi) {
            return Future.succeededFuture(List.of());
        }
        List<StoredCheckpoint> reached = all.subList(lo, hi);
        Map<String, NoteVerifier> checkpointKeys = pass.keys.verifiers();
        return vertx.executeBlocking(() -> reached.stream().map(cp -> LedgerAudit.openNote(cp, checkpointKeys)).toList(), false);
    }

    /** The position of the first checkpoint of size at least {@code size} in a list sorted by size. */
    private static int firstAtLeast(List<StoredCheckpoint> sorted, long size) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).size() < size) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Reads back the stored nodes the rebuilt tree just completed (one range per level) and compares them. */
    private Future<Void> compareNodes(LedgerAudit audit, List<NodeRun> runs) {
        List<Future<Void>> compared = new ArrayList<>(runs.size());
        for (NodeRun run : runs) {
            compared.add(ledger.storedNodeRange(run.level(), run.firstIndex(), run.lastIndex())
                    .compose(stored -> vertx.executeBlocking(() -> {
                        audit.compareRun(run, stored.indexes(), stored.hashes());
                        return null;
                    }, false)));
        }
        return Future.all(compared).mapEmpty();
    }

    /** The page's per-leaf work, in slices spread over the worker pool. */
    private Future<List<LedgerAudit.Examined>> examine(List<StoredEntry> entries, EventKeys keys,
                                                       boolean signatures) {
        // Several slices per core, so one slow slice does not leave a core idle at the page's end.
        int per = Math.max(256, (entries.size() + 4 * CORES - 1) / (4 * CORES));
        List<Future<List<LedgerAudit.Examined>>> slices = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += per) {
            List<StoredEntry> slice = entries.subList(from, Math.min(entries.size(), from + per));
            slices.add(vertx.executeBlocking(() -> {
                List<LedgerAudit.Examined> out = new ArrayList<>(slice.size());
                for (StoredEntry e : slice) {
                    out.add(LedgerAudit.examine(e.index(), e.leaf(), e.leafHash(), keys, signatures));
                }
                return out;
            }, false));
        }
        return Future.all(slices).map(all -> {
            List<LedgerAudit.Examined> examined = new ArrayList<>(entries.size());
            slices.forEach(s -> examined.addAll(s.result()));
            return examined;
        });
    }

    /** Re-hashes every held blob, then reports stored files that no held footage accounts for. */
    private Future<Void> blobPass(LedgerAudit audit, Progress progress) {
        Promise<Void> done = Promise.promise();
        Set<String> held = ConcurrentHashMap.newKeySet();
        nextBlobs(audit, progress, 0, held, done);
        return done.future().compose(v -> vertx.executeBlocking(() -> {
            for (String name : blobs.storedNames()) {
                if (!held.contains(name)) {
                    audit.unaccountedBlob(name);
                }
            }
            return null;
        }, false));
    }

    private void nextBlobs(LedgerAudit audit, Progress progress, long afterSeq, Set<String> held,
                           Promise<Void> done) {
        footage.held(afterSeq, 256).compose(rows -> {
            if (rows.isEmpty()) {
                return Future.succeededFuture(-1L);
            }
            progress.blobsTotal.addAndGet(rows.size());
            return vertx.executeBlocking(() -> {
                for (FootageRow row : rows) {
                    held.add(row.sha256().hex());
                    audit.blob(row.id(), row.sha256(), blobs.rehash(row.sha256()));
                    progress.blobsChecked.incrementAndGet();
                }
                return rows.get(rows.size() - 1).seq();
            }, false);
        }).onFailure(done::fail).onSuccess(last -> {
            if (last < 0) {
                done.complete();
            } else {
                nextBlobs(audit, progress, last, held, done);
            }
        });
    }
}
