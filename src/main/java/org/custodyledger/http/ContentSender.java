package org.custodyledger.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.custodyledger.footage.CheckedFileSender;
import org.custodyledger.model.FootageRow;
import org.custodyledger.service.Actor;
import org.custodyledger.service.ContentAccess;
import org.custodyledger.service.ContentIntegrity;

/**
 * Sends granted content: whole, or a single Range (video players seek with them), with its
 * digest and event index; a file that no longer matches its hash is never vouched for. Staff
 * and share recipients are served alike.
 */
final class ContentSender {
    static final String EVENT_HEADER = "Custody-Event-Index";
    private final ContentIntegrity integrity;

    ContentSender(ContentIntegrity integrity) {
        this.integrity = integrity;
    }

    /**
     * Answers with the granted content; {@code actor} is who any integrity failure is recorded
     * under, {@code cacheControl} how (not) to keep the answer.
     */
    void send(RoutingContext ctx, ContentAccess.Grant access, boolean download, Actor actor, String cacheControl) {
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
        boolean playable = playable(row.mediaType());
        HttpServerResponse response = ctx.response()
                .putHeader("Accept-Ranges", "bytes")
                .putHeader(ReprDigest.HEADER, ReprDigest.of(row.sha256()))
                .putHeader("ETag", "\"" + row.sha256().hex() + "\"")
                .putHeader("Content-Type", playable ? row.mediaType() : "application/octet-stream")
                // Uploaded bytes are never a page of this origin (where the workspace's session lives).
                .putHeader("Content-Security-Policy", "sandbox; default-src 'none'")
                .putHeader("Content-Disposition", (download || !playable ? "attachment" : "inline")
                        + "; filename*=UTF-8''" + URLEncoder.encode(row.filename(), StandardCharsets.UTF_8)
                        .replace("+", "%20"))
                .putHeader("Cache-Control", cacheControl)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader(EVENT_HEADER, Long.toString(access.eventIndex()));
        if (range == null) {
            response.putHeader("Content-Length", Long.toString(row.size()));
            integrity.sendWhole(row, response).onFailure(err -> failed(ctx, access, actor, err));
        } else {
            integrity.checkBeforeRange(row).onSuccess(v -> response.setStatusCode(206)
                            .putHeader("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + row.size())
                            .putHeader("Content-Length", Long.toString(range.length())))
                    .compose(v -> integrity.localFile(row)
                            .map(file -> response.sendFile(file.toString(), range.first(), range.length()))
                            .orElseGet(() -> integrity.streamRange(row, range.first(), range.length(), response)))
                    .onFailure(err -> failed(ctx, access, actor, err));
        }
    }

    /**
     * Whether a detected type may be shown inline under its own type: video, audio and raster
     * images. Anything else (HTML, SVG, PDF, scripts, unknown) is served as an attachment of
     * application/octet-stream, so a browser never renders uploaded markup on this origin.
     */
    static boolean playable(String mediaType) {
        if (mediaType == null) {
            return false;
        }
        String type = mediaType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("video/") || type.startsWith("audio/")
                || (type.startsWith("image/") && !type.startsWith("image/svg"));
    }

    /**
     * A file that no longer matches its registered hash is never vouched for: a transfer under
     * way is cut (no clean end), one not begun is refused, and either way the failure is recorded.
     */
    private void failed(RoutingContext ctx, ContentAccess.Grant access, Actor actor, Throwable err) {
        if (!(err instanceof CheckedFileSender.IntegrityException mismatch)) {
            if (!ctx.response().closed()) {
                // Not begun (the store unavailable): the problem answer must not carry the content's headers.
                if (!ctx.response().headWritten()) {
                    withoutContentHeaders(ctx);
                }
                ctx.fail(err);
            }
            // else: the player went away mid-transfer (it does on every seek); nothing to answer.
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
        }
        integrity.recordFailure(access.footage(), actor, mismatch)
                .onComplete(recorded -> {
                    if (!ctx.response().headWritten() && !ctx.response().closed()) {
                        withoutContentHeaders(ctx);
                        Problems.send(ctx, 500, "Internal Server Error", "the stored file of " + access.footage().id()
                                + " no longer matches its registered SHA-256, so it was not served; the failure is recorded"
                                + (recorded.succeeded() ? " in the ledger at index " + recorded.result().index() : ""));
                    }
                });
    }

    private static void withoutContentHeaders(RoutingContext ctx) {
        ctx.response().setStatusCode(200).headers().remove(ReprDigest.HEADER).remove("ETag").remove("Content-Length")
                .remove("Content-Range").remove("Content-Disposition").remove(EVENT_HEADER);
    }
}
