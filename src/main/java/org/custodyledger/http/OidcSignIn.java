package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2AuthorizationURL;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
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
 * token. The person's {@code sub}, {@code name}, {@code unit} and {@code roles} come from the ID
 * token (from userinfo when the ID token carries no {@code roles}), read as bearer tokens are.
 */
final class OidcSignIn {
    private static final String PENDING = "staff.oidc.pending";
    static final String ID_TOKEN = "staff.oidc.idToken";
    static final String CALLBACK = "/app/callback";
    /** What the callback may carry: the answer, and what some providers add to it (RFC 9207 iss, Keycloak's session_state). */
    static final String[] CALLBACK_PARAMS = {"code", "state", "error", "error_description", "error_uri", "iss",
            "session_state", "scope"};

    private final OAuth2Auth oidc;
    private final StaffSessions sessions;
    private final Supplier<String> publicUrl;

    OidcSignIn(OAuth2Auth oidc, StaffSessions sessions, Supplier<String> publicUrl) {
        this.oidc = oidc;
        this.sessions = sessions;
        this.publicUrl = publicUrl;
    }

    private String redirectUri() {
        return publicUrl.get() + CALLBACK;
    }

    /** Sends the browser to the provider, remembering (in a fresh pre-sign-in session) what the callback must match. */
    void start(RoutingContext ctx, String returnTo) {
        String state = StaffSessions.randomToken();
        String nonce = StaffSessions.randomToken();
        String verifier = StaffSessions.randomToken();
        ctx.session().put(PENDING, new JsonObject().put("state", state).put("nonce", nonce).put("verifier", verifier)
                .put("return", returnTo));
        // vertx-auth-oauth2 5.0 writes only state, scope, response_type, client_id and the additional
        // parameters into the URL (its redirectUri and codeChallenge setters are ignored): pass those here.
        String url = oidc.authorizeURL(new OAuth2AuthorizationURL()
                .setScopes(List.of("openid", "profile"))
                .setState(state)
                .setAdditionalParameters(Map.of("redirect_uri", redirectUri(), "code_challenge", challenge(verifier),
                        "code_challenge_method", "S256", "nonce", nonce)));
        ctx.response().putHeader("Cache-Control", "no-store").putHeader("Location", url).setStatusCode(302).end();
    }

    /** The provider's answer: exchange the code, check the ID token, sign the person in. */
    void callback(RoutingContext ctx) {
        Session session = sessions.hasCookie(ctx) ? ctx.session() : null;
        JsonObject pending = session == null ? null : session.get(PENDING);
        String error = ctx.request().getParam("error");
        if (error != null) {
            throw AuthException.unauthenticated("the identity provider did not sign you in: " + error
                    + describe(ctx.request().getParam("error_description")));
        }
        String state = ctx.request().getParam("state");
        String code = ctx.request().getParam("code");
        if (pending == null || state == null || !MessageDigest.isEqual(
                pending.getString("state").getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))) {
            throw ServiceException.invalid("this sign-in answer does not belong to a sign-in started in this browser"
                    + " (missing or different state, or the session expired): start again at /app/login");
        }
        if (code == null || code.isEmpty()) {
            throw ServiceException.invalid("the identity provider's answer carries no code");
        }
        session.remove(PENDING);
        oidc.authenticate(new Oauth2Credentials().setFlow(OAuth2FlowType.AUTH_CODE).setCode(code)
                        .setRedirectUri(redirectUri()).setCodeVerifier(pending.getString("verifier")))
                .compose(user -> claims(user).map(claims -> {
                    if (!pending.getString("nonce").equals(user.attributes().getJsonObject("idToken", new JsonObject())
                            .getString("nonce"))) {
                        throw AuthException.unauthenticated("the ID token's nonce is not this sign-in's");
                    }
                    Principal who = principal(claims);
                    sessions.signIn(ctx, who).put(ID_TOKEN, user.principal().getString("id_token"));
                    return pending.getString("return");
                }))
                .onSuccess(returnTo -> ctx.response().putHeader("Location", ReturnPaths.safe(returnTo))
                        .setStatusCode(303).end())
                .onFailure(err -> ctx.fail(err instanceof AuthException ? err : AuthException.unauthenticated(
                        "the identity provider's answer was refused: " + err.getMessage())));
    }

    /** The ID token's claims; with userinfo's added when the ID token does not carry the roles. */
    private Future<JsonObject> claims(User user) {
        JsonObject idToken = user.attributes().getJsonObject("idToken");
        if (idToken == null) {
            return Future.failedFuture(AuthException.unauthenticated("the identity provider returned no ID token"));
        }
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
        }).recover(err -> Future.succeededFuture(idToken));
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

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(String description) {
        if (description == null || description.isBlank()) {
            return "";
        }
        return " (" + (description.length() > 200 ? description.substring(0, 200) + "…" : description) + ")";
    }
}
