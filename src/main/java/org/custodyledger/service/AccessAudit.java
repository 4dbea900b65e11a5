package org.custodyledger.service;

import io.vertx.core.Future;
import java.time.Instant;
import org.custodyledger.model.AccessFailure;
import org.custodyledger.storage.CustodyStore;

/** Refused requests (401/403), kept for oversight: in their own table, not the ledger (anonymous traffic must not grow it). */
public final class AccessAudit {
    /** A refused request as the edge saw it; the store gives it its id and time. */
    public record Refusal(int status, String actorId, String actorRoles, String method, String route, String reason,
                          String remote, String requestId) {
    }

    /**
     * Which refusals oversight asks for; each null field matches everything. {@code actorId} is
     * matched exactly, the times as {@code since ≤ at < until}.
     */
    public record Filter(Integer status, String actorId, Instant since, Instant until) {
        public static final Filter ALL = new Filter(null, null, null, null);

        public Filter {
            if (status != null && status != 401 && status != 403) {
                throw ServiceException.invalid("status must be 401 or 403, got " + status);
            }
            if (since != null && until != null && !since.isBefore(until)) {
                throw ServiceException.invalid("since must be before until, got " + since + " and " + until);
            }
        }
    }

    private final CustodyStore custody;

    public AccessAudit(CustodyStore custody) {
        this.custody = custody;
    }

    /** Refused requests matching {@code filter} after id {@code page.after()}, oldest first. */
    public Future<Page<AccessFailure>> failures(Filter filter, PageRequest page) {
        return custody.accessFailures(filter.status(), filter.actorId(), filter.since(), filter.until(), page.after(),
                page.limit()).map(list -> page.page(list, AccessFailure::id));
    }

    public Future<Void> record(Refusal r) {
        return custody.recordAccessFailure(new AccessFailure(0, null, r.status(), r.actorId(), r.actorRoles(), r.method(),
                r.route(), r.reason(), r.remote(), r.requestId()));
    }
}
