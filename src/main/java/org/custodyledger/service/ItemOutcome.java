package org.custodyledger.service;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;
import org.custodyledger.model.AppendedEntry;

/**
 * What one item of a many-footage request came to: the event that recorded it, or why it was
 * refused (the same refusal the single action gives). A refusal of one item never stops the others.
 */
public record ItemOutcome(String footageId, AppendedEntry entry, ServiceException refusal) {
    /** The outcomes of a page of items, and where the next page starts (null: none). */
    public record Batch(List<ItemOutcome> items, String nextCursor) {
    }

    /**
     * Runs {@code action} for every id at once (the sequencer batches their events) and
     * collects each outcome; a failure that is no refusal (the database gone) fails the lot.
     */
    static Future<List<ItemOutcome>> each(List<String> ids, Function<String, Future<AppendedEntry>> action) {
        List<Future<ItemOutcome>> runs = ids.stream().map(id -> action.apply(id)
                .map(entry -> new ItemOutcome(id, entry, null))
                .recover(err -> err instanceof ServiceException refused
                        ? Future.succeededFuture(new ItemOutcome(id, null, refused))
                        : Future.failedFuture(err))).toList();
        return Future.all(runs).map(all -> runs.stream().map(Future::result).toList());
    }
}
