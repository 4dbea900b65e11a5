package org.custodyledger.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import org.custodyledger.service.CustodyHistory;
import org.custodyledger.service.Disposal;
import org.custodyledger.service.EventRecorder;
import org.custodyledger.service.EventRules;
import org.custodyledger.service.Inputs;
import org.custodyledger.service.LegalHolds;
import org.custodyledger.service.Role;
import org.custodyledger.service.ServiceException;

/**
 * Custody actions on one footage: {@code /api/v1/footage/{id}/events|history|holds|retention}
 * and disposal ({@code DELETE /api/v1/footage/{id}}). Who may do what is declared here, at the
 * route; what a role may do to a particular footage (an officer's own) is the service's rule.
 */
final class CustodyHandlers {
    private static final List<String> EVENT_FIELDS = List.of("type", "purpose", "location", "details");
    private final EventRecorder events;
    private final CustodyHistory history;
    private final LegalHolds holds;
    private final Disposal disposal;
    private final Access access;

    CustodyHandlers(EventRecorder events, CustodyHistory history, LegalHolds holds, Disposal disposal, Access access) {
        this.events = events;
        this.history = history;
        this.holds = holds;
        this.disposal = disposal;
        this.access = access;
    }

    void mount(Router router) {
        String one = "/api/v1/footage/:id";
        router.post(one + "/events").handler(Params.json()).handler(access.allow(Role.REVIEWER, Role.OFFICER))
                .handler(Params.only()).handler(this::record);
        router.get(one + "/history").handler(access.allow(Role.REVIEWER, Role.OVERSIGHT, Role.ADMIN, Role.OFFICER))
                .handler(Params.only("cursor", "limit")).handler(this::history);
        router.get(one + "/holds").handler(access.allow(Role.ADMIN, Role.OVERSIGHT, Role.REVIEWER))
                .handler(Params.only()).handler(this::holds);
        router.post(one + "/holds").handler(Params.json()).handler(access.allow(Role.ADMIN))
                .handler(Params.only()).handler(this::placeHold);
        router.post(one + "/holds/:holdId/release").handler(Params.json()).handler(access.allow(Role.ADMIN))
                .handler(Params.only()).handler(this::releaseHold);
        router.put(one + "/retention").handler(Params.json()).handler(access.allow(Role.ADMIN))
                .handler(Params.only()).handler(this::retention);
        router.delete(one).handler(access.allow(Role.ADMIN)).handler(Params.only("purpose")).handler(this::dispose);
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
        EventRules.EventRequest req = EventRules.check(Params.string(body, "type"),
                Params.string(body, "purpose"), Params.string(body, "location"),
                details == null ? null : ((JsonObject) details).getMap());
        events.record(ctx.pathParam("id"), req, Access.actor(ctx))
                .onSuccess(entry -> Replies.json(ctx, 201, Views.appended(entry)))
                .onFailure(ctx::fail);
    }

    private void history(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        history.history(id, Params.page(ctx, 100, 1000), Access.actor(ctx))
                .onSuccess(page -> Replies.json(ctx, new JsonObject().put("footageId", id)
                        .mergeIn(Views.page(page, i -> Views.event(i.index(), i.leafHash(), i.event())))))
                .onFailure(ctx::fail);
    }

    private void holds(RoutingContext ctx) {
        holds.holds(ctx.pathParam("id"), Access.actor(ctx))
                .onSuccess(list -> {
                    JsonArray items = new JsonArray();
                    list.forEach(h -> items.add(Views.hold(h)));
                    Replies.json(ctx, new JsonObject().put("items", items));
                })
                .onFailure(ctx::fail);
    }

    private void placeHold(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        // Every field's type first, then its value: the first fault named is the one it always was.
        String rawReason = Params.string(body, "reason");
        String rawMatter = Params.string(body, "matter");
        String reason = Inputs.requiredText("reason", rawReason, Inputs.MAX_PURPOSE);
        String matter = Inputs.text("matter", rawMatter, LegalHolds.MAX_MATTER);
        holds.place(ctx.pathParam("id"), reason, matter, Access.actor(ctx))
                .onSuccess(change -> Replies.json(ctx, 201,
                        Views.appended(change.entry()).put("hold", Views.hold(change.hold()))))
                .onFailure(ctx::fail);
    }

    private void releaseHold(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        String reason = Inputs.requiredText("reason", Params.string(body, "reason"), Inputs.MAX_PURPOSE);
        holds.release(ctx.pathParam("id"), ctx.pathParam("holdId"), reason, Access.actor(ctx))
                .onSuccess(change -> Replies.json(ctx,
                        Views.appended(change.entry()).put("hold", Views.hold(change.hold()))))
                .onFailure(ctx::fail);
    }

    private void retention(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        String rawUntil = Params.string(body, "retainUntil");
        String rawPurpose = Params.string(body, "purpose");
        Instant until = Inputs.time("retainUntil", rawUntil);
        if (until == null) {
            throw ServiceException.invalid("retainUntil is required, e.g. 2033-01-01T00:00:00Z");
        }
        String purpose = Inputs.requiredText("purpose", rawPurpose, Inputs.MAX_PURPOSE);
        disposal.setRetention(ctx.pathParam("id"), until, purpose, Access.actor(ctx))
                .onSuccess(entry -> Replies.json(ctx, Views.appended(entry)))
                .onFailure(ctx::fail);
    }

    private void dispose(RoutingContext ctx) {
        String purpose = Inputs.purpose(ctx.request().getParam("purpose"),
                "purpose is required to dispose of footage (?purpose=…)");
        disposal.dispose(ctx.pathParam("id"), purpose, Access.actor(ctx))
                .onSuccess(entry -> Replies.json(ctx, Views.appended(entry)))
                .onFailure(ctx::fail);
    }
}
