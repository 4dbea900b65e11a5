package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * What the public dashboard's server-side page reads: the transparency reports as the API
 * answers them (docs/FORMATS.md §11), so the page without JavaScript shows the same numbers.
 */
interface TransparencySource {
    /** {@code {"reports":[{"period","kind","status",…}, …]}}, newest first. */
    Future<JsonObject> list();

    /** One period's report JSON; fails with the service's 400/404 for a malformed or unknown period. */
    Future<JsonObject> report(String period);
}
