package org.custodyledger.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * The GETs that write a custody event (VIEWED and EXPORTED by content and bundles, VERIFIED by
 * verify). A browser attaches a SameSite=Lax cookie to a cross-site top-level navigation, so
 * with the workspace session these need proof that our own pages sent them: where the browser
 * does not say so in Sec-Fetch-Site, the session's CSRF token, in the X-CSRF-Token header or in
 * the {@code csrf} query parameter (the only way a {@code <video src>} or a download link can carry it).
 */
final class EventWritingGets {
    /** The query parameter these routes take besides their own; never logged (see {@link Params#decodable}). */
    static final String CSRF_PARAM = "csrf";
    /** Route paths as the router writes them. */
    static final Set<String> ROUTES = Set.of("/api/v1/footage/:id/content", "/api/v1/footage/:id/verify",
            "/api/v1/footage/:id/bundle", "/api/v1/cases/:caseNumber/bundle", "/api/v1/complaints/:id/bundle");

    private EventWritingGets() {
    }

    /** Whether the route now running is one of these GETs. */
    static boolean matches(RoutingContext ctx) {
        Route route = ctx.currentRoute();
        return ctx.request().method() == HttpMethod.GET && route != null && ROUTES.contains(route.getPath());
    }
}
