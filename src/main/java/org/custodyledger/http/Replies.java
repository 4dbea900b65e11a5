package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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
        note.onSuccess(text -> {
            ctx.response()
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache");
            end(ctx, Buffer.buffer(text));
        }).onFailure(ctx::fail);
    }

    /**
     * Ends with {@code body}. To a HEAD, Vert.x sends no body but no Content-Length either:
     * it is set here, so the headers are those of the GET (what {@code curl -I} is for).
     */
    static void end(RoutingContext ctx, Buffer body) {
        if (ctx.request().method() == HttpMethod.HEAD) {
            ctx.response().putHeader("Content-Length", String.valueOf(body.length()));
        }
        ctx.response().end(body);
    }
}
