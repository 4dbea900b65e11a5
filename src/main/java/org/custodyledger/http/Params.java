package org.custodyledger.http;

import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.custodyledger.service.Inputs;
import org.custodyledger.service.PageRequest;
import org.custodyledger.service.ServiceException;

/** Strict parsing of path and query parameters: a bad one is a 400 naming it. */
final class Params {
    /** The JSON bodies of the resource handlers: small objects, never uploads. */
    static final int MAX_JSON_BODY = 64 * 1024;
    /** A '%' not followed by two hex digits. */
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    /** The session's CSRF token in a query string: never echoed. */
    private static final Pattern CSRF_VALUE = Pattern.compile("((?:^|&)" + EventWritingGets.CSRF_PARAM + "=)[^&]*");

    private Params() {
    }

    /**
     * Runs first on every route: a path or query string that does not decode (a stray or
     * malformed percent-escape) is a 400 here, before any handler asks for a parameter.
     */
    static void decodable(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path != null && BAD_ESCAPE.matcher(path).find()) {
            throw ServiceException.invalid("the path is not valid percent-encoding: " + abbreviate(LoggedPaths.of(ctx)));
        }
        try {
            ctx.request().params();
            ctx.queryParams();
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("the query string is not valid percent-encoded UTF-8: "
                    + abbreviate(CSRF_VALUE.matcher(String.valueOf(ctx.request().query())).replaceAll("$1…")));
        }
        ctx.next();
    }

    /**
     * A route's parameter list: any other query parameter, or one given twice, is a 400 naming
     * it, so a filter the service does not know is never silently ignored.
     */
    static Handler<RoutingContext> only(String... names) {
        Set<String> known = Set.of(names);
        return ctx -> {
            var params = ctx.queryParams();
            for (String name : params.names()) {
                if (!known.contains(name) && !(name.equals(EventWritingGets.CSRF_PARAM) && EventWritingGets.matches(ctx))) {
                    throw ServiceException.invalid("unknown parameter '" + abbreviate(name) + "'"
                            + (known.isEmpty() ? ": this resource takes none" : "; this resource takes " + List.of(names)));
                }
                if (params.getAll(name).size() > 1) {
                    throw ServiceException.invalid("parameter '" + abbreviate(name) + "' is given more than once");
                }
            }
            ctx.next();
        };
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

    /**
     * The page a paged endpoint is asked for: {@code limit} 1 to {@code max} ({@code fallback}
     * when absent), and {@code cursor} a {@code nextCursor} this service gave out (absent: the
     * first page). Anything else, a negative cursor included, is a 400.
     */
    static PageRequest page(RoutingContext ctx, int fallback, int max) {
        int limit = limit(ctx, fallback, max);
        String cursor = ctx.request().getParam("cursor");
        if (cursor == null || cursor.isEmpty()) {
            return new PageRequest(PageRequest.FIRST, limit);
        }
        if (!cursor.matches("\\d{1,18}")) {
            throw ServiceException.invalid("cursor is not one this service gave out: '" + abbreviate(cursor) + "'");
        }
        return new PageRequest(Long.parseLong(cursor), limit);
    }

    /** An optional page size: {@code fallback} when absent, otherwise 1 to {@code max}. */
    private static int limit(RoutingContext ctx, int fallback, int max) {
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

    /** Reads a JSON body of at most {@link #MAX_JSON_BODY} bytes, for {@link #jsonBody} to parse. */
    static BodyHandler json() {
        return BodyHandler.create(false).setBodyLimit(MAX_JSON_BODY);
    }

    /** The request's JSON object body (a body handler ran before); a 400 when it is not one. */
    static JsonObject jsonBody(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw ServiceException.invalid("the body must be a JSON object: " + firstLine(e.getMessage()));
        }
        if (body == null) {
            throw ServiceException.invalid("the body must be a JSON object");
        }
        return Inputs.json("body", body);
    }

    /** A JSON body (or nested object, named by {@code prefix}) with no field but {@code known}; any other is a 400 naming it. */
    static void fields(JsonObject body, String prefix, List<String> known) {
        for (String field : body.fieldNames()) {
            if (!known.contains(field)) {
                throw ServiceException.invalid("unknown field '" + prefix + abbreviate(field) + "'; known: " + known);
            }
        }
    }

    /** An optional string field of a JSON body; any other type is a 400 naming it. */
    static String string(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v != null && !(v instanceof String)) {
            throw ServiceException.invalid(field + " must be a string");
        }
        return (String) v;
    }

    /**
     * The page a many-footage request acts on, from its body: {@code cursor} (a {@code nextCursor}
     * this service gave out; absent: the first page) and {@code limit} (1 to {@code max}, default {@code max}).
     */
    static PageRequest bodyPage(JsonObject body, int max) {
        Object cursor = body.getValue("cursor");
        Object limit = body.getValue("limit");
        if (cursor != null && !(cursor instanceof String s && s.matches("\\d{1,18}"))) {
            throw ServiceException.invalid("cursor is not one this service gave out: " + cursor);
        }
        if (limit != null && !(limit instanceof Integer n && n >= 1 && n <= max)) {
            throw ServiceException.invalid("limit must be an integer from 1 to " + max + ", got " + limit);
        }
        return new PageRequest(cursor == null ? PageRequest.FIRST : Long.parseLong((String) cursor),
                limit == null ? max : (Integer) limit);
    }

    /** Jackson's messages run on with source excerpts over several lines; the first says what was wrong. */
    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return abbreviate200(nl < 0 ? message : message.substring(0, nl));
    }

    private static String abbreviate200(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static String abbreviate(String s) {
        return Inputs.abbreviate(s);
    }
}
