package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.custodyledger.service.CourtExports;
import org.custodyledger.service.Inputs;
import org.custodyledger.service.ServiceException;
import org.custodyledger.service.ReportJson;
import org.custodyledger.service.Role;
import org.custodyledger.service.VerificationService;

/**
 * Verification: {@code GET /api/v1/footage/{id}/verify} (a report naming each check),
 * {@code POST /api/v1/verify} ("is this copy ours?") and {@code GET /api/v1/footage/{id}/bundle}
 * (the offline evidence bundle). A failed check is a 200 with {@code verified:false}: the
 * verification worked, the evidence did not.
 */
final class VerifyHandlers {
    private final VerificationService verification;
    private final Access access;
    private final BodyStreams bodies;
    private final CourtExports exports;

    VerifyHandlers(VerificationService verification, CourtExports exports, Access access, BodyStreams bodies) {
        this.verification = verification;
        this.exports = exports;
        this.access = access;
        this.bodies = bodies;
    }

    void mount(Router router) {
        router.get("/api/v1/footage/:id/verify").handler(access.allow(Role.REVIEWER, Role.OVERSIGHT, Role.ADMIN))
                .handler(Params.only())
                .handler(this::verify);
        router.get("/api/v1/footage/:id/bundle").handler(access.allow(Role.REVIEWER, Role.OVERSIGHT, Role.ADMIN))
                .handler(Params.only("purpose", "format"))
                .handler(this::bundle);
        // The copy is streamed and hashed, never stored: no body handler.
        router.post("/api/v1/verify").handler(access.allow(Role.REVIEWER, Role.OVERSIGHT, Role.ADMIN))
                .handler(Params.only("sha256")).handler(this::copy);
    }

    private void verify(RoutingContext ctx) {
        verification.verify(ctx.pathParam("id"), Access.actor(ctx))
                .onSuccess(r -> {
                    JsonObject json = new JsonObject()
                            .put("verified", r.report().verified())
                            .put("footageId", r.footage().id())
                            .put("sha256", r.footage().sha256().hex())
                            .put("checkedAt", Views.time(r.checkedAt()))
                            .put("checkpoint", new JsonObject().put("size", r.checkpointSize())
                                    .put("root", Views.base64(r.checkpointRoot())))
                            .put("checks", ReportJson.checks(r.report()));
                    if (r.recorded() != null) {
                        json.put("recordedAs", Views.appended(r.recorded()));
                    } else {
                        json.put("notRecorded", r.notRecordedBecause());
                    }
                    Replies.json(ctx, json);
                })
                .onFailure(ctx::fail);
    }

    /** Streams the copy in: admitted first, then (if the client waits for it) "100 Continue". */
    private Future<VerificationService.CopyCheck> checkCopy(RoutingContext ctx) {
        Future<Void> clientGone = bodies.admit(ctx);
        if ("100-continue".equalsIgnoreCase(ctx.request().getHeader("Expect"))) {
            ctx.response().writeContinue();
        }
        return verification.checkCopy(ctx.request(), clientGone, Access.actor(ctx));
    }

    private void copy(RoutingContext ctx) {
        String sha = ctx.request().getParam("sha256");
        var answer = sha != null
                ? verification.checkHash(Inputs.sha256("sha256", sha), -1, Access.actor(ctx))
                : checkCopy(ctx);
        answer.onSuccess(c -> {
            JsonObject json = new JsonObject()
                    .put("registered", c.footage() != null)
                    .put("sha256", c.sha256().hex());
            if (c.size() >= 0) {
                json.put("size", c.size());
            }
            if (c.footage() != null) {
                JsonArray history = new JsonArray();
                c.history().forEach(i -> history.add(Views.event(i.index(), i.leafHash(), i.event())));
                json.put("footage", Views.footage(c.footage())).put("history", history);
            } else {
                json.put("detail", "no footage with this SHA-256 is registered in this ledger");
            }
            Replies.json(ctx, json);
        }).onFailure(ctx::fail);
    }

    private void bundle(RoutingContext ctx) {
        String why = Inputs.purpose(ctx.request().getParam("purpose"),
                "purpose is required to export a bundle: say why (?purpose=…)");
        // Refused before anything is appended: an unknown format records no export.
        String format = ctx.request().getParam("format");
        if ("case".equals(format) || "pdf".equals(format)) {
            ("case".equals(format) ? exports.caseUco(ctx.pathParam("id"), why, Access.actor(ctx), Views::footage)
                    : exports.pdf(ctx.pathParam("id"), why, Access.actor(ctx), Views::footage))
                    .onSuccess(export -> ctx.response()
                            .putHeader("Content-Type", export.mediaType())
                            .putHeader("Content-Disposition", "attachment; filename=\"" + export.filename() + "\"")
                            .putHeader("Cache-Control", "private, no-store")
                            .end(io.vertx.core.buffer.Buffer.buffer(export.body())))
                    .onFailure(ctx::fail);
            return;
        }
        if (format != null && !"json".equals(format)) {
            throw ServiceException.invalid("format must be json (the evidence bundle, the default), case (CASE/UCO 1.4"
                    + " JSON-LD) or pdf (a printable chain-of-custody report), not \"" + format + "\"");
        }
        verification.bundle(ctx.pathParam("id"), why, Access.actor(ctx), Views::footage)
                .onSuccess(bundle -> ctx.response()
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Content-Disposition", "attachment; filename=\"" + bundle.footageId() + ".bundle.json\"")
                        .putHeader("Cache-Control", "private, no-store")
                        .end(bundle.json()))
                .onFailure(ctx::fail);
    }
}
