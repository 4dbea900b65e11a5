package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.report.RouteGroups;
import org.custodyledger.storage.ReportStore;
import org.custodyledger.storage.Sequencer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts each finished UTC day's refused requests (401/403, from access_failures) into the ledger
 * as one ACCESS_REFUSALS_COUNTED event, so reports count them from ledger events alone. Every
 * instance looks once a minute; the first after midnight appends. The guard against two
 * instances counting one day: the event's admission inserts the day into refusal_counted_days
 * in the event's own transaction, under the log head's lock — the second instance's insert meets
 * the primary key, its admission answers false and its event is withdrawn. (Reports also count
 * only the first event of a day, should one ever get through another way.)
 */
public final class RefusalCounting {
    private static final Logger log = LoggerFactory.getLogger(RefusalCounting.class);
    static final long CHECK_EVERY_MS = 60_000;

    private final Vertx vertx;
    private final ReportStore store;
    private final Sequencer sequencer;
    private final Clock clock;
    /** The last day this instance found nothing left to count, so quiet days are not asked again every minute. */
    private LocalDate checkedThrough;
    private long timer = -1;
    private boolean running;

    public RefusalCounting(Vertx vertx, ReportStore store, Sequencer sequencer, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.sequencer = sequencer;
        this.clock = clock;
    }

    public void start() {
        tick();
        timer = vertx.setPeriodic(CHECK_EVERY_MS, id -> tick());
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void tick() {
        if (running) {
            return;
        }
        running = true;
        countFinishedDays().onComplete(r -> {
            running = false;
            if (r.failed()) {
                log.warn("counting refused requests into the ledger failed (tried again in a minute): {}", r.cause().toString());
            }
        });
    }

    /** Appends an event for every finished day not yet counted that had refusals; answers how many this instance appended. */
    public Future<Integer> countFinishedDays() {
        LocalDate yesterday = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1);
        return Future.all(store.lastCountedDay(), store.firstRefusalDay()).compose(all -> {
            LocalDate last = all.resultAt(0);
            LocalDate first = all.resultAt(1);
            if (first == null) {
                return Future.succeededFuture(0);
            }
            LocalDate from = last == null ? first : last.plusDays(1);
            if (checkedThrough != null && !checkedThrough.isBefore(from)) {
                from = checkedThrough.plusDays(1);
            }
            return countFrom(from, yesterday);
        });
    }

    /**
     * Counts the days from {@code first} through {@code through}, one after another: each day's
     * callback starts the next, so the walk is a loop. A future nested per day (as this was)
     * held every day's future until the last, and completed them all at once on one stack: a
     * ledger upgraded after years of refusals has a thousand uncounted days or more.
     */
    private Future<Integer> countFrom(LocalDate first, LocalDate through) {
        Promise<Integer> done = Promise.promise();
        nextDay(first, through, 0, done);
        return done.future();
    }

    private void nextDay(LocalDate day, LocalDate through, int appended, Promise<Integer> done) {
        if (day.isAfter(through)) {
            checkedThrough = through;
            done.complete(appended);
            return;
        }
        Future<Boolean> counting;
        try {
            counting = countDay(day);
        } catch (RuntimeException e) {
            done.fail(e); // a step that throws ends the walk as a failure; it must never leave it running
            return;
        }
        counting.onComplete(counted -> {
            if (counted.failed()) {
                done.fail(counted.cause());
            } else {
                nextDay(day.plusDays(1), through, appended + (counted.result() ? 1 : 0), done);
            }
        });
    }

    /** Appends the day's event if it had refusals; true if this instance appended it. */
    private Future<Boolean> countDay(LocalDate day) {
        return store.refusals(day).compose(counts -> {
            if (counts.isEmpty()) {
                return Future.succeededFuture(false);
            }
            Map<String, Long> details = new TreeMap<>();
            counts.forEach(c -> {
                details.merge(Integer.toString(c.status()), c.count(), Long::sum);
                details.merge(c.status() + ":" + RouteGroups.of(c.route()), c.count(), Long::sum);
            });
            Map<String, String> text = new TreeMap<>();
            details.forEach((k, v) -> text.put(k, Long.toString(v)));
            CustodyEvent event = CustodyEvent.aboutPeriod(day.toString(), EventType.ACCESS_REFUSALS_COUNTED, "system", "system",
                    clock.instant(), text);
            return sequencer.append(event, ReportStore.countDay(day, clock.instant())).map(e -> true)
                    .recover(err -> err instanceof Sequencer.RefusedException ? Future.succeededFuture(false) // another instance did
                            : Future.failedFuture(err));
        });
    }
}
