package org.custodyledger.service;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;
import org.custodyledger.model.AppendedEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one item of a many-footage request came to: the event that recorded it, why it was
 * refused (the same refusal the single action gives), or — {@code error} — that it failed for
 * a reason of ours (the database gone mid-request): never a reason to hide what the others did.
 */
public record ItemOutcome(String footageId, AppendedEntry entry, ServiceException refusal, boolean error) {
    private static final Logger log = LoggerFactory.getLogger(ItemOutcome.class);

    /** The outcomes of a page of items, and where the next page starts (null: none). */
    public record Batch(List<ItemOutcome> items, String nextCursor) {
    }

    /**
     * Runs {@code action} for every id at once (the sequencer batches their events) and
     * collects each outcome. Other items may have committed when one fails for no refusal, so
     * that one becomes an {@code error} outcome (503, try it again) and the answer stands.
     */
    static Future<List<ItemOutcome>> each(List<String> ids, Function<String, Future<AppendedEntry>> action) {
        List<Future<ItemOutcome>> runs = ids.stream().map(id -> action.apply(id)
                .map(entry -> new ItemOutcome(id, entry, null, false))
                .recover(err -> Future.succeededFuture(outcome(id, err)))).toList();
        return Future.all(runs).map(all -> runs.stream().map(Future::result).toList());
    }

    private static ItemOutcome outcome(String id, Throwable err) {
        ServiceException refused = err instanceof ServiceException se ? se : AppendFailures.asServiceException(err);
        if (refused != null) {
            return new ItemOutcome(id, null, refused, false);
        }
        log.warn("an item of a many-footage request ({}) failed: {}", id, err.toString(), err);
        return new ItemOutcome(id, null, new ServiceException(ServiceException.Kind.UNAVAILABLE,
                "this item could not be done now (" + (DatabaseFailures.lost(err) ? "the database is unavailable"
                        : "an internal failure") + "); the others' outcomes stand: try this one again", err), true);
    }
}
