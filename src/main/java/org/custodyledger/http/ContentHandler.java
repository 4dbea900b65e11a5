package org.custodyledger.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.custodyledger.footage.CheckedFileSender;
import org.custodyledger.service.ContentIntegrity;
import org.custodyledger.service.Inputs;
import org.custodyledger.service.ContentAccess;
import org.custodyledger.service.Role;
import org.custodyledger.model.FootageRow;

/**
 * {@code GET /api/v1/footage/{id}/content?purpose=…[&download=true]}: the bytes, only after
 * the VIEWED (or EXPORTED) event is committed. Supports single Range requests (video players
 * seek with them); a player's requests within one session share one event.
 */
final class ContentHandler {
    static final String EVENT_HEADER = "Custody-Event-Index";
    private final ContentAccess content;
    private final ContentIntegrity integrity;
    private final Access access;

    ContentHandler(ContentAccess content, ContentIntegrity integrity, Access access) {
        this.content = content;
        this.integrity = integrity;
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
                .onSuccess(access -> {
                    FootageRow row = access.footage();
                    String rangeHeader = ctx.request().getHeader("Range");
                    ByteRange range;
                    try {
                        range = ByteRange.parse(rangeHeader, row.size());
                    } catch (ByteRange.Unsatisfiable e) {
                        ctx.response().putHeader("Content-Range", "bytes */" + e.size);
                        Problems.send(ctx, 416, "Range Not Satisfiable", e.getMessage());
                        return;
                    }
                    HttpServerResponse response = ctx.response()
                            .putHeader("Accept-Ranges", "bytes")
                            .putHeader(ReprDigest.HEADER, ReprDigest.of(row.sha256()))
                            .putHeader("ETag", "\"" + row.sha256().hex() + "\"")
                            .putHeader("Content-Type", row.mediaType() == null ? "application/octet-stream" : row.mediaType())
                            .putHeader("Content-Disposition", (download ? "attachment" : "inline")
                                    + "; filename*=UTF-8''" + URLEncoder.encode(row.filename(), StandardCharsets.UTF_8)
                                    .replace("+", "%20"))
                            .putHeader("Cache-Control", "private, no-store")
                            .putHeader("X-Content-Type-Options", "nosniff")
                            .putHeader(EVENT_HEADER, Long.toString(access.eventIndex()));
                    if (range == null) {
                        response.putHeader("Content-Length", Long.toString(row.size()));
                        integrity.sendWhole(row, response).onFailure(err -> failed(ctx, access, err));
                    } else {
                        integrity.checkBeforeRange(row).onSuccess(v -> response.setStatusCode(206)
                                        .putHeader("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + row.size())
                                        .sendFile(access.file().toString(), range.first(), range.length())
                                        .onFailure(ctx::fail))
                                .onFailure(err -> failed(ctx, access, err));
                    }
                })
                .onFailure(ctx::fail);
    }

    /**
     * A file that no longer matches its registered hash is never vouched for: a transfer under
     * way is cut (no clean end), one not begun is refused, and either way the failure is recorded.
     */
    private void failed(RoutingContext ctx, ContentAccess.Grant access, Throwable err) {
        if (!(err instanceof CheckedFileSender.IntegrityException mismatch)) {
            if (!ctx.response().closed()) {
                ctx.fail(err);
            }
            // else: the player went away mid-transfer (it does on every seek); nothing to answer.
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
        }
        integrity.recordFailure(access.footage(), Access.actor(ctx), mismatch)
                .onComplete(recorded -> {
                    if (!ctx.response().headWritten() && !ctx.response().closed()) {
                        ctx.response().headers().remove(ReprDigest.HEADER).remove("ETag").remove("Content-Length")
                                .remove("Content-Disposition").remove(EVENT_HEADER);
                        Problems.send(ctx, 500, "Internal Server Error", "the stored file of " + access.footage().id()
                                + " no longer matches its registered SHA-256, so it was not served; the failure is recorded"
                                + (recorded.succeeded() ? " in the ledger at index " + recorded.result().index() : ""));
                    }
                });
    }
}
