package org.custodyledger.service;

import io.vertx.core.Future;
import org.custodyledger.hash.Sha256Digest;
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
     * ({@code officer}: the actor id their events record; the uploader index serves it). An
     * officer's search covers only what they registered, and naming someone else is refused.
     */
    public Future<Page<FootageRow>> list(Sha256Digest sha256, String incident, String caseNumber, String officer,
                                         PageRequest page, Actor actor) {
        String uploader = officer;
        if (actor.is(Role.OFFICER)) {
            if (officer != null && !officer.equals(actor.id())) {
                return Future.failedFuture(ServiceException.forbidden("an officer searches only their own footage:"
                        + " leave officer out, or name yourself (" + actor.id() + ")"));
            }
            uploader = actor.id();
        }
        return (caseNumber == null ? footage.list(sha256, incident, uploader, page.after(), page.limit())
                : footage.inCase(caseNumber, sha256, incident, uploader, page.after(), page.limit()))
                .map(rows -> page.page(rows, FootageRow::seq));
    }
}
