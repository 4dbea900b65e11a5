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

    /** Search in registration order, optionally within a case; an officer's search covers only what they registered. */
    public Future<Page<FootageRow>> list(Sha256Digest sha256, String incident, String caseNumber, PageRequest page,
                                         Actor actor) {
        String uploader = actor.is(Role.OFFICER) ? actor.id() : null;
        return (caseNumber == null ? footage.list(sha256, incident, uploader, page.after(), page.limit())
                : footage.inCase(caseNumber, sha256, incident, uploader, page.after(), page.limit()))
                .map(rows -> page.page(rows, FootageRow::seq));
    }
}
