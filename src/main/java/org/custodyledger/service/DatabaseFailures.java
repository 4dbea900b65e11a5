package org.custodyledger.service;

import org.custodyledger.storage.Connections;

/** Which failures mean the database is away (the edge answers those 503, retry later), for layers that must not know storage. */
public final class DatabaseFailures {
    private DatabaseFailures() {
    }

    /** Whether the failure is the database connection's (down, restarting, unreachable), not the request's. */
    public static boolean lost(Throwable failure) {
        return Connections.lost(failure);
    }
}
