package org.custodyledger.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.function.LongSupplier;

/**
 * The staff workspace's sessions as the browser sees them: the cookie naming a {@link StoredSessions}
 * entry, who signed in, and the CSRF token that every state-changing request made with the cookie
 * must echo in {@code X-CSRF-Token}. A session exists only from sign-in to sign-out (or its end):
 * a request without one, or with a made-up cookie, stores nothing. Sessions live in this
 * instance's memory: several instances need sticky sessions.
 */
final class StaffSessions {
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** The form field a plain HTML form (sign-out) carries the token in, where it cannot set a header. */
    static final String CSRF_FIELD = "csrf";
    /** How many sessions one instance holds at most: a sign-in beyond it is a 503. */
    static final int CAPACITY = 10_000;
    private static final String CURRENT = "staff.session";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StoredSessions stored;
    private final boolean secure;
    private final String cookieName;

    /**
     * {@code secure}: the service is reached over https (its public URL says so), so cookies are
     * marked Secure and take the {@code __Host-} prefix (no Domain, Path=/, only over TLS).
     */
    StaffSessions(boolean secure, Duration idleTimeout, Duration maxAge, int capacity, LongSupplier millis) {
        this.stored = new StoredSessions(capacity, idleTimeout, maxAge, millis);
        this.secure = secure;
        this.cookieName = cookieName("custody-session");
    }

    String cookieName() {
        return cookieName;
    }

    /** {@code base} as this service names its cookies: with the __Host- prefix behind TLS. */
    String cookieName(String base) {
        return secure ? "__Host-" + base : base;
    }

    /**
     * A cookie of ours: HttpOnly (scripts cannot read it), Path=/, Secure behind TLS, and
     * SameSite=Lax — not Strict: the identity provider's redirect back to /app/callback is a
     * cross-site top-level navigation, and a Strict cookie would not come with it. {@code maxAge}
     * in seconds; negative: until the browser closes.
     */
    Cookie cookie(String name, String value, long maxAge) {
        Cookie c = Cookie.cookie(name, value).setPath("/").setHttpOnly(true).setSecure(secure)
                .setSameSite(CookieSameSite.LAX);
        return maxAge >= 0 ? c.setMaxAge(maxAge) : c;
    }

    /** Whether the request came with this service's session cookie (its session may have ended meanwhile). */
    boolean hasCookie(RoutingContext ctx) {
        return sessionId(ctx) != null;
    }

    private String sessionId(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(cookieName);
        return c == null || c.getValue().isEmpty() || c.getValue().length() > 64 ? null : c.getValue();
    }

    /** The request's live session, looked up once per request; null when there is none. */
    private StoredSessions.Entry current(RoutingContext ctx) {
        Object looked = ctx.get(CURRENT);
        if (looked == null) {
            StoredSessions.Entry e = stored.use(sessionId(ctx));
            ctx.put(CURRENT, e == null ? Boolean.FALSE : e);
            return e;
        }
        return looked instanceof StoredSessions.Entry e ? e : null;
    }

    /** The signed-in person, or null: no cookie, or a session that has ended or never was. */
    Principal principal(RoutingContext ctx) {
        StoredSessions.Entry e = current(ctx);
        return e == null ? null : e.who;
    }

    /** The session's CSRF token (null when nobody is signed in). */
    String csrfToken(RoutingContext ctx) {
        StoredSessions.Entry e = current(ctx);
        return e == null ? null : e.csrf;
    }

    /** The identity provider's ID token the session was signed in with (null: none, or the development sign-in). */
    String idToken(RoutingContext ctx) {
        StoredSessions.Entry e = current(ctx);
        return e == null ? null : e.idToken;
    }

    /**
     * Signs {@code who} in: a session with a new id (a session the browser held before ends, and an
     * id planted beforehand — session fixation — names nothing), a fresh CSRF token, and the cookie.
     * A 503 when the instance holds {@link #CAPACITY} sessions already.
     */
    void signIn(RoutingContext ctx, Principal who, String idToken) {
        stored.remove(sessionId(ctx));
        String id = stored.create(who, idToken);
        ctx.remove(CURRENT);
        ctx.response().addCookie(cookie(cookieName, id, -1));
    }

    /** Ends the session here (the stored session removed, the cookie expired). */
    void signOut(RoutingContext ctx) {
        stored.remove(sessionId(ctx));
        ctx.put(CURRENT, Boolean.FALSE);
        ctx.response().addCookie(cookie(cookieName, "", 0));
    }

    /** How many sessions are stored now (live or not yet swept). */
    int stored() {
        return stored.size();
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

    /** 256 random bits, base64url: for session ids, CSRF tokens, OAuth state, nonces and PKCE verifiers. */
    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
