package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.custodyledger.custody.CustodyFormatException;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.StoredCheckpoint;
import org.custodyledger.report.LedgerAttestations;
import org.custodyledger.report.Period;
import org.custodyledger.report.PeriodFolds;
import org.custodyledger.report.ReportFold;
import org.custodyledger.report.TransparencyReport;
import org.custodyledger.storage.LedgerAttestationStore;
import org.custodyledger.storage.LedgerStore;
import org.custodyledger.storage.StoredEntry;
import org.custodyledger.witness.CosignatureLines;

/**
 * Feeds {@link PeriodFolds} — one period's fold or several at once — the log's leaves from index
 * 0, a page at a time (never the whole log in memory), folding each page on a worker thread. The
 * next page is read while the worker folds the current one.
 */
public final class ReportFolding {
    static final int PAGE = 4096;
    private final Vertx vertx;
    private final LedgerStore ledger;
    private final LedgerAttestationStore attestations;
    private final AtomicLong passes = new AtomicLong();
    private final int pageSize;

    public ReportFolding(Vertx vertx, LedgerStore ledger, LedgerAttestationStore attestations) {
        this(vertx, ledger, attestations, PAGE);
    }

    /** Reading {@code pageSize} leaves a page (tests: many pages from a small ledger). */
    ReportFolding(Vertx vertx, LedgerStore ledger, LedgerAttestationStore attestations, int pageSize) {
        this.vertx = vertx;
        this.ledger = ledger;
        this.attestations = attestations;
        this.pageSize = pageSize;
    }

    /**
     * Folds the leaves [0, upTo) — or until every fold is complete, when {@code untilComplete}
     * (a service's report needs no leaf past its cutoff; a recomputation reads every leaf to the cited size).
     */
    public Future<PeriodFolds> fold(PeriodFolds folds, long upTo, boolean untilComplete) {
        passes.incrementAndGet();
        return page(folds, 0, upTo, untilComplete, ledger.entriesBetween(0, upTo, pageSize));
    }

    /**
     * A period's report as the service computes it: folded up to the latest checkpoint (stopping
     * at the cutoff, or for a provisional report at {@code countedBefore}, the start of the
     * current UTC day); it cites the earliest checkpoint holding every leaf taken, so later
     * appends change nothing. A quarter's months are folded too, over the same leaves: the
     * quarter's suppression covers what their published reports show.
     */
    public Future<TransparencyReport> report(Period period, boolean closed, int threshold, Instant countedBefore) {
        return reports(Map.of(period, closed), threshold, countedBefore).get(period);
    }

    /**
     * Several periods' reports (each closed or not) from one pass over the leaves, each the same
     * bytes as {@link #report} computes alone: the pass reads to the latest checkpoint, stopping
     * once every period's fold (and every quarter's months') is complete.
     */
    public Map<Period, Future<TransparencyReport>> reports(Map<Period, Boolean> closedByPeriod, int threshold,
                                                           Instant countedBefore) {
        Future<StoredCheckpoint> latest = ledger.latestCheckpoint().compose(cp -> cp != null ? Future.succeededFuture(cp)
                : Future.failedFuture(ServiceException.notFound("the ledger has no checkpoint yet")));
        // A closed period's cutoff is before the start of today, so countedBefore changes none of its folds.
        Future<PeriodFolds> pass = latest.compose(cp -> fold(new PeriodFolds(closedByPeriod.keySet(), countedBefore),
                cp.size(), true));
        Map<Period, Future<TransparencyReport>> out = new LinkedHashMap<>();
        closedByPeriod.forEach((period, closed) -> out.put(period, pass.compose(folds -> {
            ReportFold fold = folds.fold(period);
            Future<StoredCheckpoint> cited = fold.taken() == 0 ? latest : ledger.firstCheckpointIncluding(fold.taken() - 1);
            return cited.compose(cp -> attested(fold.sizeAtPeriodEnd(), cp.size()).map(attested -> folds.report(period,
                    threshold, closed, new TransparencyReport.Cited(cp.size(), cp.root(), cp.note()), attested)));
        })));
        return out;
    }

    /**
     * What attests the ledger at a period's end of {@code sizeAtPeriodEnd} entries, in a report
     * citing checkpoint {@code citedSize}: the witnesses and the earliest token over a tree of at
     * least that size, among those recorded by the time the cited checkpoint was stored — so the
     * service today and a recomputation next year see the same rows.
     */
    public Future<LedgerAttestations> attested(long sizeAtPeriodEnd, long citedSize) {
        Future<List<LedgerAttestations.Witness>> witnesses = attestations.cosignedBy(sizeAtPeriodEnd, citedSize)
                .map(ReportFolding::witnesses);
        Future<LedgerAttestations.Timestamp> token = attestations.earliestTokenBy(sizeAtPeriodEnd, citedSize);
        return Future.all(witnesses, token).map(done -> new LedgerAttestations(witnesses.result(), token.result()));
    }

    private static List<LedgerAttestations.Witness> witnesses(List<LedgerAttestationStore.CosignedNote> notes) {
        List<LedgerAttestations.Cosigned> cosigned = new ArrayList<>();
        for (LedgerAttestationStore.CosignedNote n : notes) {
            try {
                cosigned.add(new LedgerAttestations.Cosigned(n.size(), CosignatureLines.cosigners(n.logNote(), n.cosignedNote())));
            } catch (NoteException e) {
                // Recorded only after its cosignatures verified: a note that no longer parses was changed in the database.
                throw new IllegalStateException("the cosigned checkpoint of size " + n.size() + " does not parse: "
                        + e.getMessage(), e);
            }
        }
        return LedgerAttestations.earliestByName(cosigned);
    }

    /** How many passes over the log this has begun: one per {@link #fold}, however many periods it folds. */
    public long passes() {
        return passes.get();
    }

    /**
     * One page at a time, each step started when the previous one completes. Returning the next
     * page's future from inside the current one's instead chained one nested future per page,
     * each holding its page of leaves until the last completed: at 10M entries (2,442 pages) the
     * whole log stayed in memory (5.9 GB) and the final completion overflowed the stack.
     */
    private Future<PeriodFolds> page(PeriodFolds folds, long from, long upTo, boolean untilComplete,
                                     Future<List<StoredEntry>> reading) {
        Promise<PeriodFolds> done = Promise.promise();
        nextPage(folds, from, upTo, untilComplete, reading, done);
        return done.future();
    }

    /** A page folded: the folds so far, the index after the page, and the next page being read. */
    private record Folded(PeriodFolds folds, long next, Future<List<StoredEntry>> ahead) {
    }

    private void nextPage(PeriodFolds folds, long from, long upTo, boolean untilComplete,
                          Future<List<StoredEntry>> reading, Promise<PeriodFolds> done) {
        reading.compose(entries -> {
            if (entries.isEmpty()) {
                return from >= upTo ? Future.succeededFuture(new Folded(folds, upTo, Future.succeededFuture(List.of())))
                        : Future.failedFuture(new IllegalStateException("the log has no entry " + from + " below its size " + upTo));
            }
            long next = entries.get(entries.size() - 1).index() + 1;
            Future<List<StoredEntry>> ahead = next < upTo ? ledger.entriesBetween(next, upTo, pageSize)
                    : Future.succeededFuture(List.of());
            return vertx.executeBlocking(() -> foldPage(folds, entries, from), false).map(f -> new Folded(f, next, ahead));
        }).onComplete(step -> {
            if (step.failed()) {
                done.fail(step.cause());
            } else if (untilComplete && step.result().folds().complete() || step.result().next() >= upTo) {
                done.complete(step.result().folds());
            } else {
                nextPage(step.result().folds(), step.result().next(), upTo, untilComplete, step.result().ahead(), done);
            }
        });
    }

    private static PeriodFolds foldPage(PeriodFolds folds, List<StoredEntry> entries, long from) throws CustodyFormatException {
        long expected = from;
        for (StoredEntry e : entries) {
            if (e.index() != expected++) {
                throw new IllegalStateException("the log has no entry " + (expected - 1));
            }
            try {
                folds.accept(e.leaf());
            } catch (CustodyFormatException bad) {
                throw new CustodyFormatException("log entry " + e.index() + " is not a custody event a verifier"
                        + " accepts, so no report counts it: " + bad.getMessage(), bad);
            }
        }
        return folds;
    }
}
