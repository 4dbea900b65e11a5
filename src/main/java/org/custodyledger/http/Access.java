package org.custodyledger.http;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.custodyledger.service.Actor;
import org.custodyledger.service.Role;

/**
 * The door of every protected route: a valid bearer token — or, without an Authorization
 * header, a signed-in workspace session (refused, 403, when the browser says the request comes
 * from another site; whose state-changing requests, and event-writing GETs from browsers that do
 * not say where they come from, must also carry the session's CSRF token, 403 otherwise) — (401 otherwise) holding one of the roles the route
 * allows (403 otherwise). The first allowed role the token holds is the
 * one the actor acts in, and the one its custody events record. Routes not wrapped in
 * {@link #allow} are public; the router mounts nothing else, so access is denied by default.
 */
final class Access {
    static final String ACTOR = "custody.actor";
    static final String SEC_FETCH_SITE = "Sec-Fetch-Site";
    private final BearerTokens tokens;
    private final StaffSessions sessions;

    Access(BearerTokens tokens, StaffSessions sessions) {
        this.tokens = tokens;
        this.sessions = sessions;
    }

    /** Lets the request through only for a token holding one of {@code roles} (listed in order of preference). */
    Handler<RoutingContext> allow(Role... roles) {
        List<Role> allowed = List.of(roles);
        String names = Arrays.stream(roles).map(Role::claim).collect(Collectors.joining(", "));
        return ctx -> {
            // As Vert.x's own authentication handlers do: hold the body while the token is checked
            // (possibly on a worker), and let it flow again just before the next handler takes it.
            var request = ctx.request();
            boolean held = !request.isEnded();
            if (held) {
                request.pause();
            }
            String authorization = request.getHeader("Authorization");
            Future<Principal> who = authorization == null && sessions.hasCookie(ctx)
                    ? sessionPrincipal(ctx) : tokens.authenticate(authorization);
            who.onComplete(ar -> {
                if (held && !request.isEnded()) {
                    request.resume();
                }
                admit(ctx, ar, allowed, names);
            });
        };
    }

    /**
     * The person signed in to the workspace session the cookie names. A bearer token needs no
     * CSRF token (a browser never attaches one by itself); a cookie is attached to any request a
     * hostile page makes the browser send, so state changes must prove they come from our pages.
     */
    private Future<Principal> sessionPrincipal(RoutingContext ctx) {
        Principal p = sessions.principal(ctx);
        if (p == null) {
            return Future.failedFuture(AuthException.unauthenticated(
                    "the workspace session has ended or is unknown: sign in again at /app/, or send a bearer token"));
        }
        // Browsers say where a request comes from; our pages' fetch, <video src> and links are same-origin.
        String site = ctx.request().getHeader(SEC_FETCH_SITE);
        if (site != null && !site.equals("same-origin")) {
            return Future.failedFuture(AuthException.forbidden("the workspace session is accepted only from the "
                    + "workspace's own pages, and this request came from elsewhere (" + SEC_FETCH_SITE + ": "
                    + (site.matches("[a-z-]{1,16}") ? site : "?") + "); other clients send a bearer token", p));
        }
        boolean changesState = StaffSessions.changesState(ctx.request().method());
        // A browser too old to send Sec-Fetch-Site: a GET that writes a custody event needs the token as a state change does.
        if (changesState || (site == null && EventWritingGets.matches(ctx))) {
            String presented = ctx.request().getHeader(StaffSessions.CSRF_HEADER);
            if (presented == null && !changesState) {
                presented = ctx.queryParams().get(EventWritingGets.CSRF_PARAM);
            }
            if (!sessions.csrfMatches(ctx, presented)) {
                return Future.failedFuture(AuthException.forbidden("a " + ctx.request().method()
                        + (changesState ? "" : " that records a custody event")
                        + " made with the workspace session must carry the session's CSRF token in "
                        + StaffSessions.CSRF_HEADER + (changesState ? "" : " or the '" + EventWritingGets.CSRF_PARAM
                        + "' query parameter") + " (GET /app/session gives it)", p));
            }
        }
        return Future.succeededFuture(p);
    }

    /**
     * Lets anyone through; a request that does carry a token must pass {@link #allow} with
     * {@code roles} (a bad or foreign token is still a 401/403, never silently public), and then
     * acts as that staff member. {@link #actorOrNull} tells the two apart.
     */
    Handler<RoutingContext> allowPublicOr(Role... roles) {
        Handler<RoutingContext> staff = allow(roles);
        return ctx -> {
            if (ctx.request().getHeader("Authorization") == null) {
                ctx.next();
            } else {
                staff.handle(ctx);
            }
        };
    }

    /** The staff actor {@link #allowPublicOr} admitted, or null for a member of the public. */
    static Actor actorOrNull(RoutingContext ctx) {
        return ctx.get(ACTOR);
    }

    /** Lets an authenticated principal through in the first allowed role it holds; fails with 401/403 otherwise. */
    private static void admit(RoutingContext ctx, AsyncResult<Principal> ar, List<Role> allowed, String names) {
        if (ar.failed()) {
            ctx.fail(ar.cause());
            return;
        }
        Principal p = ar.result();
        Role acting = allowed.stream().filter(p.roles()::contains).findFirst().orElse(null);
        if (acting == null) {
            String credential = ctx.request().getHeader("Authorization") == null ? "the session of '" : "the token of '";
            ctx.fail(AuthException.forbidden("this action needs one of the roles [" + names + "]; " + credential
                    + p.subject() + "' grants " + p.roles().stream().map(Role::claim).toList(), p));
            return;
        }
        ctx.put(ACTOR, new Actor(p.subject(), acting, p.name(), p.unit()));
        ctx.next();
    }

    /** The actor {@link #allow} admitted; a route without it is a wiring mistake. */
    static Actor actor(RoutingContext ctx) {
        Actor actor = ctx.get(ACTOR);
        if (actor == null) {
            throw new IllegalStateException("route " + ctx.currentRoute().getPath() + " has no access check");
        }
        return actor;
    }
}
