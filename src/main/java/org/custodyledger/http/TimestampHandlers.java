package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.custodyledger.model.StoredTimestamp;
import org.custodyledger.service.TimestampJson;
import org.custodyledger.service.Timestamps;

/**
 * The RFC 3161 timestamps of checkpoints (src/main/resources/api/openapi.json). Public like the
 * checkpoint: a token is over a note of hashes and reveals nothing else.
 */
final class TimestampHandlers {
    private final Timestamps timestamps;

    TimestampHandlers(Timestamps timestamps) {
        this.timestamps = timestamps;
    }

    void mount(Router router) {
        router.get("/api/v1/ledger/timestamps/latest").handler(Params.only()).handler(ctx -> {
            // A newer token replaces the answer at every interval the log grew: caches must revalidate.
            ctx.response().putHeader("Cache-Control", "no-cache");
            reply(ctx, timestamps.latest());
        });
        router.get("/api/v1/ledger/timestamps").handler(Params.only("treeSize"))
                .handler(ctx -> reply(ctx, timestamps.covering(Params.requiredLong(ctx, "treeSize"))));
    }

    private static void reply(RoutingContext ctx, Future<StoredTimestamp> stamp) {
        stamp.onSuccess(s -> Replies.json(ctx, TimestampJson.of(s))).onFailure(ctx::fail);
    }
}
