package org.custodyledger.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.custodyledger.service.SharedAccess;

/**
 * The recipient's side of a share, with no token: the capability in the path is the only
 * credential. {@code GET /api/v1/shared/{capability}} (what was shared) and
 * {@code GET /api/v1/shared/{capability}/footage/{id}/content[?download=true]} (HTML5-playable,
 * with Range). Every answer, errors included, is kept out of caches and referrers so the
 * capability does not travel further than the recipient; logs show the path without it.
 */
final class SharedHandlers {
    private final SharedAccess shared;
    private final ContentSender sender;

    SharedHandlers(SharedAccess shared, ContentSender sender) {
        this.shared = shared;
        this.sender = sender;
    }

    void mount(Router router) {
        router.get("/api/v1/shared/:capability").handler(Params.only()).handler(this::open);
        router.get("/api/v1/shared/:capability/footage/:id/content").handler(Params.only("download"))
                .handler(this::content);
    }

    /**
     * Runs first on every request (before any 400): a share's link is a secret, so no answer
     * under it may be cached or leak it as a referrer — whichever way the path was spelt.
     */
    static void private_(RoutingContext ctx) {
        privateHeaders(ctx);
        ctx.next();
    }

    /** The link's answers' privacy headers, on a request for a share's link (also for errors raised before any route). */
    static void privateHeaders(RoutingContext ctx) {
        if (LoggedPaths.isShared(ctx) && !ctx.response().headWritten()) {
            ctx.response().putHeader("Cache-Control", "no-store").putHeader("Referrer-Policy", "no-referrer");
        }
    }

    private void open(RoutingContext ctx) {
        String capability = ctx.pathParam("capability");
        shared.open(capability)
                .onSuccess(opened -> Replies.json(ctx, ShareViews.opened(capability, opened.share(), opened.footage())))
                .onFailure(ctx::fail);
    }

    private void content(RoutingContext ctx) {
        boolean download = Params.flag(ctx, "download");
        shared.content(ctx.pathParam("capability"), ctx.pathParam("id"), download)
                .onSuccess(opened -> sender.send(ctx, opened.grant(), download, opened.recipient(), "no-store"))
                .onFailure(ctx::fail);
    }
}
