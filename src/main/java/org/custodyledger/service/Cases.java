package org.custodyledger.service;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.custodyledger.custody.EventType;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.model.CaseRecord;
import org.custodyledger.model.FootageRow;
import org.custodyledger.storage.CaseStore;
import org.custodyledger.storage.FootageStore;
import org.custodyledger.storage.Sequencer;

/**
 * Cases: footage grouped under a case number. The case itself is a name (no event); each
 * footage joining or leaving is a CASE_ADDED or CASE_REMOVED event about that footage,
 * committed with its membership row.
 */
public final class Cases {
    public static final int MAX_TITLE = 256;
    /** Most footage of an incident added by one request; the answer's cursor continues. */
    public static final int MAX_PER_REQUEST = 200;
    private static final String NUMBER = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    /** A new case, and what adding its incident's footage came to (null without an incident). */
    public record Created(CaseRecord record, ItemOutcome.Batch added) {
    }

    private final FootageStore footage;
    private final CaseStore cases;
    private final FootageEvents events;

    public Cases(FootageStore footage, CaseStore cases, Sequencer sequencer, Clock clock) {
        this.footage = footage;
        this.cases = cases;
        this.events = new FootageEvents(sequencer, clock);
    }

    /** A case number as people write them: letters, digits and . _ - (e.g. 2026-CR-1182), at most 64; no '/', it sits in paths. */
    public static String number(String field, String value) {
        String v = Inputs.requiredText(field, value, 64);
        if (!v.matches(NUMBER)) {
            throw ServiceException.invalid(field + " must be letters, digits, '.', '_' or '-' (starting with a"
                    + " letter or digit), at most 64, like 2026-CR-1182; got '" + Inputs.abbreviate(v) + "'");
        }
        return v;
    }

    /** Opens a case; with an incident, adds its footage (the first {@link #MAX_PER_REQUEST}; the cursor goes on). */
    public Future<Created> create(String number, String title, String incident, String reason, Actor actor) {
        CaseRecord record = new CaseRecord(number, 0, title, incident, actor.id(), events.clock().instant());
        return cases.create(record).compose(created -> {
            if (!created) {
                throw ServiceException.conflict("case number " + number + " is taken (case numbers are compared"
                        + " ignoring letter case)");
            }
            if (incident == null) {
                return Future.succeededFuture(new Created(record, null));
            }
            String why = reason != null ? reason : "case " + number + " opened from incident " + incident;
            return addIncident(number, incident, new PageRequest(PageRequest.FIRST, MAX_PER_REQUEST), why, actor)
                    .map(batch -> new Created(record, batch));
        });
    }

    public Future<CaseRecord> get(String number) {
        return cases.byNumber(number).map(c -> {
            if (c == null) {
                throw ServiceException.notFound("no case " + number);
            }
            return c;
        });
    }

    /** Cases in the order they were opened, optionally those whose number or title starts with {@code q}. */
    public Future<Page<CaseRecord>> list(String q, PageRequest page) {
        return cases.list(q, page.after(), page.limit()).map(list -> page.page(list, CaseRecord::seq));
    }

    /** The case's current footage, in registration order. */
    public Future<Page<FootageRow>> members(String number, PageRequest page) {
        return get(number).compose(c -> FootageSelection.page(footage, null, number, page));
    }

    public Future<AppendedEntry> add(String number, String footageId, String reason, Actor actor) {
        return get(number).compose(c -> addOne(number, footageId, reason, actor));
    }

    /** Adds a page of an incident's footage; each its own event, or its own refusal. */
    public Future<ItemOutcome.Batch> addIncident(String number, String incident, PageRequest page, String reason,
                                                 Actor actor) {
        return get(number).compose(c -> FootageSelection.page(footage, incident, null, page))
                .compose(rows -> ItemOutcome.each(rows.items().stream().map(FootageRow::id).toList(),
                                id -> addOne(number, id, reason, actor))
                        .map(items -> new ItemOutcome.Batch(items, rows.nextCursor())));
    }

    public Future<AppendedEntry> remove(String number, String footageId, String reason, Actor actor) {
        return get(number).compose(c -> Visibility.load(footage, footageId, actor)).compose(row -> {
            Instant now = events.clock().instant();
            return events.append(row, EventType.CASE_REMOVED, actor, reason, null, Map.of("case", number),
                            CaseStore.removeMember(number, row.id(), actor.id(), now, reason))
                    .recover(Refusals.asConflict("footage " + row.id() + " is not in case " + number));
        });
    }

    private Future<AppendedEntry> addOne(String number, String footageId, String reason, Actor actor) {
        return Visibility.load(footage, footageId, actor).compose(row -> {
            if (row.disposed()) {
                throw FootageEvents.gone(row);
            }
            Instant now = events.clock().instant();
            return events.append(row, EventType.CASE_ADDED, actor, reason, null, Map.of("case", number),
                            CaseStore.addMember(number, row.id(), actor.id(), now, reason))
                    .recover(Refusals.asConflict("footage " + row.id() + " is already in case " + number
                            + " (or was disposed meanwhile)"));
        });
    }
}
