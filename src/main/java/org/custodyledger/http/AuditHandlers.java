package org.custodyledger.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import org.custodyledger.service.AccessAudit;
import org.custodyledger.service.AuditJobs;
import org.custodyledger.service.AuditService;
import org.custodyledger.service.Inputs;
import org.custodyledger.service.ReportJson;
import org.custodyledger.service.ServiceException;
import org.custodyledger.service.Role;

/**
 * Oversight's reads: the refused requests (401/403) at {@code /api/v1/audit/access-failures},
 * and full-ledger audits as background jobs at {@code /api/v1/ledger/audits}.
 */
final class AuditHandlers {
    private final AccessAudit accessAudit;
    private final AuditJobs audits;
    private final Access access;

    AuditHandlers(AccessAudit accessAudit, AuditJobs audits, Access access) {
        this.accessAudit = accessAudit;
        this.audits = audits;
        this.access = access;
    }

    void mount(Router router) {
        router.get("/api/v1/audit/access-failures").handler(access.allow(Role.OVERSIGHT, Role.ADMIN))
                .handler(Params.only("cursor", "limit", "status", "actor", "since", "until"))
                .handler(this::accessFailures);
        router.post("/api/v1/ledger/audits").handler(BodyHandler.create(false).setBodyLimit(4096))
                .handler(access.allow(Role.OVERSIGHT, Role.ADMIN)).handler(Params.only()).handler(this::startAudit);
        router.get("/api/v1/ledger/audits").handler(access.allow(Role.OVERSIGHT, Role.ADMIN))
                .handler(Params.only()).handler(this::listAudits);
        router.get("/api/v1/ledger/audits/:auditId").handler(access.allow(Role.OVERSIGHT, Role.ADMIN))
                .handler(Params.only()).handler(this::audit);
    }

    private void startAudit(RoutingContext ctx) {
        JsonObject body = ctx.body().length() == 0 ? new JsonObject() : Params.jsonBody(ctx);
        audits.start(new AuditService.Options(flag(body, "signatures", true), flag(body, "rehashBlobs", false)),
                        Access.actor(ctx))
                .onSuccess(job -> ctx.response().setStatusCode(202)
                        .putHeader("Location", "/api/v1/ledger/audits/" + job.id)
                        .putHeader("Content-Type", "application/json")
                        .end(job(job).encode()))
                .onFailure(ctx::fail);
    }

    private void listAudits(RoutingContext ctx) {
        audits.recent()
                .onSuccess(jobs -> {
                    JsonArray items = new JsonArray();
                    jobs.forEach(j -> items.add(job(j)));
                    Replies.json(ctx, new JsonObject().put("items", items));
                })
                .onFailure(ctx::fail);
    }

    private void audit(RoutingContext ctx) {
        audits.get(ctx.pathParam("auditId"))
                .onSuccess(job -> Replies.json(ctx, job(job)))
                .onFailure(ctx::fail);
    }

    private static boolean flag(JsonObject body, String field, boolean fallback) {
        Object v = body.getValue(field);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw ServiceException.invalid(field + " must be true or false");
        }
        return b;
    }

    /** An audit job as JSON: status, progress, and when done the summary and the first divergences. */
    static JsonObject job(AuditJobs.Job j) {
        JsonObject json = new JsonObject()
                .put("id", j.id)
                .put("status", j.status().name().toLowerCase(Locale.ROOT))
                .put("startedBy", j.startedBy)
                .put("startedAt", Views.time(j.startedAt))
                .put("options", new JsonObject().put("signatures", j.options.signatures())
                        .put("rehashBlobs", j.options.rehashBlobs()))
                .put("progress", new JsonObject()
                        .put("entriesChecked", j.progress.entriesChecked.get())
                        .put("entriesTotal", j.progress.entriesTotal.get())
                        .put("blobsChecked", j.progress.blobsChecked.get()));
        if (j.finishedAt() != null) {
            json.put("finishedAt", Views.time(j.finishedAt()));
        }
        if (j.error() != null) {
            json.put("error", j.error());
        }
        if (j.summary() != null) {
            json.put("clean", j.summary().clean()).put("summary", ReportJson.summary(j.summary()));
        }
        return json;
    }

    /** The access audit's filters from the query: {@code status} (401, 403), {@code actor}, {@code since}, {@code until}. */
    private static AccessAudit.Filter accessFilter(RoutingContext ctx) {
        String status = Inputs.text("status", ctx.request().getParam("status"), 3);
        if (status != null && !status.matches("40[13]")) {
            throw ServiceException.invalid("status must be 401 or 403, got '" + status + "'");
        }
        String actor = Inputs.text("actor", ctx.request().getParam("actor"), 256);
        return new AccessAudit.Filter(status == null ? null : Integer.valueOf(status), actor,
                Inputs.time("since", ctx.request().getParam("since")), Inputs.time("until", ctx.request().getParam("until")));
    }

    private void accessFailures(RoutingContext ctx) {
        accessAudit.failures(accessFilter(ctx), Params.page(ctx, 100, 1000))
                .onSuccess(page -> Replies.json(ctx, Views.page(page, Views::accessFailure)))
                .onFailure(ctx::fail);
    }
}
