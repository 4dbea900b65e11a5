package org.custodyledger.http;

import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * A request path as logs, the access audit and problem bodies may show it: a share's
 * capability is a bearer secret in the path, so it is replaced by "…" wherever a path is kept.
 * The router routes on the normalized path ({@code /api/v1/%73hared/…} and
 * {@code /api/v1/x/../shared/…} reach the shared resources), so that is the path shown, and
 * any segment shaped like a capability (43 base64url characters, escaped or not) is hidden too.
 */
final class LoggedPaths {
    private static final String SHARED = "/api/v1/shared";
    private static final Pattern UNDER_SHARED = Pattern.compile("^(" + SHARED + "/)[^/]*");
    private static final Pattern CAPABILITY_SHAPED = Pattern.compile("(?<=/)(?:[A-Za-z0-9_-]|%[0-9A-Fa-f]{2}){43}(?=/|$)");

    private LoggedPaths() {
    }

    /** The request's path as it may be shown. */
    static String of(RoutingContext ctx) {
        return of(routed(ctx));
    }

    static String of(String path) {
        if (path == null) {
            return null;
        }
        return CAPABILITY_SHAPED.matcher(UNDER_SHARED.matcher(path).replaceFirst("$1…")).replaceAll("…");
    }

    /** Whether the request is for a share's link, by the path the router routes on or the one sent. */
    static boolean isShared(RoutingContext ctx) {
        return under(routed(ctx)) || under(ctx.request().path());
    }

    private static boolean under(String path) {
        return path != null && (path.equals(SHARED) || path.startsWith(SHARED + "/"));
    }

    /** The normalized path the router matches on; when it cannot be had (a bad escape), our own normalization. */
    private static String routed(RoutingContext ctx) {
        try {
            String normalized = ctx.normalizedPath();
            if (normalized != null) {
                return normalized;
            }
        } catch (RuntimeException e) {
            // normalized below
        }
        return normalize(ctx.request().path());
    }

    /** RFC 3986 §6.2.2 for what matters here: escapes of unreserved characters decoded, dot segments removed. */
    static String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder decoded = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                char d = (char) (hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                if (Character.isLetterOrDigit(d) && d < 128 || "-._~".indexOf(d) >= 0) {
                    decoded.append(d);
                    i += 2;
                    continue;
                }
            }
            decoded.append(c);
        }
        java.util.Deque<String> out = new java.util.ArrayDeque<>();
        for (String segment : decoded.toString().split("/", -1)) {
            if (segment.equals("..")) {
                if (out.size() > 1) {
                    out.removeLast();
                }
            } else if (!segment.equals(".")) {
                out.addLast(segment);
            }
        }
        return String.join("/", out);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
