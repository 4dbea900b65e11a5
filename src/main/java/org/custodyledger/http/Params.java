package org.custodyledger.http;

import io.vertx.ext.web.RoutingContext;
import org.custodyledger.service.ServiceException;

/** Strict parsing of path and query parameters: a bad one is a 400 naming it. */
final class Params {
    private Params() {
    }

    static long requiredLong(RoutingContext ctx, String name) {
        String raw = ctx.pathParam(name);
        if (raw == null) {
            raw = ctx.request().getParam(name);
        }
        if (raw == null || raw.isEmpty()) {
            throw ServiceException.invalid("parameter '" + name + "' is required");
        }
        if (!raw.matches("\\d{1,18}")) {
            throw ServiceException.invalid("parameter '" + name + "' must be a non-negative decimal integer, got '"
                    + abbreviate(raw) + "'");
        }
        return Long.parseLong(raw);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
