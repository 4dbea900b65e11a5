package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import org.custodyledger.note.StoredCheckpoint;
import org.custodyledger.report.Period;
import org.custodyledger.report.ReportFold;
import org.custodyledger.report.TransparencyReport;
import org.custodyledger.storage.LedgerStore;
import org.custodyledger.storage.StoredEntry;

/**
 * Feeds a {@link ReportFold} the log's leaves from index 0, a page at a time (never the whole
 * log in memory), folding each page on a worker thread. The next page is read while the worker
 * folds the current one.
 */
public final class ReportFolding {
    static final int PAGE = 4096;
    private final Vertx vertx;
    private final LedgerStore ledger;

    public ReportFolding(Vertx vertx, LedgerStore ledger) {
        this.vertx = vertx;
        this.ledger = ledger;
    }

    /**
     * Folds the leaves [0, upTo) — or until the fold is complete, when {@code untilComplete}
     * (a service's report needs no leaf past its cutoff; a recomputation reads every leaf to the cited size).
     */
    public Future<ReportFold> fold(ReportFold fold, long upTo, boolean untilComplete) {
        return page(fold, 0, upTo, untilComplete, ledger.entriesBetween(0, upTo, PAGE));
    }

    /**
     * A period's report as the service computes it: folded up to the latest checkpoint (stopping
     * at the cutoff, or for a provisional report at {@code countedBefore}, the start of the
     * current UTC day); it cites the earliest checkpoint holding every leaf taken, so later
     * appends change nothing. A quarter's months are folded too, over the same leaves: the
     * quarter's suppression covers what their published reports show.
     */
    public Future<TransparencyReport> report(Period period, boolean closed, int threshold, Instant countedBefore) {
        Instant before = closed ? null : countedBefore;
        return ledger.latestCheckpoint().compose(latest -> {
            if (latest == null) {
                return Future.failedFuture(ServiceException.notFound("the ledger has no checkpoint yet"));
            }
            return folds(period, before, latest.size(), true).compose(folds -> {
                ReportFold fold = folds.get(0);
                Future<StoredCheckpoint> cited = fold.taken() == 0 ? Future.succeededFuture(latest)
                        : ledger.firstCheckpointIncluding(fold.taken() - 1);
                return cited.map(cp -> TransparencyReport.of(fold, folds.subList(1, folds.size()), threshold, closed,
                        new TransparencyReport.Cited(cp.size(), cp.root(), cp.note())));
            });
        });
    }

    /**
     * The fold of a period over the leaves [0, upTo), then those of its months (a quarter's).
     * One pass each, one after the other.
     */
    public Future<List<ReportFold>> folds(Period period, Instant countedBefore, long upTo, boolean untilComplete) {
        List<ReportFold> folds = new java.util.ArrayList<>();
        folds.add(new ReportFold(period, countedBefore));
        period.months().forEach(m -> folds.add(new ReportFold(m, countedBefore)));
        Future<Void> done = Future.succeededFuture();
        for (ReportFold f : folds) {
            done = done.compose(v -> fold(f, upTo, untilComplete).mapEmpty());
        }
        return done.map(v -> folds);
    }

    private Future<ReportFold> page(ReportFold fold, long from, long upTo, boolean untilComplete,
                                    Future<List<StoredEntry>> reading) {
        return reading.compose(entries -> {
            if (entries.isEmpty()) {
                return from >= upTo ? Future.succeededFuture(fold)
                        : Future.failedFuture(new IllegalStateException("the log has no entry " + from + " below its size " + upTo));
            }
            long next = entries.get(entries.size() - 1).index() + 1;
            Future<List<StoredEntry>> ahead = next < upTo ? ledger.entriesBetween(next, upTo, PAGE) : Future.succeededFuture(List.of());
            return vertx.executeBlocking(() -> {
                long expected = from;
                for (StoredEntry e : entries) {
                    if (e.index() != expected++) {
                        throw new IllegalStateException("the log has no entry " + (expected - 1));
                    }
                    fold.accept(e.leaf());
                }
                return fold;
            }, false).compose(f -> untilComplete && f.complete() || next >= upTo ? Future.succeededFuture(f)
                    : page(f, next, upTo, untilComplete, ahead));
        });
    }
}
