package org.custodyledger.service;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.CustodyFormatException;
import org.custodyledger.custody.EventType;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.report.Period;
import org.custodyledger.report.TransparencyReport;
import org.custodyledger.storage.LedgerStore;
import org.custodyledger.model.PublishedReport;
import org.custodyledger.storage.ReportStore;
import org.custodyledger.storage.Sequencer;

/**
 * Public transparency reports (issue 19, docs/FORMATS.md §11): computed from the ledger's leaves
 * alone, bound to a signed checkpoint. A closed period's report cites the earliest checkpoint
 * that holds every leaf its fold took, so it is the same on every request (and cached); the
 * current period's is provisional: it counts the events before the start of the current UTC day
 * only (so its figures change at most once a day), recomputed at most once a minute.
 * Publishing a closed period appends REPORT_PUBLISHED with the report's SHA-256 and keeps its bytes.
 */
public final class TransparencyReports {
    static final Duration PROVISIONAL_TTL = Duration.ofSeconds(60);
    /** The most periods one pass folds: the dashboard's trends show the last 8 quarters. */
    static final int ONE_PASS = 8;

    /** A report's bytes and whether they are final; {@code published} when served as published. */
    public record Report(Period period, byte[] json, boolean closed, PublishedReport published) {
    }

    /** A period the list offers, with its publication if any. */
    public record Listed(Period period, boolean closed, PublishedReport published) {
    }

    private record Cached(Future<TransparencyReport> report, Instant computedAt) {
    }

    private final ReportFolding folding;
    private final LedgerStore ledger;
    private final ReportStore store;
    private final Sequencer sequencer;
    private final Clock clock;
    private final int threshold;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile Instant firstEventTime;

    public TransparencyReports(ReportFolding folding, LedgerStore ledger, ReportStore store, Sequencer sequencer,
                               Clock clock, int threshold) {
        this.folding = folding;
        this.ledger = ledger;
        this.store = store;
        this.sequencer = sequencer;
        this.clock = clock;
        this.threshold = threshold;
    }

    public int threshold() {
        return threshold;
    }

    /** Quarters then months, newest first, from the period of the ledger's first event to now. */
    public Future<List<Listed>> list() {
        Instant now = clock.instant();
        return Future.all(firstEventTime(), store.published()).map(all -> {
            Instant first = all.resultAt(0);
            List<PublishedReport> published = all.resultAt(1);
            List<Listed> out = new ArrayList<>();
            if (first == null) {
                return out;
            }
            for (Period p : Period.between(first, now)) {
                PublishedReport pub = published.stream().filter(x -> x.period().equals(p.id())).findFirst().orElse(null);
                out.add(new Listed(p, p.closedAt(now), pub));
            }
            return out;
        });
    }

    /** The report of a period: as published if it was, else computed (cached). */
    public Future<Report> report(String periodId) {
        Period period;
        try {
            period = Period.parse(periodId);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(ServiceException.invalid(e.getMessage()));
        }
        return known(period)
                .compose(v -> store.published(period.id()))
                .compose(pub -> {
                    if (pub != null) {
                        return Future.succeededFuture(new Report(period, pub.report(), true, pub));
                    }
                    boolean closed = period.closedAt(clock.instant());
                    return computed(period, closed).map(r -> new Report(period, r.json(), closed, null));
                });
    }

    /** Refuses a period that has not begun, or ended before the ledger's first event. */
    private Future<Void> known(Period period) {
        Instant now = clock.instant();
        if (period.start().isAfter(now)) {
            return Future.failedFuture(ServiceException.notFound("period " + period.id() + " has not begun"));
        }
        return firstEventTime().compose(first -> first == null || !period.end().isAfter(first)
                ? Future.failedFuture(ServiceException.notFound("no report for " + period.id()
                        + ": the ledger's first event is later" + (first == null ? " (the ledger is empty)" : "")))
                : Future.succeededFuture());
    }

    /**
     * The report as computed now: a closed period's once, the current one's at most every minute.
     * A miss folds, in the same pass over the log, the newest periods of its kind not cached (up
     * to {@link #ONE_PASS}): the dashboard asks for the last quarters together, and each would
     * otherwise read the whole log again.
     */
    private Future<TransparencyReport> computed(Period period, boolean closed) {
        Instant now = clock.instant();
        Cached hit = cache.get(cacheKey(period, closed));
        if (hit != null && fresh(hit, closed, now)) {
            return hit.report();
        }
        Map<Period, Boolean> wanted = new LinkedHashMap<>();
        wanted.put(period, closed);
        for (Period p : firstEventTime == null ? List.<Period>of() : Period.between(firstEventTime, now)) {
            Cached c = cache.get(cacheKey(p, p.closedAt(now)));
            if (wanted.size() < ONE_PASS && p.kind() == period.kind() && (c == null || !fresh(c, p.closedAt(now), now))) {
                wanted.putIfAbsent(p, p.closedAt(now));
            }
        }
        Map<Period, Future<TransparencyReport>> computed = folding.reports(wanted, threshold, TransparencyReport.startOfDay(now));
        computed.forEach((p, report) -> {
            String key = cacheKey(p, wanted.get(p));
            cache.put(key, new Cached(report, now));
            report.onFailure(err -> cache.remove(key));
        });
        return computed.get(period);
    }

    private static String cacheKey(Period period, boolean closed) {
        return period.id() + (closed ? "" : "~provisional");
    }

    private static boolean fresh(Cached c, boolean closed, Instant now) {
        return closed || Duration.between(c.computedAt(), now).compareTo(PROVISIONAL_TTL) < 0;
    }

    /** Publishes a closed period's report: REPORT_PUBLISHED with its SHA-256, the bytes kept with it. */
    public Future<PublishedReport> publish(String periodId, Actor actor) {
        Period period;
        try {
            period = Period.parse(periodId);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(ServiceException.invalid(e.getMessage()));
        }
        Instant now = clock.instant();
        if (!period.closedAt(now)) {
            return Future.failedFuture(ServiceException.conflict("period " + period.id() + " is not closed: its report"
                    + " may still change until " + CustodyEvent.formatTime(period.cutoff())
                    + " (the end plus a day for the last day's refusals)"));
        }
        return known(period)
                .compose(v -> store.published(period.id()))
                .compose(existing -> existing != null ? Future.failedFuture(alreadyPublished(existing))
                        : computed(period, true))
                .compose(report -> {
                    byte[] json = report.json();
                    long checkpointSize = ((Number) ((Map<?, ?>) report.tree().get("checkpoint")).get("size")).longValue();
                    PublishedReport row = new PublishedReport(period.id(), json, report.sha256Hex(),
                            checkpointSize, actor.id(), now, null);
                    CustodyEvent event = CustodyEvent.aboutPeriod(period.id(), EventType.REPORT_PUBLISHED, actor.id(),
                            actor.role().claim(), now, Map.of("reportSha256", row.sha256(),
                                    "checkpointSize", Long.toString(checkpointSize))).withUnit(actor.unit());
                    return sequencer.append(event, ReportStore.publish(row))
                            .map(entry -> new PublishedReport(row.period(), json, row.sha256(), checkpointSize,
                                    actor.id(), now, entry.index()))
                            .recover(err -> err instanceof Sequencer.RefusedException
                                    ? store.published(period.id()).compose(first -> Future.failedFuture(alreadyPublished(first)))
                                    : Future.failedFuture(err));
                });
    }

    private static ServiceException alreadyPublished(PublishedReport first) {
        return ServiceException.conflict("the report of " + first.period() + " was already published at "
                + CustodyEvent.formatTime(first.publishedAt()) + " (ledger index " + first.index() + ", sha256 "
                + first.sha256() + "); a period is published once");
    }

    /** The time of the ledger's first event (null while the ledger is empty): fixed once known. */
    private Future<Instant> firstEventTime() {
        if (firstEventTime != null) {
            return Future.succeededFuture(firstEventTime);
        }
        return ledger.head().compose(head -> head.size() == 0 ? Future.succeededFuture((Instant) null)
                : ledger.entry(0).map(e -> {
                    try {
                        firstEventTime = SignedEvent.parseLeaf(e.leaf()).event().time();
                        return firstEventTime;
                    } catch (CustodyFormatException bad) {
                        throw new IllegalStateException("entry 0 is not a custody event: " + bad.getMessage(), bad);
                    }
                }));
    }
}
