package org.custodyledger.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.custodyledger.storage.Database;

/** GET /health: 200 when the database answers within a second, 503 otherwise. */
final class HealthHandler implements Handler<RoutingContext> {
    private static final long DB_TIMEOUT_MS = 1000;
    private final Database database;

    HealthHandler(Database database) {
        this.database = database;
    }

    @Override
    public void handle(RoutingContext ctx) {
        database.ping(DB_TIMEOUT_MS).onComplete(ar -> {
            boolean up = ar.succeeded();
            JsonObject body = new JsonObject()
                    .put("status", up ? "UP" : "DOWN")
                    .put("database", up ? "UP" : "DOWN");
            if (!up) {
                body.put("detail", "database unreachable: " + ar.cause().getMessage());
            }
            ctx.response()
                    .setStatusCode(up ? 200 : 503)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(body.encode());
        });
    }
}
