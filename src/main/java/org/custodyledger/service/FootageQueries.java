package org.custodyledger.service;

import io.vertx.core.Future;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.model.FootageFilter;
import org.custodyledger.model.FootageRow;
import org.custodyledger.storage.FootageStore;
import org.custodyledger.storage.LedgerStore;

/** Reading footage records: one by id, its registration entry, and searches in registration order. */
public final class FootageQueries {
    /** Where the REGISTERED event of a footage sits in the log. */
    public record Registration(long index, byte[] leafHash) {
    }

    private final FootageStore footage;
    private final LedgerStore ledger;

    public FootageQueries(FootageStore footage, LedgerStore ledger) {
        this.footage = footage;
        this.ledger = ledger;
    }

    /** The record, if the actor may see it: an officer sees only footage they registered. */
    public Future<FootageRow> get(String id, Actor actor) {
        return Visibility.load(footage, id, actor);
    }

    /** The ledger entry that registered the footage. */
    public Future<Registration> registration(String footageId) {
        return ledger.firstEntryOfFootage(footageId)
                .map(entry -> entry == null ? null : new Registration(entry.index(), entry.leafHash()));
    }

    /**
     * Search in registration order, optionally within a case and by who registered it
     * ({@code uploadedBy}: the actor id their events record; the uploader index serves it),
     * recorded time, device or file name. An officer's search covers only what they registered,
     * and naming someone else is refused. Device and file name have no index of their own (each
     * would cost every registration an index write): they only narrow a search that an indexed
     * filter already bounds — incident, case, officer, SHA-256 or a recorded range of both ends.
     */
    public Future<Page<FootageRow>> list(FootageFilter filter, String caseNumber, PageRequest page, Actor actor) {
        FootageFilter f = filter;
        if (actor.is(Role.OFFICER)) {
            if (f.uploadedBy() != null && !f.uploadedBy().equals(actor.id())) {
                return Future.failedFuture(ServiceException.forbidden("an officer searches only their own footage:"
                        + " leave officer out, or name yourself (" + actor.id() + ")"));
            }
            f = new FootageFilter(f.sha256(), f.incident(), actor.id(), f.recordedFrom(), f.recordedTo(), f.device(),
                    f.filenamePrefix());
        }
        if (f.recordedFrom() != null && f.recordedTo() != null && !f.recordedFrom().isBefore(f.recordedTo())) {
            return Future.failedFuture(ServiceException.invalid("recordedFrom must be before recordedTo"));
        }
        boolean bounded = f.sha256() != null || f.incident() != null || caseNumber != null || f.uploadedBy() != null
                || (f.recordedFrom() != null && f.recordedTo() != null);
        if ((f.device() != null || f.filenamePrefix() != null) && !bounded) {
            return Future.failedFuture(ServiceException.invalid("device and filename narrow a search by incident, case,"
                    + " officer, sha256 or a recorded range (recordedFrom and recordedTo): give one of those too"));
        }
        return (caseNumber == null ? footage.list(f, page.after(), page.limit())
                : footage.inCase(caseNumber, f, page.after(), page.limit()))
                .map(rows -> page.page(rows, FootageRow::seq));
    }
}
