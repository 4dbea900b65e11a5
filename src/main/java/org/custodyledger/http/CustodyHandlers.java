package org.custodyledger.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.custodyledger.service.CustodyService;
import org.custodyledger.service.Role;
import org.custodyledger.service.ServiceException;
import org.custodyledger.model.AppendedEntry;

/**
 * Custody actions on one footage: {@code /api/v1/footage/{id}/events|history|holds|retention}
 * and disposal ({@code DELETE /api/v1/footage/{id}}). Who may do what is declared here, at the
 * route; what a role may do to a particular footage (an officer's own) is the service's rule.
 */
final class CustodyHandlers {
    private static final int MAX_JSON_BODY = 64 * 1024;
    private static final java.util.List<String> EVENT_FIELDS = java.util.List.of("type", "purpose", "location", "details");
    private final CustodyService custody;
    private final Access access;

    CustodyHandlers(CustodyService custody, Access access) {
        this.custody = custody;
        this.access = access;
    }

    void mount(Router router) {
        String one = "/api/v1/footage/:id";
        router.post(one + "/events").handler(json()).handler(access.allow(Role.REVIEWER, Role.OFFICER))
                .handler(Params.only()).handler(this::record);
        router.get(one + "/history").handler(access.allow(Role.REVIEWER, Role.OVERSIGHT, Role.ADMIN, Role.OFFICER))
                .handler(Params.only("cursor", "limit")).handler(this::history);
        router.get(one + "/holds").handler(access.allow(Role.ADMIN, Role.OVERSIGHT, Role.REVIEWER))
                .handler(Params.only()).handler(this::holds);
        router.post(one + "/holds").handler(json()).handler(access.allow(Role.ADMIN))
                .handler(Params.only()).handler(this::placeHold);
        router.post(one + "/holds/:holdId/release").handler(json()).handler(access.allow(Role.ADMIN))
                .handler(Params.only()).handler(this::releaseHold);
        router.put(one + "/retention").handler(json()).handler(access.allow(Role.ADMIN))
                .handler(Params.only()).handler(this::retention);
        router.delete(one).handler(access.allow(Role.ADMIN)).handler(Params.only("purpose")).handler(this::dispose);
    }

    private static BodyHandler json() {
        return BodyHandler.create(false).setBodyLimit(MAX_JSON_BODY);
    }

    private void record(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        for (String field : body.fieldNames()) {
            if (!EVENT_FIELDS.contains(field)) {
                throw ServiceException.invalid("unknown field '" + field + "': a client sends only " + EVENT_FIELDS
                        + "; who, when and the footage's hash are filled in by the server");
            }
        }
        Object details = body.getValue("details");
        if (details != null && !(details instanceof JsonObject)) {
            throw ServiceException.invalid("details must be a JSON object of strings");
        }
        CustodyService.EventRequest req = CustodyService.eventRequest(Params.string(body, "type"),
                Params.string(body, "purpose"), Params.string(body, "location"),
                details == null ? null : ((JsonObject) details).getMap());
        custody.record(ctx.pathParam("id"), req, Access.actor(ctx))
                .onSuccess(entry -> created(ctx, entry))
                .onFailure(ctx::fail);
    }

    private void history(RoutingContext ctx) {
        custody.history(ctx.pathParam("id"), ctx.request().getParam("cursor"), Params.limit(ctx, 100, 1000),
                        Access.actor(ctx))
                .onSuccess(h -> {
                    JsonArray items = new JsonArray();
                    h.items().forEach(i -> items.add(Views.event(i.index(), i.leafHash(), i.event())));
                    LedgerHandlers.json(ctx, new JsonObject().put("footageId", h.footageId()).put("items", items)
                            .put("nextCursor", h.nextCursor()));
                })
                .onFailure(ctx::fail);
    }

    private void holds(RoutingContext ctx) {
        custody.holds(ctx.pathParam("id"), Access.actor(ctx))
                .onSuccess(holds -> {
                    JsonArray items = new JsonArray();
                    holds.forEach(h -> items.add(Views.hold(h)));
                    LedgerHandlers.json(ctx, new JsonObject().put("items", items));
                })
                .onFailure(ctx::fail);
    }

    private void placeHold(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        custody.placeHold(ctx.pathParam("id"), Params.string(body, "reason"), Params.string(body, "matter"),
                        Access.actor(ctx))
                .onSuccess(change -> ctx.response().setStatusCode(201)
                        .putHeader("Content-Type", "application/json")
                        .end(Views.appended(change.entry()).put("hold", Views.hold(change.hold())).encode()))
                .onFailure(ctx::fail);
    }

    private void releaseHold(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        custody.releaseHold(ctx.pathParam("id"), ctx.pathParam("holdId"), Params.string(body, "reason"), Access.actor(ctx))
                .onSuccess(change -> LedgerHandlers.json(ctx,
                        Views.appended(change.entry()).put("hold", Views.hold(change.hold()))))
                .onFailure(ctx::fail);
    }

    private void retention(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        custody.setRetention(ctx.pathParam("id"), Params.string(body, "retainUntil"), Params.string(body, "purpose"),
                        Access.actor(ctx))
                .onSuccess(entry -> LedgerHandlers.json(ctx, Views.appended(entry)))
                .onFailure(ctx::fail);
    }

    private void dispose(RoutingContext ctx) {
        custody.dispose(ctx.pathParam("id"), ctx.request().getParam("purpose"), Access.actor(ctx))
                .onSuccess(entry -> LedgerHandlers.json(ctx, Views.appended(entry)))
                .onFailure(ctx::fail);
    }

    private static void created(RoutingContext ctx, AppendedEntry entry) {
        ctx.response().setStatusCode(201)
                .putHeader("Content-Type", "application/json")
                .end(Views.appended(entry).encode());
    }
}
