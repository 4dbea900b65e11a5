package org.custodyledger.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.custodyledger.service.ContentAccess;
import org.custodyledger.service.Inputs;
import org.custodyledger.service.Role;

/**
 * {@code GET /api/v1/footage/{id}/content?purpose=…[&download=true]}: the bytes, only after
 * the VIEWED (or EXPORTED) event is committed. Supports single Range requests (video players
 * seek with them); a player's requests within one session share one event.
 */
final class ContentHandler {
    static final String EVENT_HEADER = ContentSender.EVENT_HEADER;
    private final ContentAccess content;
    private final ContentSender sender;
    private final Access access;

    ContentHandler(ContentAccess content, ContentSender sender, Access access) {
        this.content = content;
        this.sender = sender;
        this.access = access;
    }

    void mount(Router router) {
        // Never oversight or admin: they read about footage, not the footage.
        router.get("/api/v1/footage/:id/content").handler(access.allow(Role.REVIEWER, Role.OFFICER))
                .handler(Params.only("purpose", "download")).handler(this::content);
    }

    private void content(RoutingContext ctx) {
        boolean download = Params.flag(ctx, "download");
        String purpose = Inputs.purpose(ctx.request().getParam("purpose"),
                "purpose is required to access content: say why (?purpose=…)");
        content.open(ctx.pathParam("id"), purpose, download, Access.actor(ctx))
                .onSuccess(grant -> sender.send(ctx, grant, download, Access.actor(ctx), "private, no-store"))
                .onFailure(ctx::fail);
    }
}
