package org.custodyledger.model;

import java.time.Instant;

/** A refused request (401/403), as the access audit keeps it. {@code actorId} is null when no valid token came. */
public record AccessFailure(long id, Instant at, int status, String actorId, String actorRoles, String method,
                            String route, String reason, String remote, String requestId) {
}
