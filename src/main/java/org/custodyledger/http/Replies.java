package org.custodyledger.http;

import io.vertx.core.Future;
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

    /** A checkpoint note, byte-exact; it changes with every batch, so caches must revalidate. */
    static void checkpoint(RoutingContext ctx, Future<String> note) {
        note.onSuccess(text -> ctx.response()
                        .putHeader("Content-Type", "text/plain; charset=utf-8")
                        .putHeader("Cache-Control", "no-cache")
                        .end(text))
                .onFailure(ctx::fail);
    }
}
