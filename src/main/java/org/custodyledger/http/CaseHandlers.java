package org.custodyledger.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.custodyledger.model.CaseRecord;
import org.custodyledger.service.CaseBundles;
import org.custodyledger.service.Cases;
import org.custodyledger.service.Inputs;
import org.custodyledger.service.PageRequest;
import org.custodyledger.service.Registrations;
import org.custodyledger.service.Role;
import org.custodyledger.service.ServiceException;

/**
 * {@code /api/v1/cases}: reviewers and admins open cases and move footage in and out of them
 * (each move a signed event about the footage); oversight reads; officers have no access.
 */
final class CaseHandlers {
    private final Cases cases;
    private final CaseBundles bundles;
    private final Access access;

    CaseHandlers(Cases cases, CaseBundles bundles, Access access) {
        this.cases = cases;
        this.bundles = bundles;
        this.access = access;
    }

    void mount(Router router) {
        Role[] manage = {Role.REVIEWER, Role.ADMIN};
        Role[] read = {Role.REVIEWER, Role.ADMIN, Role.OVERSIGHT};
        router.post("/api/v1/cases").handler(Params.json()).handler(access.allow(manage))
                .handler(Params.only()).handler(this::create);
        router.get("/api/v1/cases").handler(access.allow(read))
                .handler(Params.only("q", "cursor", "limit")).handler(this::list);
        router.get("/api/v1/cases/:caseNumber").handler(access.allow(read))
                .handler(Params.only("cursor", "limit")).handler(this::get);
        router.post("/api/v1/cases/:caseNumber/footage").handler(Params.json()).handler(access.allow(manage))
                .handler(Params.only()).handler(this::add);
        router.delete("/api/v1/cases/:caseNumber/footage/:id").handler(access.allow(manage))
                .handler(Params.only("reason")).handler(this::remove);
        router.get("/api/v1/cases/:caseNumber/bundle").handler(access.allow(read))
                .handler(Params.only("purpose")).handler(this::bundle);
    }

    private void create(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        Params.fields(body, "", List.of("caseNumber", "title", "incident", "reason"));
        String number = Cases.number("caseNumber", Params.string(body, "caseNumber"));
        String title = Inputs.requiredText("title", Params.string(body, "title"), Cases.MAX_TITLE);
        String incident = Inputs.text("incident", Params.string(body, "incident"), Registrations.MAX_INCIDENT);
        String reason = Inputs.text("reason", Params.string(body, "reason"), Inputs.MAX_PURPOSE);
        cases.create(number, title, incident, reason, Access.actor(ctx))
                .onSuccess(created -> {
                    JsonObject json = new JsonObject().put("case", view(created.record()));
                    if (created.added() != null) {
                        json.put("added", ItemViews.batch(created.added()));
                    }
                    ctx.response().putHeader("Location", "/api/v1/cases/" + number);
                    Replies.json(ctx, 201, json);
                })
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        String q = Inputs.text("q", ctx.request().getParam("q"), 64);
        cases.list(q, Params.page(ctx, 50, 500))
                .onSuccess(page -> Replies.json(ctx, Views.page(page, CaseHandlers::view)))
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String number = Cases.number("caseNumber", ctx.pathParam("caseNumber"));
        PageRequest page = Params.page(ctx, 50, 500);
        cases.get(number).compose(c -> cases.members(number, page).map(members -> view(c)
                        .put("footage", Views.page(members, Views::footage))))
                .onSuccess(json -> Replies.json(ctx, json))
                .onFailure(ctx::fail);
    }

    /** One footage ({@code footageId}) → 201 and its event; an incident's → 200 and per item, a page at a time. */
    private void add(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        Params.fields(body, "", List.of("footageId", "incident", "reason", "cursor", "limit"));
        String number = Cases.number("caseNumber", ctx.pathParam("caseNumber"));
        String footageId = Params.string(body, "footageId");
        String incident = Inputs.text("incident", Params.string(body, "incident"), Registrations.MAX_INCIDENT);
        String reason = Inputs.requiredText("reason", Params.string(body, "reason"), Inputs.MAX_PURPOSE);
        if ((footageId == null) == (incident == null)) {
            throw ServiceException.invalid("name exactly one of footageId and incident");
        }
        if (footageId != null) {
            cases.add(number, Inputs.footageId("footageId", footageId), reason, Access.actor(ctx))
                    .onSuccess(entry -> Replies.json(ctx, 201, Views.appended(entry)))
                    .onFailure(ctx::fail);
            return;
        }
        cases.addIncident(number, incident, Params.bodyPage(body, Cases.MAX_PER_REQUEST), reason, Access.actor(ctx))
                .onSuccess(batch -> Replies.json(ctx, ItemViews.batch(batch)))
                .onFailure(ctx::fail);
    }

    private void remove(RoutingContext ctx) {
        String number = Cases.number("caseNumber", ctx.pathParam("caseNumber"));
        String reason = Inputs.requiredText("reason", ctx.request().getParam("reason"), Inputs.MAX_PURPOSE);
        cases.remove(number, ctx.pathParam("id"), reason, Access.actor(ctx))
                .onSuccess(entry -> Replies.json(ctx, Views.appended(entry)))
                .onFailure(ctx::fail);
    }

    private void bundle(RoutingContext ctx) {
        String number = Cases.number("caseNumber", ctx.pathParam("caseNumber"));
        String why = Inputs.purpose(ctx.request().getParam("purpose"),
                "purpose is required to export a case bundle: say why (?purpose=…)");
        bundles.bundle(number, why, Access.actor(ctx), Views::footage)
                .onSuccess(json -> ctx.response()
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Content-Disposition", "attachment; filename=\"case-" + number + ".bundle.json\"")
                        .putHeader("Cache-Control", "private, no-store")
                        .end(json))
                .onFailure(ctx::fail);
    }

    private static JsonObject view(CaseRecord c) {
        JsonObject json = new JsonObject().put("caseNumber", c.number()).put("title", c.title())
                .put("createdBy", c.createdBy()).put("createdAt", Views.time(c.createdAt()));
        if (c.incident() != null) {
            json.put("incident", c.incident());
        }
        return json;
    }
}
