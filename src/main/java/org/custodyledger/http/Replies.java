package org.custodyledger.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Successful JSON answers; failures go through {@link FailureHandler} as problem+json instead. */
final class Replies {
    private Replies() {
    }

    static void json(RoutingContext ctx, JsonObject body) {
        json(ctx, 200, body);
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
