package org.custodyledger.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.service.Inputs;
import org.custodyledger.service.Role;
import org.custodyledger.service.ServiceException;
import org.custodyledger.service.Shares;

/**
 * Staff's side of external shares: {@code POST /api/v1/shares} (a reviewer makes one; the
 * capability link is in this answer only), {@code GET /api/v1/shares[/{id}]} and
 * {@code POST /api/v1/shares/{id}/revoke}.
 */
final class ShareHandlers {
    private static final List<String> FIELDS = List.of("footageIds", "case", "recipient", "purpose", "expiresAt");
    private static final List<String> RECIPIENT_FIELDS = List.of("name", "organisation", "email");
    private final Shares shares;
    private final Access access;

    ShareHandlers(Shares shares, Access access) {
        this.shares = shares;
        this.access = access;
    }

    void mount(Router router) {
        router.post("/api/v1/shares").handler(Params.json()).handler(access.allow(Role.REVIEWER))
                .handler(Params.only()).handler(this::create);
        router.get("/api/v1/shares").handler(access.allow(Role.REVIEWER, Role.ADMIN, Role.OVERSIGHT))
                .handler(Params.only("cursor", "limit")).handler(this::list);
        router.get("/api/v1/shares/:shareId").handler(access.allow(Role.REVIEWER, Role.ADMIN, Role.OVERSIGHT))
                .handler(Params.only()).handler(this::get);
        // An admin may cut a link off as well as the reviewer who made it.
        router.post("/api/v1/shares/:shareId/revoke").handler(Params.json()).handler(access.allow(Role.REVIEWER, Role.ADMIN))
                .handler(Params.only()).handler(this::revoke);
    }

    private void create(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        Params.fields(body, "", FIELDS);
        Object rawRecipient = body.getValue("recipient");
        if (!(rawRecipient instanceof JsonObject recipient)) {
            throw ServiceException.invalid("recipient is required: {\"name\", \"organisation\", \"email\"?}");
        }
        Params.fields(recipient, "recipient.", RECIPIENT_FIELDS);
        List<String> ids = footageIds(body.getValue("footageIds"));
        String caseNumber = Inputs.text("case", Params.string(body, "case"), 64);
        if (caseNumber != null && !ids.isEmpty()) {
            throw ServiceException.invalid("name either footageIds or case, not both");
        }
        String name = Inputs.requiredText("recipient.name", Params.string(recipient, "name"), Shares.MAX_NAME);
        String org = Inputs.requiredText("recipient.organisation", Params.string(recipient, "organisation"),
                Shares.MAX_NAME);
        String email = Inputs.text("recipient.email", Params.string(recipient, "email"), Shares.MAX_NAME);
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
            throw ServiceException.invalid("recipient.email must be an e-mail address, got '" + email + "'");
        }
        String purpose = Inputs.requiredText("purpose", Params.string(body, "purpose"), Inputs.MAX_PURPOSE);
        Instant expiresAt = Inputs.time("expiresAt", Params.string(body, "expiresAt"));
        if (expiresAt == null) {
            throw ServiceException.invalid("expiresAt is required, e.g. 2027-03-01T00:00:00Z (at most "
                    + Shares.MAX_LIFETIME.toDays() + " days ahead)");
        }
        shares.create(new Shares.ShareRequest(ids, caseNumber, name, org, email, purpose, expiresAt), Access.actor(ctx))
                .onSuccess(created -> {
                    ctx.response().putHeader("Location", "/api/v1/shares/" + created.share().id())
                            // The answer carries the secret: no cache, no referrer.
                            .putHeader("Cache-Control", "no-store")
                            .putHeader("Referrer-Policy", "no-referrer");
                    Replies.json(ctx, 201, new JsonObject()
                            .put("share", ShareViews.share(created.share()))
                            .put("capability", created.capability())
                            .put("url", ShareViews.SHARED_PATH + created.capability())
                            // The recipient's page: the capability in the fragment, which browsers never send.
                            .put("page", RecipientPage.PATH + "#" + created.capability())
                            .put("events", ShareViews.events(created.entries())));
                })
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        shares.list(Params.page(ctx, 50, 500))
                .onSuccess(page -> Replies.json(ctx, Views.page(page, ShareViews::share)))
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        shares.get(ctx.pathParam("shareId"))
                .onSuccess(share -> Replies.json(ctx, ShareViews.share(share)))
                .onFailure(ctx::fail);
    }

    private void revoke(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        Params.fields(body, "", List.of("reason"));
        String reason = Inputs.requiredText("reason", Params.string(body, "reason"), Inputs.MAX_PURPOSE);
        shares.revoke(ctx.pathParam("shareId"), reason, Access.actor(ctx))
                .onSuccess(revoked -> Replies.json(ctx, new JsonObject()
                        .put("share", ShareViews.share(revoked.share()))
                        .put("events", ShareViews.events(revoked.entries()))))
                .onFailure(ctx::fail);
    }

    private static List<String> footageIds(Object raw) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof JsonArray array)) {
            throw ServiceException.invalid("footageIds must be an array of footage ids");
        }
        if (array.size() > Shares.MAX_ITEMS) {
            throw ServiceException.invalid("footageIds may name at most " + Shares.MAX_ITEMS + " footage, got "
                    + array.size());
        }
        List<String> ids = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof String s)) {
                throw ServiceException.invalid("footageIds[" + i + "] must be a string");
            }
            ids.add(Inputs.footageId("footageIds[" + i + "]", s));
        }
        return ids;
    }
}
