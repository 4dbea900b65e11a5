package org.custodyledger.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.complaint.Category;
import org.custodyledger.complaint.ComplaintStatus;
import org.custodyledger.complaint.Outcome;
import org.custodyledger.model.ComplaintFilter;
import org.custodyledger.service.ComplaintBundles;
import org.custodyledger.service.ComplaintIntake;
import org.custodyledger.service.ComplaintInvestigations;
import org.custodyledger.service.ComplaintStatusLookup;
import org.custodyledger.service.ComplaintSubmission;
import org.custodyledger.service.Inputs;
import org.custodyledger.service.Role;
import org.custodyledger.service.ServiceException;

/**
 * {@code /api/v1/complaints}: public intake (rate limited, a staff token optional) and the
 * complainant's status lookup by receipt secret; the complaints themselves — personal data —
 * to oversight and admin only.
 */
final class ComplaintHandlers {
    /** A 20,000-character description is at most 80 KB of UTF-8; the rest of a complaint is small. */
    private static final int MAX_BODY = 96 * 1024;
    private static final List<String> FIELDS = List.of("category", "occurredFrom", "occurredTo", "location", "place",
            "incident", "officers", "description", "contact");
    private static final List<String> LOCATION_FIELDS = List.of("lat", "lon", "radiusM");
    static final String SECRET_HEADER = "Receipt-Secret";

    private final ComplaintIntake intake;
    private final ComplaintStatusLookup lookup;
    private final ComplaintInvestigations investigations;
    private final Access access;
    private final RateLimiter limiter;
    private final ComplaintBundles bundles;

    ComplaintHandlers(ComplaintIntake intake, ComplaintStatusLookup lookup, ComplaintInvestigations investigations,
                      ComplaintBundles bundles, Access access, RateLimiter limiter) {
        this.bundles = bundles;
        this.intake = intake;
        this.lookup = lookup;
        this.investigations = investigations;
        this.access = access;
        this.limiter = limiter;
    }

    void mount(Router router) {
        String all = "/api/v1/complaints";
        String one = all + "/:id";
        // Every answer about a complaint (the secret, its content, its status) is personal: no cache may keep it.
        router.route().pathRegex("/api/v1/complaints(/.*)?").handler(ctx -> {
            ctx.response().putHeader("Cache-Control", "no-store");
            ctx.next();
        });
        // The limiter first: a flood is turned away before its body is read or a token checked.
        router.post(all).handler(limiter.handler()).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
                .handler(access.allowPublicOr(Role.OFFICER, Role.REVIEWER, Role.OVERSIGHT, Role.ADMIN))
                .handler(Params.only()).handler(this::receive);
        router.get(one + "/status").handler(limiter.handler()).handler(Params.only()).handler(this::status);
        router.get(all).handler(access.allow(Role.OVERSIGHT, Role.ADMIN))
                .handler(Params.only("status", "category", "overdue", "q", "footageId", "cursor", "limit"))
                .handler(this::list);
        router.get(one).handler(access.allow(Role.OVERSIGHT, Role.ADMIN)).handler(Params.only()).handler(this::read);
        router.post(one + "/assignment").handler(json()).handler(access.allow(Role.OVERSIGHT, Role.ADMIN))
                .handler(Params.only()).handler(this::assign);
        router.get(one + "/bundle").handler(access.allow(Role.OVERSIGHT, Role.ADMIN)).handler(Params.only("purpose"))
                .handler(this::bundle);
        router.post(one + "/transitions").handler(json()).handler(access.allow(Role.OVERSIGHT, Role.ADMIN))
                .handler(Params.only()).handler(this::move);
    }

    private static BodyHandler json() {
        return BodyHandler.create(false).setBodyLimit(16 * 1024);
    }

    private void receive(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        onlyFields(body, FIELDS, "");
        Object rawLocation = body.getValue("location");
        if (rawLocation != null && !(rawLocation instanceof JsonObject)) {
            throw ServiceException.invalid("location must be an object {lat, lon, radiusM}");
        }
        JsonObject location = (JsonObject) rawLocation;
        if (location != null) {
            onlyFields(location, LOCATION_FIELDS, "location.");
        }
        ComplaintSubmission s = ComplaintSubmission.check(Params.string(body, "category"),
                Params.string(body, "occurredFrom"), Params.string(body, "occurredTo"),
                number(location, "lat"), number(location, "lon"), number(location, "radiusM"), location != null,
                Params.string(body, "place"), Params.string(body, "incident"), officers(body),
                Params.string(body, "description"), Params.string(body, "contact"), investigations.clock().instant(),
                Access.actorOrNull(ctx) == null);
        intake.receive(s, Access.actorOrNull(ctx))
                .onSuccess(r -> Replies.json(ctx, 201, ComplaintViews.received(r)))
                .onFailure(ctx::fail);
    }

    private void status(RoutingContext ctx) {
        lookup.status(ctx.pathParam("id"), ctx.request().getHeader(SECRET_HEADER))
                .onSuccess(row -> Replies.json(ctx, ComplaintViews.status(row)))
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        String status = ctx.request().getParam("status");
        if (status != null && ComplaintStatus.fromCode(status) == null) {
            throw ServiceException.invalid("status must be one of received, under-investigation, closed");
        }
        String category = ctx.request().getParam("category");
        if (category != null && Category.fromCode(category) == null) {
            throw ServiceException.invalid("category must be one of " + Category.codes());
        }
        String overdue = ctx.request().getParam("overdue");
        Boolean late = overdue == null ? null : Params.flag(ctx, "overdue");
        String q = Inputs.text("q", ctx.request().getParam("q"), 200);
        String footage = ctx.request().getParam("footageId") == null ? null
                : Inputs.footageId("footageId", ctx.request().getParam("footageId"));
        var now = investigations.clock().instant();
        investigations.list(new ComplaintFilter(status, category, late, q, footage, now), Params.page(ctx, 50, 500))
                .onSuccess(page -> Replies.json(ctx, Views.page(page, row -> ComplaintViews.complaint(row, now))))
                .onFailure(ctx::fail);
    }

    private void read(RoutingContext ctx) {
        investigations.read(ctx.pathParam("id"))
                .onSuccess(w -> Replies.json(ctx, ComplaintViews.withMatches(w, investigations.clock().instant())))
                .onFailure(ctx::fail);
    }

    private void assign(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        onlyFields(body, List.of("investigator"), "");
        String investigator = Inputs.requiredText("investigator", Params.string(body, "investigator"),
                ComplaintInvestigations.MAX_INVESTIGATOR);
        investigations.assign(ctx.pathParam("id"), investigator, Access.actor(ctx))
                .onSuccess(change -> Replies.json(ctx, Views.appended(change.entry())
                        .put("complaint", ComplaintViews.complaint(change.complaint(), investigations.clock().instant()))))
                .onFailure(ctx::fail);
    }

    private void move(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        onlyFields(body, List.of("status", "outcome"), "");
        String rawStatus = Params.string(body, "status");
        String rawOutcome = Params.string(body, "outcome");
        ComplaintStatus to = ComplaintStatus.fromCode(rawStatus);
        if (to == null) {
            throw ServiceException.invalid("status must be under-investigation or closed");
        }
        Outcome outcome = null;
        if (rawOutcome != null) {
            outcome = Outcome.fromCode(rawOutcome);
            if (outcome == null) {
                throw ServiceException.invalid("unknown outcome '" + rawOutcome + "': one of " + Outcome.codes());
            }
        }
        investigations.move(ctx.pathParam("id"), to, outcome, Access.actor(ctx))
                .onSuccess(change -> Replies.json(ctx, Views.appended(change.entry())
                        .put("complaint", ComplaintViews.complaint(change.complaint(), investigations.clock().instant()))))
                .onFailure(ctx::fail);
    }

    private void bundle(RoutingContext ctx) {
        String why = Inputs.purpose(ctx.request().getParam("purpose"),
                "purpose is required to export a complaint's evidence: say why (?purpose=…)");
        String id = ctx.pathParam("id");
        bundles.bundle(id, why, Access.actor(ctx), Views::footage)
                .onSuccess(json -> ctx.response()
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Content-Disposition", "attachment; filename=\"" + id + ".bundle.json\"")
                        .putHeader("Cache-Control", "private, no-store")
                        .end(json))
                .onFailure(ctx::fail);
    }

    private static void onlyFields(JsonObject body, List<String> allowed, String prefix) {
        for (String field : body.fieldNames()) {
            if (!allowed.contains(field)) {
                throw ServiceException.invalid("unknown field '" + prefix + field + "': a complaint has "
                        + allowed.stream().map(f -> prefix + f).toList());
            }
        }
    }

    private static Number number(JsonObject location, String field) {
        if (location == null) {
            return null;
        }
        Object v = location.getValue(field);
        if (v != null && !(v instanceof Number)) {
            throw ServiceException.invalid("location." + field + " must be a number");
        }
        return (Number) v;
    }

    private static List<String> officers(JsonObject body) {
        Object v = body.getValue("officers");
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray array)) {
            throw ServiceException.invalid("officers must be an array of strings (badge numbers or names)");
        }
        List<String> out = new ArrayList<>();
        for (Object o : array) {
            if (!(o instanceof String s)) {
                throw ServiceException.invalid("officers must be an array of strings (badge numbers or names)");
            }
            out.add(s);
        }
        return out;
    }
}
