package org.custodyledger.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.custodyledger.service.CustodyService;
import org.custodyledger.service.Role;
import org.custodyledger.storage.AccessFailure;

/** {@code GET /api/v1/audit/access-failures}: the refused requests (401/403), for oversight. */
final class AuditHandlers {
    private final CustodyService custody;
    private final Access access;

    AuditHandlers(CustodyService custody, Access access) {
        this.custody = custody;
        this.access = access;
    }

    void mount(Router router) {
        router.get("/api/v1/audit/access-failures").handler(access.allow(Role.OVERSIGHT, Role.ADMIN))
                .handler(this::accessFailures);
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
