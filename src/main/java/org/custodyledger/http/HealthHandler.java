package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.LongFunction;

/** GET /health: 200 when the database answers within a second, 503 otherwise. */
final class HealthHandler implements Handler<RoutingContext> {
    private static final long DB_TIMEOUT_MS = 1000;
    /** Pings the database, failing when it does not answer within the given milliseconds. */
    private final LongFunction<Future<Void>> databasePing;

    HealthHandler(LongFunction<Future<Void>> databasePing) {
        this.databasePing = databasePing;
    }

    @Override
    public void handle(RoutingContext ctx) {
        databasePing.apply(DB_TIMEOUT_MS).onComplete(ar -> {
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
