package org.custodyledger.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.custodyledger.service.ItemOutcome;
import org.custodyledger.service.ServiceException;

/** A many-footage answer: per item what was done (its event), or why it was refused or failed (status and detail). */
final class ItemViews {
    private ItemViews() {
    }

    static JsonObject batch(ItemOutcome.Batch batch) {
        JsonArray items = new JsonArray();
        int done = 0;
        int errors = 0;
        for (ItemOutcome o : batch.items()) {
            JsonObject item = new JsonObject().put("footageId", o.footageId());
            if (o.refusal() == null) {
                done++;
                item.put("outcome", "done").put("event", new JsonObject().put("index", o.entry().index())
                        .put("type", o.entry().event().event().type().name())
                        .put("leafHash", Views.base64(o.entry().leafHash())));
            } else {
                errors += o.error() ? 1 : 0;
                item.put("outcome", o.error() ? "error" : "refused").put("status", status(o.refusal().kind()))
                        .put("detail", o.refusal().getMessage());
            }
            items.add(item);
        }
        return new JsonObject().put("done", done).put("refused", batch.items().size() - done - errors).put("errors", errors)
                .put("items", items)
                .put("nextCursor", batch.nextCursor());
    }

    /** The status the single action would have answered with this refusal. */
    static int status(ServiceException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case GONE -> 410;
            case TOO_LARGE -> 413;
            case UNPROCESSABLE -> 422;
            case TIMEOUT -> 408;
            case STORAGE_FULL -> 507;
            case UNAVAILABLE, BUSY -> 503;
        };
    }
}
