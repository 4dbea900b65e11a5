package org.custodyledger.service;

import io.vertx.core.Future;
import org.custodyledger.model.AccessFailure;
import org.custodyledger.storage.CustodyStore;

/** Refused requests (401/403), kept for oversight: in their own table, not the ledger (anonymous traffic must not grow it). */
public final class AccessAudit {
    /** A refused request as the edge saw it; the store gives it its id and time. */
    public record Refusal(int status, String actorId, String actorRoles, String method, String route, String reason,
                          String remote, String requestId) {
    }

    private final CustodyStore custody;

    public AccessAudit(CustodyStore custody) {
        this.custody = custody;
    }

    /** Refused requests after id {@code page.after()}, oldest first. */
    public Future<Page<AccessFailure>> failures(PageRequest page) {
        return custody.accessFailures(page.after(), page.limit()).map(list -> page.page(list, AccessFailure::id));
    }

    public Future<Void> record(Refusal r) {
        return custody.recordAccessFailure(new AccessFailure(0, null, r.status(), r.actorId(), r.actorRoles(), r.method(),
                r.route(), r.reason(), r.remote(), r.requestId()));
    }
}
