package org.custodyledger.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** RFC 9457 problem details: every error this service answers has this body. */
public final class Problems {
    public static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {
    }

    /** Set on a route a browser navigates to (the sign-in callback): a person gets a page, a program the JSON. */
    static final String PAGE_FOR_BROWSERS = "problems.pageForBrowsers";

    public static void send(RoutingContext ctx, int status, String title, String detail) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        String accept = ctx.request().getHeader("Accept");
        if (ctx.get(PAGE_FOR_BROWSERS) != null && accept != null && accept.contains("text/html")) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .end("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                            + " — custody-ledger</title><link rel=\"stylesheet\" href=\"/app/app.css\"></head>\n<body><main>"
                            + "<h1>" + escape(title) + "</h1><p>" + escape(detail) + "</p>"
                            + "<p><a href=\"/app/login\">Sign in again</a></p></main></body></html>\n");
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

    /** Text for HTML (element content or a double-quoted attribute); also the public dashboard's. */
    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }
}
