package org.custodyledger.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.custodyledger.service.AuditJobs;
import org.custodyledger.service.AuditService;
import org.custodyledger.service.CustodyService;
import org.custodyledger.service.ReportJson;
import org.custodyledger.service.ServiceException;
import org.custodyledger.service.Role;
import org.custodyledger.model.AccessFailure;

/**
 * Oversight's reads: the refused requests (401/403) at {@code /api/v1/audit/access-failures},
 * and full-ledger audits as background jobs at {@code /api/v1/ledger/audits}.
 */
final class AuditHandlers {
    private final CustodyService custody;
    private final AuditJobs audits;
    private final Access access;

    AuditHandlers(CustodyService custody, AuditJobs audits, Access access) {
        this.custody = custody;
        this.audits = audits;
        this.access = access;
    }

    void mount(Router router) {
        router.get("/api/v1/audit/access-failures").handler(access.allow(Role.OVERSIGHT, Role.ADMIN))
                .handler(Params.only("cursor", "limit")).handler(this::accessFailures);
        router.post("/api/v1/ledger/audits").handler(BodyHandler.create(false).setBodyLimit(4096))
                .handler(access.allow(Role.OVERSIGHT, Role.ADMIN)).handler(Params.only()).handler(this::startAudit);
        router.get("/api/v1/ledger/audits").handler(access.allow(Role.OVERSIGHT, Role.ADMIN))
                .handler(Params.only()).handler(this::listAudits);
        router.get("/api/v1/ledger/audits/:auditId").handler(access.allow(Role.OVERSIGHT, Role.ADMIN))
                .handler(Params.only()).handler(this::audit);
    }

    private void startAudit(RoutingContext ctx) {
        JsonObject body = ctx.body().length() == 0 ? new JsonObject() : Params.jsonBody(ctx);
        AuditJobs.Job job = audits.start(new AuditService.Options(flag(body, "signatures", true),
                flag(body, "rehashBlobs", false)), Access.actor(ctx));
        ctx.response().setStatusCode(202)
                .putHeader("Location", "/api/v1/ledger/audits/" + job.id)
                .putHeader("Content-Type", "application/json")
                .end(job(job).encode());
    }

    private void listAudits(RoutingContext ctx) {
        JsonArray items = new JsonArray();
        audits.recent().forEach(j -> items.add(job(j)));
        LedgerHandlers.json(ctx, new JsonObject().put("items", items));
    }

    private void audit(RoutingContext ctx) {
        LedgerHandlers.json(ctx, job(audits.get(ctx.pathParam("auditId"))));
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
                .put("status", j.status().name().toLowerCase(java.util.Locale.ROOT))
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

    private void accessFailures(RoutingContext ctx) {
        int limit = Params.limit(ctx, 100, 1000);
        custody.accessFailures(ctx.request().getParam("cursor"), limit)
                .onSuccess(list -> {
                    JsonArray items = new JsonArray();
                    list.forEach(f -> items.add(json(f)));
                    String next = list.size() < limit ? null : Long.toString(list.get(list.size() - 1).id());
                    LedgerHandlers.json(ctx, new JsonObject().put("items", items).put("nextCursor", next));
                })
                .onFailure(ctx::fail);
    }

    private static JsonObject json(AccessFailure f) {
        JsonObject json = new JsonObject()
                .put("id", f.id())
                .put("at", Views.time(f.at()))
                .put("status", f.status())
                .put("actorId", f.actorId())
                .put("actorRoles", f.actorRoles())
                .put("method", f.method())
                .put("route", f.route())
                .put("reason", f.reason())
                .put("remote", f.remote())
                .put("requestId", f.requestId());
        json.fieldNames().removeIf(k -> json.getValue(k) == null);
        return json;
    }
}
