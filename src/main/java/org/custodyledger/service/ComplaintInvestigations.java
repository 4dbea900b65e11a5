package org.custodyledger.service;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.custodyledger.complaint.ComplaintStatus;
import org.custodyledger.complaint.Outcome;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.model.ComplaintFilter;
import org.custodyledger.model.ComplaintRow;
import org.custodyledger.storage.ComplaintStore;
import org.custodyledger.storage.Sequencer;

/**
 * The investigation of complaints, by oversight and admin: list, search and read them;
 * assign an investigator; move the status forward (closing with an outcome). Each change is
 * a signed event naming who made it, written in the transaction that changes the row.
 */
public final class ComplaintInvestigations {
    public static final int MAX_INVESTIGATOR = 256;

    /** A change as made, with the event that records it. */
    public record Change(ComplaintRow complaint, AppendedEntry entry) {
    }

    private final ComplaintStore store;
    private final Sequencer sequencer;
    private final Clock clock;

    public ComplaintInvestigations(ComplaintStore store, Sequencer sequencer, Clock clock) {
        this.store = store;
        this.sequencer = sequencer;
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    public Future<Page<ComplaintRow>> list(ComplaintFilter filter, PageRequest page) {
        return store.list(filter, page.after(), page.limit()).map(rows -> page.page(rows, ComplaintRow::seq));
    }

    public Future<ComplaintRow.WithMatches> read(String id) {
        return load(id).compose(row -> store.matches(id).map(m -> new ComplaintRow.WithMatches(row, m)));
    }

    public Future<Change> assign(String id, String investigator, Actor actor) {
        return load(id).compose(row -> {
            if (ComplaintStatus.fromCode(row.status()) == ComplaintStatus.CLOSED) {
                throw closed(row);
            }
            return append(id, EventType.COMPLAINT_ASSIGNED, actor, Map.of("investigator", investigator),
                    ComplaintStore.assign(id, investigator))
                    .recover(Refusals.asConflict("complaint " + id + " was closed meanwhile"))
                    .compose(entry -> load(id).map(now -> new Change(now, entry)));
        });
    }

    /** Moves the status forward; {@code outcome} is required when closing and refused otherwise. */
    public Future<Change> move(String id, ComplaintStatus to, Outcome outcome, Actor actor) {
        if ((to == ComplaintStatus.CLOSED) != (outcome != null)) {
            return Future.failedFuture(ServiceException.invalid(to == ComplaintStatus.CLOSED
                    ? "closing a complaint needs an outcome, one of " + Outcome.codes()
                    : "an outcome is given only when closing"));
        }
        return load(id).compose(row -> {
            ComplaintStatus from = ComplaintStatus.fromCode(row.status());
            if (!from.canMoveTo(to)) {
                throw ServiceException.conflict("complaint " + id + " is " + from.code() + "; it cannot move to " + to.code()
                        + " (RECEIVED → UNDER_INVESTIGATION → CLOSED, forward only)");
            }
            Instant now = clock.instant();
            Map<String, String> details = new LinkedHashMap<>();
            details.put("from", from.code());
            details.put("to", to.code());
            if (outcome != null) {
                details.put("outcome", outcome.code());
            }
            return append(id, EventType.COMPLAINT_STATUS_CHANGED, actor, details,
                    ComplaintStore.transition(id, from.code(), to.code(), outcome == null ? null : outcome.code(), now))
                    .recover(Refusals.asConflict("complaint " + id + " changed status meanwhile"))
                    .compose(entry -> load(id).map(changed -> new Change(changed, entry)));
        });
    }

    private Future<AppendedEntry> append(String id, EventType type, Actor actor, Map<String, String> details,
                                         Sequencer.Admission admission) {
        return sequencer.append(CustodyEvent.aboutComplaint(id, type, actor.id(), actor.role().claim(), clock.instant(),
                details).withUnit(actor.unit()), admission);
    }

    private Future<ComplaintRow> load(String id) {
        return store.byId(id).map(row -> {
            if (row == null) {
                throw ServiceException.notFound("no complaint " + id);
            }
            return row;
        });
    }

    private static ServiceException closed(ComplaintRow row) {
        return ServiceException.conflict("complaint " + row.id() + " is closed (" + row.outcome() + ")");
    }

    /** Whether an open complaint is past its target date. */
    public static boolean overdue(ComplaintRow row, Instant now) {
        return !"closed".equals(row.status()) && row.dueAt().isBefore(now);
    }
}
