package org.custodyledger.service;

import io.vertx.core.Future;
import org.custodyledger.storage.FootageStore;
import org.custodyledger.storage.LedgerStore;

/** A footage's custody history: its events in log order, a page at a time. */
public final class CustodyHistory {
    private final FootageStore footage;
    private final LedgerStore ledger;

    public CustodyHistory(FootageStore footage, LedgerStore ledger) {
        this.footage = footage;
        this.ledger = ledger;
    }

    /** The footage's events after log index {@code page.after()}; the next cursor is the last one's index. */
    public Future<Page<HistoryItem>> history(String id, PageRequest page, Actor actor) {
        return Visibility.load(footage, id, actor)
                .compose(row -> ledger.entriesOfFootage(id, page.after(), page.limit()))
                .map(entries -> page.page(entries.stream().map(HistoryItem::of).toList(), HistoryItem::index));
    }
}
