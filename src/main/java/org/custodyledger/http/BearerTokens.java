package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.custodyledger.service.Inputs;
import org.custodyledger.service.Role;
import org.custodyledger.service.ServiceException;

/**
 * Checks bearer JWTs with vertx-auth-jwt against the configured issuer keys and turns them
 * into {@link Principal}s. A verified token is remembered until it expires (bounded LRU):
 * clients send the same token with every request, and an EdDSA verification costs about a
 * millisecond of CPU, more than the rest of a ledger append — which is also why a token not
 * yet known is verified on a worker, never on the event loop. Expiry is re-checked on every use.
 */
final class BearerTokens {
    private static final int CACHE_SIZE = 10_000;
    private static final int MAX_TOKEN_LENGTH = 8192;
    /** Clock skew tolerated between this host and the identity provider. */
    static final long LEEWAY_SECONDS = 30;

    private volatile JWTAuth provider;
    private final Vertx vertx;
    private final Clock clock;
    private final Map<String, Principal> verified = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Principal> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    BearerTokens(Vertx vertx, JWTAuth provider, Clock clock) {
        this.vertx = vertx;
        this.provider = provider;
        this.clock = clock;
    }

    /** Checks tokens against a new key set from now on; tokens verified with the old one must be checked again. */
    void replace(JWTAuth next) {
        provider = next;
        synchronized (verified) {
            verified.clear();
        }
    }

    /** The principal an {@code Authorization} header names; fails with a 401 {@link AuthException}. */
    Future<Principal> authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Future.failedFuture(AuthException.unauthenticated(
                    "this resource needs a bearer token: send 'Authorization: Bearer <JWT>'"));
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Future.failedFuture(AuthException.unauthenticated("the Authorization header must be 'Bearer <JWT>'"));
        }
        String token = authorization.substring(7).trim();
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Future.failedFuture(AuthException.unauthenticated("the bearer token is empty or too long"));
        }
        Principal known;
        synchronized (verified) {
            known = verified.get(token);
        }
        if (known != null) {
            // Its header was read before it was remembered: only a token that passed is.
            return Future.succeededFuture(checkTimes(known));
        }
        String critical = criticalHeader(token);
        if (critical != null) {
            return Future.failedFuture(AuthException.unauthenticated(critical));
        }
        JWTAuth checker = provider;
        // vertx-auth-jwt verifies inside authenticate(): run it where a millisecond of CPU blocks nobody.
        return vertx.executeBlocking(() -> checker.authenticate(new TokenCredentials(token)), false)
                .compose(user -> user)
                .recover(err -> Future.failedFuture(AuthException.unauthenticated(
                        "the bearer token was refused: " + reason(err))))
                .map(user -> {
                    Principal p = principal(user.attributes().getJsonObject("accessToken", new JsonObject()));
                    checkTimes(p);
                    synchronized (verified) {
                        verified.put(token, p);
                    }
                    return p;
                });
    }

    private Principal checkTimes(Principal p) {
        long now = clock.instant().getEpochSecond();
        if (now >= p.expiresEpochSecond() + LEEWAY_SECONDS) {
            throw AuthException.unauthenticated("the bearer token has expired");
        }
        if (now + LEEWAY_SECONDS < p.notBeforeEpochSecond()) {
            throw AuthException.unauthenticated("the bearer token is not valid yet");
        }
        return p;
    }

    /**
     * RFC 7515 §4.1.11: a token naming header parameters as critical ({@code crit}) must be
     * refused by a recipient that does not understand them, and this one understands none.
     * Answers the reason to refuse, or null. The header is read before the signature is checked:
     * refusing costs nothing, accepting still needs the signature.
     */
    private static String criticalHeader(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        try {
            JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, dot)),
                    StandardCharsets.UTF_8));
            return header.containsKey("crit")
                    ? "the bearer token's header marks parameters as critical ('crit'), which this service does not support"
                    : null;
        } catch (RuntimeException e) {
            return "the bearer token's header is not base64url-encoded JSON";
        }
    }

    /** The claims this service relies on, each required in its expected shape. */
    private static Principal principal(JsonObject claims) {
        Object sub = claims.getValue("sub");
        if (!(sub instanceof String subject) || subject.isBlank() || subject.length() > 256 || !printable(subject)) {
            throw AuthException.unauthenticated("the bearer token has no usable 'sub' (subject) claim: it must be 1 to 256"
                    + " characters of valid Unicode without control characters");
        }
        if (!(claims.getValue("exp") instanceof Number exp)) {
            throw AuthException.unauthenticated("the bearer token has no 'exp' claim: tokens must expire");
        }
        Object notBefore = claims.getValue("nbf");
        if (!numericDate(exp) || (notBefore != null && !(notBefore instanceof Number n && numericDate(n)))) {
            throw AuthException.unauthenticated("the bearer token's 'exp' or 'nbf' is not a time in seconds");
        }
        long nbf = notBefore instanceof Number n ? n.longValue() : 0;
        return new Principal(subject, roles(claims.getValue("roles")), optional(claims, "name"), optional(claims, "unit"),
                nbf, exp.longValue());
    }

    /** {@code roles} as a JSON array of names, or one space-separated string; unknown names are ignored. */
    static Set<Role> roles(Object claim) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Iterable<?> names = claim instanceof JsonArray a ? a
                : claim instanceof String s ? Arrays.asList(s.trim().split("\\s+")) : List.of();
        for (Object name : names) {
            Role r = name instanceof String s ? Role.fromClaim(s) : null;
            if (r != null) {
                roles.add(r);
            }
        }
        return roles;
    }

    static String optional(JsonObject claims, String name) {
        return claims.getValue(name) instanceof String s && !s.isBlank() && s.length() <= 256 && printable(s) ? s : null;
    }

    /** An RFC 7519 NumericDate this service can compare: finite, and within a few million years. */
    private static boolean numericDate(Number n) {
        double d = n.doubleValue();
        return Double.isFinite(d) && Math.abs(d) < 1e14;
    }

    /** Whether a claim can be written into a signed event as it is: valid Unicode, no control characters. */
    static boolean printable(String s) {
        try {
            Inputs.text("claim", s, s.length());
            return true;
        } catch (ServiceException e) {
            return false;
        }
    }

    private static String reason(Throwable err) {
        String m = err.getMessage() == null ? err.toString() : err.getMessage();
        // vertx-auth-jwt reports a token that is not valid yet as "expired"; say nothing misleading.
        return m.contains("expired") ? "it is expired or not yet valid" : m;
    }
}
