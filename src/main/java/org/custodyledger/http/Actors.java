package org.custodyledger.http;

import io.vertx.ext.web.RoutingContext;
import org.custodyledger.service.Actor;

/**
 * Who is making a request. Until bearer-token authentication lands (the roles issue) every
 * request acts as the same unauthenticated officer, and events say so; do not expose such a
 * service beyond a trusted network.
 */
final class Actors {
    static final Actor UNAUTHENTICATED = new Actor("unauthenticated", "officer");

    private Actors() {
    }

    static Actor of(RoutingContext ctx) {
        return UNAUTHENTICATED;
    }
}
