package org.custodyledger.service;

import io.vertx.core.Future;
import java.util.List;
import org.custodyledger.model.FootageFilter;
import org.custodyledger.model.FootageRow;
import org.custodyledger.storage.FootageStore;

/** "All footage of an incident or a case", one bounded page at a time in registration order. */
final class FootageSelection {
    private FootageSelection() {
    }

    /** Exactly one of {@code incident} and {@code caseNumber} names the selection. */
    static Future<Page<FootageRow>> page(FootageStore footage, String incident, String caseNumber, PageRequest page) {
        if ((incident == null) == (caseNumber == null)) {
            return Future.failedFuture(ServiceException.invalid("name exactly one of incident and case"));
        }
        Future<List<FootageRow>> rows = incident != null
                ? footage.list(FootageFilter.of(null, incident, null), page.after(), page.limit())
                : footage.inCase(caseNumber, FootageFilter.of(null, null, null), page.after(), page.limit());
        return rows.map(list -> page.page(list, FootageRow::seq));
    }
}
