package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.model.FootageFilter;
import org.custodyledger.service.Actor;
import org.custodyledger.service.FootageQueries;
import org.custodyledger.service.Cases;
import org.custodyledger.service.Inputs;
import org.custodyledger.service.Registrations;
import org.custodyledger.service.Role;
import org.custodyledger.service.ServiceException;
import org.custodyledger.service.Uploads;

/** Footage intake and lookup: {@code /api/v1/footage}. Uploads are streamed, never through a body handler. */
final class FootageHandlers {
    private static final int MAX_JSON_BODY = 256 * 1024;
    /** As long as a token's or a sign-in's {@code sub} may be. */
    private static final int MAX_OFFICER = 256;
    /** A file name prefix to search by: no longer than a file name is kept. */
    private static final int MAX_FILENAME = 255;
    private static final String[] UPLOAD_PARAMS = {"filename", "incident", "recordedAt", "device", "notes", "derivedFrom"};
    private final Uploads uploads;
    private final Registrations registrations;
    private final FootageQueries queries;
    private final Access access;
    private final BodyStreams bodies;

    FootageHandlers(Uploads uploads, Registrations registrations, FootageQueries queries, Access access,
                    BodyStreams bodies) {
        this.uploads = uploads;
        this.registrations = registrations;
        this.queries = queries;
        this.access = access;
        this.bodies = bodies;
    }

    void mount(Router router) {
        // Vert.x Web reads a (small, bounded) JSON body before any other handler; uploads have no
        // body handler, so their token is checked before a byte of the file is read.
        router.post("/api/v1/footage/by-hash").handler(BodyHandler.create(false).setBodyLimit(MAX_JSON_BODY))
                .handler(access.allow(Role.OFFICER, Role.REVIEWER)).handler(Params.only()).handler(this::registerHash);
        router.post("/api/v1/footage").handler(access.allow(Role.OFFICER, Role.REVIEWER))
                .handler(Params.only(UPLOAD_PARAMS)).handler(this::upload);
        // `curl -T file URL` sends PUT: accepted as the same upload.
        router.put("/api/v1/footage").handler(access.allow(Role.OFFICER, Role.REVIEWER))
                .handler(Params.only(UPLOAD_PARAMS)).handler(this::upload);
        router.get("/api/v1/footage").handler(access.allow(Role.REVIEWER, Role.OVERSIGHT, Role.ADMIN, Role.OFFICER))
                .handler(Params.only("sha256", "incident", "case", "officer", "recordedFrom", "recordedTo", "device",
                        "filename", "limit", "cursor"))
                .handler(this::list);
        router.get("/api/v1/footage/:id").handler(access.allow(Role.REVIEWER, Role.OVERSIGHT, Role.ADMIN, Role.OFFICER))
                .handler(Params.only())
                .handler(this::get);
    }

    private void upload(RoutingContext ctx) {
        var request = ctx.request();
        String length = request.getHeader("Content-Length");
        Uploads.Limits limits = uploads.limits();
        if (length != null && length.matches("\\d{1,19}") && Long.parseLong(length) > limits.maxUploadBytes()) {
            throw new ServiceException(ServiceException.Kind.TOO_LARGE, "the upload is " + length
                    + " bytes, more than the limit of " + limits.maxUploadBytes());
        }
        // The header first, then the parameters in order: the first thing wrong is the one named.
        Sha256Digest claimed = ReprDigest.sha256(request.getHeader(ReprDigest.HEADER));
        String derivedFrom = request.getParam("derivedFrom");
        Uploads.UploadRequest req = new Uploads.UploadRequest(
                Inputs.filename(request.getParam("filename"), limits.maxFilenameLength()),
                Inputs.text("incident", request.getParam("incident"), Registrations.MAX_INCIDENT),
                Inputs.time("recordedAt", request.getParam("recordedAt")),
                Inputs.text("device", request.getParam("device"), Registrations.MAX_DEVICE),
                Inputs.text("notes", request.getParam("notes"), Registrations.MAX_NOTES),
                claimed,
                derivedFrom == null || derivedFrom.isEmpty() ? null : Inputs.footageId("derivedFrom", derivedFrom));
        Actor actor = Access.actor(ctx);
        // Read nothing until the request is admitted: the body waits (paused) while the original is looked up.
        request.pause();
        Future<Void> clientGone = bodies.admit(ctx);
        uploads.admit(req, actor).compose(original -> {
                    // Only now ask a client that waits for "100 Continue" to send the bytes.
                    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
                        ctx.response().writeContinue();
                    }
                    return uploads.upload(request, clientGone, req, original, actor);
                })
                .onSuccess(r -> registered(ctx, r))
                .onFailure(ctx::fail);
    }

    private void registerHash(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        Object size = body.getValue("size");
        if (!(size instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
            throw ServiceException.invalid("size must be a non-negative integer number of bytes");
        }
        Object metadata = body.getValue("metadata");
        if (metadata != null && !(metadata instanceof JsonObject)) {
            throw ServiceException.invalid("metadata must be a JSON object");
        }
        Registrations.HashRegistration reg = new Registrations.HashRegistration(
                Inputs.sha256("sha256", Params.string(body, "sha256")), n.longValue(),
                Inputs.filename(Params.string(body, "filename"), uploads.limits().maxFilenameLength()),
                Inputs.text("incident", Params.string(body, "incident"), Registrations.MAX_INCIDENT),
                Inputs.text("mediaType", Params.string(body, "mediaType"), Registrations.MAX_MEDIA_TYPE),
                Inputs.time("recordedAt", Params.string(body, "recordedAt")),
                (JsonObject) metadata,
                Inputs.text("storageLocation", Params.string(body, "storageLocation"), Registrations.MAX_STORAGE_LOCATION));
        registrations.registerHash(reg, Access.actor(ctx)).onSuccess(r -> registered(ctx, r)).onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        queries.get(id, Access.actor(ctx))
                .compose(row -> queries.registration(id).map(entry -> {
                    JsonObject json = Views.footage(row);
                    if (entry != null) {
                        json.put("registration", new JsonObject().put("index", entry.index())
                                .put("leafHash", Views.base64(entry.leafHash())));
                    }
                    return json;
                }))
                .onSuccess(json -> Replies.json(ctx, json))
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        var request = ctx.request();
        String sha = request.getParam("sha256");
        FootageFilter filter = new FootageFilter(sha == null ? null : Inputs.sha256("sha256", sha),
                Inputs.text("incident", request.getParam("incident"), Registrations.MAX_INCIDENT),
                Inputs.text("officer", request.getParam("officer"), MAX_OFFICER),
                Inputs.time("recordedFrom", request.getParam("recordedFrom")),
                Inputs.time("recordedTo", request.getParam("recordedTo")),
                Inputs.text("device", request.getParam("device"), Registrations.MAX_DEVICE),
                Inputs.text("filename", request.getParam("filename"), MAX_FILENAME));
        queries.list(filter, request.getParam("case") == null ? null : Cases.number("case", request.getParam("case")),
                        Params.page(ctx, 50, 500), Access.actor(ctx))
                .onSuccess(page -> Replies.json(ctx, Views.page(page, Views::footage)))
                .onFailure(ctx::fail);
    }

    private static void registered(RoutingContext ctx, Registrations.Registered r) {
        JsonObject record = r.readable() ? Views.footage(r.footage()) : new JsonObject()
                .put("id", r.footage().id())
                .put("sha256", r.footage().sha256().hex())
                .put("size", r.footage().size())
                .put("detail", "these bytes were already registered by another officer; your re-submission is recorded,"
                        + " but that record is not yours to read");
        JsonObject json = record.mergeIn(Views.appended(r.entry()));
        ctx.response()
                .setStatusCode(r.created() ? 201 : 200)
                .putHeader("Location", "/api/v1/footage/" + r.footage().id())
                .putHeader("Content-Type", "application/json")
                .end(json.encode());
    }
}
