package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.service.BulkActions;
import org.custodyledger.service.Cases;
import org.custodyledger.service.Inputs;
import org.custodyledger.service.ItemOutcome;
import org.custodyledger.service.LegalHolds;
import org.custodyledger.service.Registrations;
import org.custodyledger.service.Role;
import org.custodyledger.service.ServiceException;

/**
 * An admin's bulk actions on all footage of an incident or a case: {@code POST
 * /api/v1/holds/bulk}, {@code /retention/bulk}, {@code /disposals/bulk}. Each request acts on
 * one page (at most {@link BulkActions#MAX_PER_REQUEST}) and answers per item, with the cursor
 * of the next page: a million footage is many bounded requests, never one unbounded one.
 */
final class BulkHandlers {
    private static final List<String> SELECTION = List.of("incident", "case", "cursor", "limit");
    private final BulkActions bulk;
    private final Access access;

    BulkHandlers(BulkActions bulk, Access access) {
        this.bulk = bulk;
        this.access = access;
    }

    void mount(Router router) {
        router.post("/api/v1/holds/bulk").handler(Params.json()).handler(access.allow(Role.ADMIN))
                .handler(Params.only()).handler(this::hold);
        router.post("/api/v1/retention/bulk").handler(Params.json()).handler(access.allow(Role.ADMIN))
                .handler(Params.only()).handler(this::retention);
        router.post("/api/v1/disposals/bulk").handler(Params.json()).handler(access.allow(Role.ADMIN))
                .handler(Params.only()).handler(this::dispose);
    }

    private void hold(RoutingContext ctx) {
        JsonObject body = body(ctx, "reason", "matter");
        BulkActions.Selection sel = selection(body);
        String reason = Inputs.requiredText("reason", Params.string(body, "reason"), Inputs.MAX_PURPOSE);
        String matter = Inputs.text("matter", Params.string(body, "matter"), LegalHolds.MAX_MATTER);
        answer(ctx, bulk.hold(sel, reason, matter, Access.actor(ctx)));
    }

    private void retention(RoutingContext ctx) {
        JsonObject body = body(ctx, "retainUntil", "purpose");
        BulkActions.Selection sel = selection(body);
        Instant until = Inputs.time("retainUntil", Params.string(body, "retainUntil"));
        if (until == null) {
            throw ServiceException.invalid("retainUntil is required, e.g. 2033-01-01T00:00:00Z");
        }
        String purpose = Inputs.requiredText("purpose", Params.string(body, "purpose"), Inputs.MAX_PURPOSE);
        answer(ctx, bulk.retention(sel, until, purpose, Access.actor(ctx)));
    }

    private void dispose(RoutingContext ctx) {
        JsonObject body = body(ctx, "purpose");
        BulkActions.Selection sel = selection(body);
        String purpose = Inputs.requiredText("purpose", Params.string(body, "purpose"), Inputs.MAX_PURPOSE);
        answer(ctx, bulk.dispose(sel, purpose, Access.actor(ctx)));
    }

    private static void answer(RoutingContext ctx, Future<ItemOutcome.Batch> batch) {
        batch.onSuccess(b -> Replies.json(ctx, ItemViews.batch(b))).onFailure(ctx::fail);
    }

    private static JsonObject body(RoutingContext ctx, String... fields) {
        JsonObject body = Params.jsonBody(ctx);
        List<String> known = new ArrayList<>(SELECTION);
        known.addAll(List.of(fields));
        Params.fields(body, "", known);
        return body;
    }

    private static BulkActions.Selection selection(JsonObject body) {
        String incident = Inputs.text("incident", Params.string(body, "incident"), Registrations.MAX_INCIDENT);
        String rawCase = Params.string(body, "case");
        String caseNumber = rawCase == null ? null : Cases.number("case", rawCase);
        if ((incident == null) == (caseNumber == null)) {
            throw ServiceException.invalid("name exactly one of incident and case");
        }
        return new BulkActions.Selection(incident, caseNumber, Params.bodyPage(body, BulkActions.MAX_PER_REQUEST));
    }
}
