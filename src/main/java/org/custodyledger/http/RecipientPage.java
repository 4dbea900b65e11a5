package org.custodyledger.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The page an external recipient opens from a share link, {@code /share/#<capability>}: static
 * files from the jar (webroot/share/), served to anyone (the capability is the credential and
 * travels in the fragment, which never reaches this server, its logs or a Referer), and never
 * kept by a cache. The page calls {@code /api/v1/shared/…} itself.
 */
final class RecipientPage {
    /** The share link's path, before the {@code #capability} fragment. */
    static final String PATH = "/share/";
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " media-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private RecipientPage() {
    }

    static void mount(Router router) {
        // Not get(): a page, not an API operation (the OpenAPI document lists those); the static handler ignores other methods.
        router.routeWithRegex("/share").handler(ctx -> ctx.response().putHeader("Location", PATH).setStatusCode(301).end());
        router.route(PATH + "*").handler(RecipientPage::strictHeaders);
        router.route(PATH + "*").handler(StaticHandler.create("webroot/share").setCachingEnabled(false)
                .setDirectoryListing(false));
    }

    private static void strictHeaders(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", POLICY)
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin");
        ctx.next();
    }
}
