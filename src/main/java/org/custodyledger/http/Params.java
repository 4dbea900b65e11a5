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

    /** An optional page size: {@code fallback} when absent, otherwise 1 to {@code max}. */
    static int limit(RoutingContext ctx, int fallback, int max) {
        String raw = ctx.request().getParam("limit");
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        if (!raw.matches("\\d{1,4}") || Integer.parseInt(raw) < 1 || Integer.parseInt(raw) > max) {
            throw ServiceException.invalid("limit must be between 1 and " + max + ", got '" + abbreviate(raw) + "'");
        }
        return Integer.parseInt(raw);
    }

    /** An optional flag: absent or "false" is false, "true" is true, anything else a 400. */
    static boolean flag(RoutingContext ctx, String name) {
        String raw = ctx.request().getParam(name);
        if (raw == null || raw.isEmpty() || raw.equals("false")) {
            return false;
        }
        if (raw.equals("true")) {
            return true;
        }
        throw ServiceException.invalid("parameter '" + name + "' must be true or false, got '" + abbreviate(raw) + "'");
    }

    /** The request's JSON object body (a body handler ran before); a 400 when it is not one. */
    static io.vertx.core.json.JsonObject jsonBody(RoutingContext ctx) {
        io.vertx.core.json.JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
            throw ServiceException.invalid("the body must be a JSON object: " + e.getMessage());
        }
        if (body == null) {
            throw ServiceException.invalid("the body must be a JSON object");
        }
        return body;
    }

    /** An optional string field of a JSON body; any other type is a 400 naming it. */
    static String string(io.vertx.core.json.JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v != null && !(v instanceof String)) {
            throw ServiceException.invalid(field + " must be a string");
        }
        return (String) v;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
