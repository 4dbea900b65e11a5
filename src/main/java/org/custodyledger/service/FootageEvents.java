package org.custodyledger.service;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.model.FootageRow;
import org.custodyledger.storage.Sequencer;

/** Appends custody events about one footage: the server fills in who, when and the footage's hash. */
final class FootageEvents {
    private final Sequencer sequencer;
    private final Clock clock;

    FootageEvents(Sequencer sequencer, Clock clock) {
        this.sequencer = sequencer;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Appends the event once {@code admission} (null: none) admits it, in the same transaction.
     * The edge checks requests first; this holds the ledger's own rule for every caller: an
     * event that needs a purpose is never appended without one.
     */
    Future<AppendedEntry> append(FootageRow row, EventType type, Actor actor, String purpose, String location,
                                 Map<String, String> details, Sequencer.Admission admission) {
        if (EventRules.needsPurpose(type) && (purpose == null || purpose.isBlank())) {
            return Future.failedFuture(EventRules.purposeMissing(type));
        }
        try {
            CustodyEvent event = CustodyEvent.of(row.id(), row.sha256(), type, actor.id(), actor.role().claim(),
                    clock.instant(), purpose, location, details).withUnit(actor.unit());
            return sequencer.append(event, admission);
        } catch (IllegalArgumentException invalid) {
            return Future.failedFuture(invalid);
        }
    }

    /**
     * Appends one event of {@code type} per footage, atomically and in order, once
     * {@code admission} admits them all (a share's SHARED events with the share row).
     */
    Future<List<AppendedEntry>> appendAll(List<FootageRow> rows, EventType type, Actor actor, String purpose,
                                          Function<FootageRow, Map<String, String>> details,
                                          Sequencer.Admission admission) {
        if (EventRules.needsPurpose(type) && (purpose == null || purpose.isBlank())) {
            return Future.failedFuture(EventRules.purposeMissing(type));
        }
        try {
            List<CustodyEvent> list = new ArrayList<>(rows.size());
            for (FootageRow row : rows) {
                list.add(CustodyEvent.of(row.id(), row.sha256(), type, actor.id(), actor.role().claim(), clock.instant(),
                        purpose, null, details.apply(row)).withUnit(actor.unit()));
            }
            return sequencer.appendAll(list, admission);
        } catch (IllegalArgumentException invalid) {
            return Future.failedFuture(invalid);
        }
    }

    /** The most events one atomic {@link #appendAll} may carry. */
    int maxAtomic() {
        return sequencer.maxBatch();
    }

    /** Disposed footage keeps its record and history; acting on it is a 410. */
    static ServiceException gone(FootageRow row) {
        return new ServiceException(ServiceException.Kind.GONE, "footage " + row.id() + " was disposed at "
                + CustodyEvent.formatTime(row.disposedAt()) + "; its record and history remain");
    }
}
