package org.custodyledger.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.custodyledger.service.Role;

/**
 * The staff workspace's server-side sessions: the cookie, who signed in, and the CSRF token
 * that every state-changing request made with the cookie must echo in {@code X-CSRF-Token}.
 * Sessions live in this instance's memory (LocalSessionStore): several instances need sticky
 * sessions or a shared store.
 */
final class StaffSessions {
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** The form field a plain HTML form (sign-out) carries the token in, where it cannot set a header. */
    static final String CSRF_FIELD = "csrf";
    private static final String PRINCIPAL = "staff.principal";
    private static final String CSRF = "staff.csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionHandler handler;
    private final String cookieName;

    /**
     * {@code secure}: the service is reached over https (its public URL says so), so the cookie is
     * marked Secure and takes the {@code __Host-} prefix (no Domain, Path=/, only over TLS).
     */
    StaffSessions(Vertx vertx, boolean secure, Duration idleTimeout) {
        this.cookieName = secure ? "__Host-custody-session" : "custody-session";
        this.handler = SessionHandler.create(LocalSessionStore.create(vertx, "custody.staff.sessions"))
                .setSessionCookieName(cookieName)
                .setSessionCookiePath("/")
                .setCookieHttpOnlyFlag(true)
                .setCookieSecureFlag(secure)
                // Lax, not Strict: the identity provider's redirect back to /app/callback is a cross-site
                // top-level navigation, and a Strict cookie would not come with it (the sign-in's state
                // would be lost). Lax still withholds the cookie from cross-site POSTs, images and fetches.
                .setCookieSameSite(CookieSameSite.LAX)
                .setSessionTimeout(idleTimeout.toMillis())
                .setNagHttps(false)
                // No cookie for requests that never touch a session: bearer-token API calls stay cookie-free.
                .setLazySession(true)
                .setMinLength(32);
    }

    SessionHandler handler() {
        return handler;
    }

    String cookieName() {
        return cookieName;
    }

    /**
     * Whether the request came with this service's session cookie (its session may have ended
     * meanwhile). Read from the header: the session handler drops a cookie naming no session from
     * the request's cookies, and such a request must still hear that its session has ended.
     */
    boolean hasCookie(RoutingContext ctx) {
        for (String header : ctx.request().headers().getAll("Cookie")) {
            for (String pair : header.split(";")) {
                String p = pair.strip();
                if (p.startsWith(cookieName + "=") && p.length() > cookieName.length() + 1) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The signed-in person, or null: no cookie, an expired or unknown session, or one still signing in. */
    Principal principal(RoutingContext ctx) {
        if (!hasCookie(ctx) || ctx.session() == null) {
            return null;
        }
        JsonObject p = ctx.session().get(PRINCIPAL);
        if (p == null) {
            return null;
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        p.getJsonArray("roles", new JsonArray()).forEach(r -> roles.add(Role.fromClaim((String) r)));
        return new Principal(p.getString("sub"), roles, p.getString("name"), p.getString("unit"), 0, Long.MAX_VALUE);
    }

    /** The session's CSRF token (null when nobody is signed in). */
    String csrfToken(RoutingContext ctx) {
        return principal(ctx) == null ? null : ctx.session().get(CSRF);
    }

    /**
     * Signs {@code who} in: a new session id (so an id planted before sign-in — session fixation —
     * is worth nothing after it), the person, and a fresh CSRF token. Returns the session for
     * whatever else the caller keeps in it.
     */
    Session signIn(RoutingContext ctx, Principal who) {
        Session session = ctx.session().regenerateId();
        JsonArray roles = new JsonArray();
        who.roles().forEach(r -> roles.add(r.claim()));
        session.put(PRINCIPAL, new JsonObject().put("sub", who.subject()).put("name", who.name())
                .put("unit", who.unit()).put("roles", roles));
        session.put(CSRF, randomToken());
        return session;
    }

    /** Ends the session here (the cookie is expired, the stored session removed). */
    void signOut(RoutingContext ctx) {
        if (ctx.session() != null) {
            ctx.session().destroy();
        }
    }

    /** GET, HEAD and OPTIONS change nothing here; every other method needs the CSRF token. */
    static boolean changesState(HttpMethod method) {
        return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
    }

    /** Whether {@code presented} is this session's CSRF token (compared in constant time). */
    boolean csrfMatches(RoutingContext ctx, String presented) {
        String expected = csrfToken(ctx);
        return expected != null && presented != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /** 256 random bits, base64url: for CSRF tokens, OAuth state, nonces and PKCE verifiers. */
    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
