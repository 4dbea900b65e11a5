package org.custodyledger.service;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.model.FootageRow;
import org.custodyledger.storage.CaseStore;
import org.custodyledger.storage.FootageStore;

/**
 * An admin's holds, retention and disposal for all footage of an incident or a case, a
 * bounded page per request: each item goes through the single action's own code (so its own
 * event, or its own refusal — a disposal under a hold names the hold and its matter).
 */
public final class BulkActions {
    /** Most footage one request acts on; the answer's cursor continues with the next page. */
    public static final int MAX_PER_REQUEST = 200;

    /** Which footage: exactly one of incident and case, and the page. */
    public record Selection(String incident, String caseNumber, PageRequest page) {
    }

    private final FootageStore footage;
    private final CaseStore cases;
    private final LegalHolds holds;
    private final Disposal disposal;

    public BulkActions(FootageStore footage, CaseStore cases, LegalHolds holds, Disposal disposal) {
        this.footage = footage;
        this.cases = cases;
        this.holds = holds;
        this.disposal = disposal;
    }

    public Future<ItemOutcome.Batch> hold(Selection sel, String reason, String matter, Actor actor) {
        return each(sel, id -> holds.place(id, reason, matter, actor).map(LegalHolds.HoldChange::entry));
    }

    public Future<ItemOutcome.Batch> retention(Selection sel, Instant until, String purpose, Actor actor) {
        return each(sel, id -> disposal.setRetention(id, until, purpose, actor));
    }

    public Future<ItemOutcome.Batch> dispose(Selection sel, String purpose, Actor actor) {
        return each(sel, id -> disposal.dispose(id, purpose, actor));
    }

    private Future<ItemOutcome.Batch> each(Selection sel, Function<String, Future<AppendedEntry>> action) {
        Future<Void> exists = sel.caseNumber() == null ? Future.succeededFuture()
                : cases.byNumber(sel.caseNumber()).map(c -> {
                    if (c == null) {
                        throw ServiceException.notFound("no case " + sel.caseNumber());
                    }
                    return null;
                });
        return exists.compose(v -> FootageSelection.page(footage, sel.incident(), sel.caseNumber(), sel.page()))
                .compose(page -> {
                    List<String> ids = page.items().stream().map(FootageRow::id).toList();
                    return ItemOutcome.each(ids, action).map(items -> new ItemOutcome.Batch(items, page.nextCursor()));
                });
    }
}
