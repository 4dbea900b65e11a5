package org.custodyledger.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The staff workspace at /app/: sign-in (the agency's OpenID Connect provider, or the
 * development sign-in), sign-out, {@code GET /app/session}, and the static pages from the jar
 * (webroot/app/), each page behind sign-in and every answer with strict security headers.
 */
final class Workspace {
    static final String SIGNED_OUT = "/app/signed-out.html";
    private static final long FORM_LIMIT = 16 * 1024;

    /** Sign-in starts (and development sign-ins) one address, and everyone together, may make per minute. */
    static final int SIGN_INS_PER_ADDRESS_PER_MINUTE = 60;
    static final int SIGN_INS_PER_MINUTE = 1200;

    private final StaffSessions sessions;
    private final OidcSignIn oidc;
    private final DevSignIn dev;
    private final RateLimiter signIns;
    private final String contentSecurityPolicy;

    /**
     * {@code devSignIn}: whether the development sign-in may exist (the public sample issuer is
     * trusted); it does only when no provider is configured either.
     */
    Workspace(WorkspaceAuth auth, StaffSessions sessions, boolean devSignIn, Supplier<String> publicUrl) {
        this.sessions = sessions;
        this.oidc = auth.oidc == null ? null : new OidcSignIn(auth.oidc, sessions, new PendingSignIns(
                OidcSignIn.PENDING_CAPACITY, OidcSignIn.PENDING_LIFETIME, System::currentTimeMillis),
                auth.config.clientId(), auth.config.issuer(), publicUrl);
        this.dev = devSignIn && auth.oidc == null ? new DevSignIn(sessions, publicUrl) : null;
        this.signIns = new RateLimiter(SIGN_INS_PER_ADDRESS_PER_MINUTE, SIGN_INS_PER_MINUTE, System::nanoTime);
        // Sign-out is a form post answered by a redirect to the provider's logout page: form-action must allow it.
        String provider = oidc == null || oidc.endSessionOrigin() == null ? "" : " " + oidc.endSessionOrigin();
        this.contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "media-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                + "form-action 'self'" + provider;
    }

    void mount(Router router) {
        router.route("/app/*").handler(this::securityHeaders);
        router.get("/app/login").handler(signIns.handler("sign-ins")).handler(Params.only("return")).handler(this::login);
        router.get(OidcSignIn.CALLBACK).handler(Params.only(OidcSignIn.CALLBACK_PARAMS)).handler(this::callback);
        router.post("/app/logout").handler(BodyHandler.create(false).setBodyLimit(FORM_LIMIT)).handler(Params.only())
                .handler(this::logout);
        router.get("/app/session").handler(Params.only()).handler(this::session);
        router.get(DevSignIn.PATH).handler(Params.only("return")).handler(ctx -> devOnly(ctx).page(ctx));
        router.post(DevSignIn.PATH).handler(signIns.handler("sign-ins"))
                .handler(BodyHandler.create(false).setBodyLimit(FORM_LIMIT)).handler(Params.only())
                .handler(ctx -> devOnly(ctx).signIn(ctx));
        router.route("/app/*").handler(this::pagesNeedSignIn);
        router.route("/app/*").handler(StaticHandler.create("webroot/app").setMaxAgeSeconds(300)
                .setDirectoryListing(false));
    }

    private void securityHeaders(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", contentSecurityPolicy)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin");
        ctx.next();
    }

    /** To the provider; to the development sign-in when that is how this service signs people in. */
    private void login(RoutingContext ctx) {
        String returnTo = ReturnPaths.safe(ctx.request().getParam("return"));
        if (oidc != null) {
            oidc.start(ctx, returnTo);
        } else if (dev != null) {
            ctx.response().putHeader("Location", DevSignIn.PATH + "?return=" + query(returnTo)).setStatusCode(302).end();
        } else {
            Problems.send(ctx, 404, "Not Found", "no identity provider is configured for the workspace: start the service"
                    + " with --oidc-issuer, --oidc-client-id and --oidc-client-secret");
        }
    }

    private void callback(RoutingContext ctx) {
        if (oidc == null) {
            Problems.send(ctx, 404, "Not Found", "no identity provider is configured for the workspace");
            return;
        }
        ctx.put(Problems.PAGE_FOR_BROWSERS, true);
        oidc.callback(ctx);
    }

    private DevSignIn devOnly(RoutingContext ctx) {
        if (dev == null) {
            throw new io.vertx.ext.web.handler.HttpException(404, new IllegalStateException("the development sign-in"
                    + " exists only while the public sample token issuer is trusted and no identity provider is configured"));
        }
        return dev;
    }

    /** Ends the session; at the provider too when it offers RP-initiated logout. Needs the CSRF token. */
    private void logout(RoutingContext ctx) {
        Principal who = sessions.principal(ctx);
        if (who != null) {
            String presented = ctx.request().getHeader(StaffSessions.CSRF_HEADER);
            if (presented == null) {
                presented = ctx.request().getFormAttribute(StaffSessions.CSRF_FIELD);
            }
            if (!sessions.csrfMatches(ctx, presented)) {
                throw AuthException.forbidden("signing out needs the session's CSRF token", who);
            }
        }
        String idToken = sessions.idToken(ctx);
        sessions.signOut(ctx);
        String atProvider = oidc == null ? null : oidc.endSessionUrl(idToken, SIGNED_OUT);
        ctx.response().putHeader("Cache-Control", "no-store")
                .putHeader("Location", atProvider != null ? atProvider : SIGNED_OUT).setStatusCode(303).end();
    }

    /** Who is signed in, and the CSRF token the pages send with every state-changing API call. */
    private void session(RoutingContext ctx) {
        Principal who = sessions.principal(ctx);
        ctx.response().putHeader("Cache-Control", "no-store");
        if (who == null) {
            Problems.send(ctx, 401, "Unauthorized", "nobody is signed in to the workspace: sign in at /app/login");
            return;
        }
        JsonArray roles = new JsonArray();
        who.roles().forEach(r -> roles.add(r.claim()));
        ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                .put("subject", who.subject()).put("name", who.name()).put("unit", who.unit()).put("roles", roles)
                .put("csrfToken", sessions.csrfToken(ctx)).encode());
    }

    /**
     * Pages (a folder or an .html file) are for signed-in staff; scripts, styles and the signed-out
     * page are not secret. A page's query parameters are its script's to read (e.g. a footage id).
     */
    private void pagesNeedSignIn(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            Problems.send(ctx, 405, "Method Not Allowed", "the workspace's pages are read with GET");
            return;
        }
        // The path StaticHandler serves (decoded, dot segments resolved): /app/index.htm%6C is /app/index.html.
        String path = ctx.normalizedPath();
        boolean page = path.endsWith("/") || path.endsWith(".html") || path.equals("/app");
        if (page && !path.equals(SIGNED_OUT) && sessions.principal(ctx) == null) {
            String returnTo = path.equals("/app") ? ReturnPaths.HOME : path;
            ctx.response().putHeader("Location", "/app/login?return=" + query(ReturnPaths.safe(returnTo)))
                    .setStatusCode(302).end();
            return;
        }
        if (page) {
            // A page shows who is signed in: never from a shared cache, and checked again each time.
            ctx.addHeadersEndHandler(v -> ctx.response().headers().set("Cache-Control", "no-cache, private"));
        }
        ctx.next();
    }

    /** A path as a query value: slashes kept for readability, anything with a meaning in a query escaped. */
    private static String query(String path) {
        return URLEncoder.encode(path, StandardCharsets.UTF_8).replace("%2F", "/");
    }

}
