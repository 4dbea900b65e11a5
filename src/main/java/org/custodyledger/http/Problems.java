package org.custodyledger.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** RFC 9457 problem details: every error this service answers has this body. */
public final class Problems {
    public static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {
    }

    public static void send(RoutingContext ctx, int status, String title, String detail) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        JsonObject body = new JsonObject()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", LoggedPaths.of(ctx));
        SharedHandlers.privateHeaders(ctx);
        String requestId = ctx.get(RequestIds.KEY);
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        if (!ctx.request().isEnded()) {
            // Refused before its body was read (a 413, an upload cut short): do not read the rest.
            ctx.response().putHeader("Connection", "close");
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", CONTENT_TYPE)
                .end(body.encode());
    }
}
