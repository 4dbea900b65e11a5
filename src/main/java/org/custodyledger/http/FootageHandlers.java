package org.custodyledger.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.Base64;
import org.custodyledger.service.IngestService;
import org.custodyledger.service.Inputs;
import org.custodyledger.service.ServiceException;
import org.custodyledger.storage.FootageRow;

/** Footage intake and lookup: {@code /api/v1/footage}. Uploads are streamed, never through a body handler. */
final class FootageHandlers {
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final int MAX_JSON_BODY = 256 * 1024;
    private final IngestService ingest;

    FootageHandlers(IngestService ingest) {
        this.ingest = ingest;
    }

    void mount(Router router) {
        router.post("/api/v1/footage/by-hash").handler(BodyHandler.create(false).setBodyLimit(MAX_JSON_BODY))
                .handler(this::registerHash);
        router.post("/api/v1/footage").handler(this::upload);
        // `curl -T file URL` sends PUT: accepted as the same upload.
        router.put("/api/v1/footage").handler(this::upload);
        router.get("/api/v1/footage").handler(this::list);
        router.get("/api/v1/footage/:id").handler(this::get);
    }

    private void upload(RoutingContext ctx) {
        var request = ctx.request();
        String length = request.getHeader("Content-Length");
        if (length != null && length.matches("\\d{1,19}") && Long.parseLong(length) > ingest.limits().maxUploadBytes()) {
            throw new ServiceException(ServiceException.Kind.TOO_LARGE, "the upload is " + length
                    + " bytes, more than the limit of " + ingest.limits().maxUploadBytes());
        }
        IngestService.UploadRequest req = ingest.uploadRequest(request.getParam("filename"), request.getParam("incident"),
                request.getParam("recordedAt"), request.getParam("device"), request.getParam("notes"),
                ReprDigest.sha256(request.getHeader(ReprDigest.HEADER)));
        // Only now ask a client that waits for "100 Continue" to send the bytes.
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            ctx.response().writeContinue();
        }
        ingest.upload(request, req, Actors.of(ctx))
                .onSuccess(r -> registered(ctx, r))
                .onFailure(ctx::fail);
    }

    private void registerHash(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw ServiceException.invalid("the body must be a JSON object: " + e.getMessage());
        }
        if (body == null) {
            throw ServiceException.invalid("the body must be a JSON object with sha256, size and filename");
        }
        Object size = body.getValue("size");
        if (!(size instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
            throw ServiceException.invalid("size must be a non-negative integer number of bytes");
        }
        Object metadata = body.getValue("metadata");
        if (metadata != null && !(metadata instanceof JsonObject)) {
            throw ServiceException.invalid("metadata must be a JSON object");
        }
        IngestService.HashRegistration reg = new IngestService.HashRegistration(
                Inputs.sha256("sha256", string(body, "sha256")), n.longValue(),
                Inputs.filename(string(body, "filename"), ingest.limits().maxFilenameLength()),
                Inputs.text("incident", string(body, "incident"), IngestService.MAX_INCIDENT),
                Inputs.text("mediaType", string(body, "mediaType"), 255),
                Inputs.time("recordedAt", string(body, "recordedAt")),
                (JsonObject) metadata,
                Inputs.text("storageLocation", string(body, "storageLocation"), 1024));
        ingest.registerHash(reg, Actors.of(ctx)).onSuccess(r -> registered(ctx, r)).onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        ingest.get(id)
                .compose(row -> ingest.registration(id).map(entry -> {
                    JsonObject json = footageJson(row);
                    if (entry != null) {
                        json.put("registration", new JsonObject().put("index", entry.index())
                                .put("leafHash", B64.encodeToString(entry.leafHash())));
                    }
                    return json;
                }))
                .onSuccess(json -> LedgerHandlers.json(ctx, json))
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        var request = ctx.request();
        String sha = request.getParam("sha256");
        String limit = request.getParam("limit");
        if (limit != null && !limit.matches("\\d{1,4}")) {
            throw ServiceException.invalid("limit must be between 1 and 500, got '" + limit + "'");
        }
        ingest.list(sha == null ? null : Inputs.sha256("sha256", sha),
                        Inputs.text("incident", request.getParam("incident"), IngestService.MAX_INCIDENT),
                        request.getParam("cursor"), limit == null ? 50 : Integer.parseInt(limit))
                .onSuccess(page -> {
                    JsonArray items = new JsonArray();
                    page.items().forEach(r -> items.add(footageJson(r)));
                    LedgerHandlers.json(ctx, new JsonObject().put("items", items).put("nextCursor", page.nextCursor()));
                })
                .onFailure(ctx::fail);
    }

    private static void registered(RoutingContext ctx, IngestService.Registered r) {
        JsonObject json = footageJson(r.footage())
                .put("event", new JsonObject()
                        .put("index", r.entry().index())
                        .put("leafHash", B64.encodeToString(r.entry().leafHash()))
                        .put("type", r.entry().event().event().type().name())
                        .put("time", r.entry().event().event().toMap().get("time"))
                        .put("actorId", r.entry().event().event().actorId())
                        .put("keyId", r.entry().event().keyId()))
                .put("checkpoint", r.entry().checkpointNote())
                .put("inclusionProof", new JsonObject()
                        .put("index", r.entry().index())
                        .put("treeSize", r.entry().checkpoint().size())
                        .put("leafHash", B64.encodeToString(r.entry().leafHash()))
                        .put("hashes", LedgerHandlers.hashes(r.entry().inclusionProof())));
        ctx.response()
                .setStatusCode(r.created() ? 201 : 200)
                .putHeader("Location", "/api/v1/footage/" + r.footage().id())
                .putHeader("Content-Type", "application/json")
                .end(json.encode());
    }

    static JsonObject footageJson(FootageRow row) {
        JsonObject json = new JsonObject()
                .put("id", row.id())
                .put("sha256", row.sha256().hex())
                .put("size", row.size())
                .put("mediaType", row.mediaType())
                .put("filename", row.filename())
                .put("incident", row.incident())
                .put("device", row.device())
                .put("notes", row.notes())
                .put("recordedAt", time(row.recordedAt()))
                .put("uploadedBy", row.uploadedBy())
                .put("uploadedAt", time(row.uploadedAt()))
                .put("held", row.held())
                .put("storageLocation", row.storageLocation())
                .put("metadata", row.metadata());
        json.fieldNames().removeIf(k -> json.getValue(k) == null);
        return json;
    }

    private static String time(Instant t) {
        return t == null ? null : org.custodyledger.custody.CustodyEvent.formatTime(t);
    }

    private static String string(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v != null && !(v instanceof String)) {
            throw ServiceException.invalid(field + " must be a string");
        }
        return (String) v;
    }
}
