package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2AuthorizationURL;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.custodyledger.service.ServiceException;

/**
 * Sign-in at the agency's OpenID Connect provider: authorization code flow with PKCE (S256),
 * {@code state} against cross-site forgery of the callback, {@code nonce} against a replayed ID
 * token; the ID token's audience, issuer and expiry checked again here. The person's {@code sub}, {@code name}, {@code unit} and {@code roles} come from the ID
 * token (from userinfo when the ID token carries no {@code roles}), read as bearer tokens are.
 */
final class OidcSignIn {
    private static final Logger log = LoggerFactory.getLogger(OidcSignIn.class);
    static final String CALLBACK = "/app/callback";
    /** What the callback may carry: the answer, and what some providers add to it (RFC 9207 iss, Keycloak's session_state). */
    static final String[] CALLBACK_PARAMS = {"code", "state", "error", "error_description", "error_uri", "iss",
            "session_state", "scope"};
    /** How long a sign-in may take at the provider, and how many may be under way at once. */
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);
    static final int PENDING_CAPACITY = 10_000;
    /** An OAuth error code as RFC 6749 §4.1.2.1 defines them; anything else is not repeated. */
    private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}");

    private final OAuth2Auth oidc;
    private final StaffSessions sessions;
    private final PendingSignIns pending;
    private final String clientId;
    private final String issuer;
    private final Supplier<String> publicUrl;
    /** The cookie binding a sign-in under way to the browser that started it: its state. */
    private final String signInCookie;

    OidcSignIn(OAuth2Auth oidc, StaffSessions sessions, PendingSignIns pending, String clientId, String issuer,
               Supplier<String> publicUrl) {
        this.oidc = oidc;
        this.sessions = sessions;
        this.pending = pending;
        this.clientId = clientId;
        this.issuer = issuer;
        this.publicUrl = publicUrl;
        this.signInCookie = sessions.cookieName("custody-signin");
    }

    private String redirectUri() {
        return publicUrl.get() + CALLBACK;
    }

    /**
     * Sends the browser to the provider. What the callback must match is kept in {@link PendingSignIns}
     * (no session is created before sign-in), and the state in a short-lived cookie, so that only
     * the browser that started a sign-in can finish it.
     */
    void start(RoutingContext ctx, String returnTo) {
        String state = StaffSessions.randomToken();
        String nonce = StaffSessions.randomToken();
        String verifier = StaffSessions.randomToken();
        pending.put(state, nonce, verifier, returnTo);
        ctx.response().addCookie(sessions.cookie(signInCookie, state, PENDING_LIFETIME.toSeconds()));
        // vertx-auth-oauth2 5.0 writes only state, scope, response_type, client_id and the additional
        // parameters into the URL (its redirectUri and codeChallenge setters are ignored): pass those here.
        String url = oidc.authorizeURL(new OAuth2AuthorizationURL()
                .setScopes(List.of("openid", "profile"))
                .setState(state)
                .setAdditionalParameters(Map.of("redirect_uri", redirectUri(), "code_challenge", challenge(verifier),
                        "code_challenge_method", "S256", "nonce", nonce)));
        ctx.response().putHeader("Cache-Control", "no-store").putHeader("Location", url).setStatusCode(302).end();
    }

    /**
     * The provider's answer: first its state (this browser's sign-in, consumed: good once), then
     * an error or the code to exchange; the ID token checked; the person signed in.
     */
    void callback(RoutingContext ctx) {
        String state = ctx.request().getParam("state");
        Cookie bound = ctx.request().getCookie(signInCookie);
        ctx.response().addCookie(sessions.cookie(signInCookie, "", 0));
        PendingSignIns.Pending started = state == null || bound == null || !MessageDigest.isEqual(
                bound.getValue().getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))
                ? null : pending.take(state);
        if (started == null) {
            throw ServiceException.invalid("this sign-in answer does not belong to a sign-in started in this browser"
                    + " (missing or different state, or the sign-in took too long): start again at /app/login");
        }
        String error = ctx.request().getParam("error");
        if (error != null) {
            throw AuthException.unauthenticated("the identity provider did not sign you in: "
                    + (ERROR_CODE.matcher(error).matches() ? error : "(an error code this service does not know)"));
        }
        String code = ctx.request().getParam("code");
        if (code == null || code.isEmpty()) {
            throw ServiceException.invalid("the identity provider's answer carries no code");
        }
        oidc.authenticate(new Oauth2Credentials().setFlow(OAuth2FlowType.AUTH_CODE).setCode(code)
                        .setRedirectUri(redirectUri()).setCodeVerifier(started.verifier()))
                .compose(user -> checkedIdToken(user, started.nonce()).compose(idToken -> claims(user, idToken))
                        .map(claims -> {
                            sessions.signIn(ctx, principal(claims), user.principal().getString("id_token"));
                            return started.returnTo();
                        }))
                .onSuccess(returnTo -> ctx.response().putHeader("Location", ReturnPaths.safe(returnTo))
                        .setStatusCode(303).end())
                .onFailure(err -> ctx.fail(err instanceof AuthException || err instanceof ServiceException ? err
                        : AuthException.unauthenticated("the identity provider's answer was refused: " + err.getMessage())));
    }

    /**
     * The ID token's claims, checked here whatever the library checked: this sign-in's nonce, our
     * client among its audiences, the configured issuer, and not expired.
     */
    private Future<JsonObject> checkedIdToken(User user, String nonce) {
        JsonObject idToken = user.attributes().getJsonObject("idToken");
        if (idToken == null) {
            return Future.failedFuture(AuthException.unauthenticated("the identity provider returned no ID token"));
        }
        if (!nonce.equals(idToken.getString("nonce"))) {
            return Future.failedFuture(AuthException.unauthenticated("the ID token's nonce is not this sign-in's"));
        }
        Object aud = idToken.getValue("aud");
        boolean forUs = aud instanceof String one ? one.equals(clientId)
                : aud instanceof JsonArray many && many.contains(clientId);
        if (!forUs) {
            return Future.failedFuture(AuthException.unauthenticated("the ID token is not for this client"));
        }
        if (!withoutSlash(issuer).equals(withoutSlash(idToken.getString("iss")))) {
            return Future.failedFuture(AuthException.unauthenticated("the ID token comes from another issuer"));
        }
        Object exp = idToken.getValue("exp");
        if (!(exp instanceof Number n) || n.longValue() * 1000 <= System.currentTimeMillis()) {
            return Future.failedFuture(AuthException.unauthenticated("the ID token has expired or carries no exp"));
        }
        return Future.succeededFuture(idToken);
    }

    private static String withoutSlash(String url) {
        return url == null ? "" : url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * The ID token's claims; with userinfo's added when the ID token does not carry the roles. A
     * userinfo naming another subject refuses the sign-in; userinfo unreachable signs in with the
     * ID token's claims alone (logged: the person may lack roles until the next sign-in).
     */
    private Future<JsonObject> claims(User user, JsonObject idToken) {
        if (idToken.containsKey("roles")) {
            return Future.succeededFuture(idToken);
        }
        return oidc.userInfo(user).map(info -> {
            JsonObject merged = idToken.copy();
            // userinfo's sub must be the ID token's (OIDC Core §5.3.2); the other claims fill gaps only.
            if (!idToken.getString("sub", "").equals(info.getString("sub"))) {
                throw AuthException.unauthenticated("userinfo names another subject than the ID token");
            }
            info.forEach(e -> merged.getMap().putIfAbsent(e.getKey(), e.getValue()));
            return merged;
        }).recover(err -> {
            if (err instanceof AuthException) {
                return Future.failedFuture(err);
            }
            log.warn("userinfo could not be read for subject {}; signing in with the ID token's claims only: {}",
                    idToken.getString("sub"), err.toString());
            return Future.succeededFuture(idToken);
        });
    }

    /** The session's person: sub (required), roles known to this service, optional name and unit. */
    static Principal principal(JsonObject claims) {
        Object sub = claims.getValue("sub");
        if (!(sub instanceof String subject) || subject.isBlank() || subject.length() > 256
                || !BearerTokens.printable(subject)) {
            throw AuthException.unauthenticated("the identity provider's ID token has no usable 'sub' claim");
        }
        return new Principal(subject, BearerTokens.roles(claims.getValue("roles")), BearerTokens.optional(claims, "name"),
                BearerTokens.optional(claims, "unit"), 0, Long.MAX_VALUE);
    }

    /**
     * Where the browser goes after the session here is ended: the provider's end_session_endpoint
     * (RP-initiated logout, so the next sign-in asks again) when it has one, else our signed-out page.
     */
    String endSessionUrl(String idToken, String signedOutPage) {
        if (idToken == null) {
            return null;
        }
        try {
            return oidc.endSessionURL(User.create(new JsonObject().put("id_token", idToken)),
                    new JsonObject().put("post_logout_redirect_uri", publicUrl.get() + signedOutPage));
        } catch (RuntimeException e) {
            // The provider advertises no end_session_endpoint.
            return null;
        }
    }

    /** The origin of the provider's end_session_endpoint (sign-out's form post ends there), or null: none. */
    String endSessionOrigin() {
        String url;
        try {
            // Only the endpoint is wanted: the parameters are placeholders (the port is not bound yet).
            url = oidc.endSessionURL(User.create(new JsonObject().put("id_token", "-")), new JsonObject());
        } catch (RuntimeException e) {
            return null;
        }
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
