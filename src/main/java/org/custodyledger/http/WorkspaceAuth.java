package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How staff sign in to the workspace at /app/: the agency's OpenID Connect provider, found by
 * discovery at start-up (the service does not start without it), or none. Opaque outside http/.
 */
public final class WorkspaceAuth {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceAuth.class);

    /**
     * The identity provider ({@code issuer} null: none), this service's client registration there,
     * the URL staff reach the service at (null: {@code http://localhost:<port>}), how long an
     * unused session lives, and how long any session lives after sign-in (roles are read at sign-in).
     */
    public record Config(String issuer, String clientId, String clientSecret, String publicUrl, Duration idleTimeout,
                         Duration maxAge) {
        public Config {
            if (idleTimeout == null || maxAge == null) {
                throw new IllegalArgumentException("a workspace needs a session idle time-out and maximum age");
            }
        }
    }

    /** How long the provider's signing keys are trusted before they are fetched again. */
    static final long JWK_MAX_AGE_SECONDS = 600;
    /** A token signed by a key not yet known makes the keys be fetched again, at most this often. */
    static final long JWK_REFRESH_MILLIS = 30_000;

    final Config config;
    /** The discovered provider, or null when no issuer is configured. */
    final OAuth2Auth oidc;

    private WorkspaceAuth(Config config, OAuth2Auth oidc) {
        this.config = config;
        this.oidc = oidc;
    }

    /** Discovers the configured provider (its endpoints and signing keys); without an issuer, no provider. */
    public static Future<WorkspaceAuth> load(Vertx vertx, Config config) {
        if (config.issuer() == null) {
            return Future.succeededFuture(new WorkspaceAuth(config, null));
        }
        OAuth2Options options = new OAuth2Options().setSite(config.issuer()).setClientId(config.clientId())
                .setClientSecret(config.clientSecret());
        options.setJwkMaxAgeInSeconds(JWK_MAX_AGE_SECONDS);
        return OpenIDConnectAuth.discover(vertx, options)
                .map(oidc -> {
                    // The provider rotated its keys: an ID token names a key not yet known. Fetch them again (not
                    // on every such token: a forged kid must not make us hammer the provider).
                    AtomicLong lastFetch = new AtomicLong(System.currentTimeMillis());
                    oidc.missingKeyHandler(kid -> {
                        long now = System.currentTimeMillis();
                        long last = lastFetch.get();
                        if (now - last >= JWK_REFRESH_MILLIS && lastFetch.compareAndSet(last, now)) {
                            oidc.jWKSet().onFailure(err -> log.warn("cannot fetch the provider's keys again: {}",
                                    err.toString()));
                        }
                    });
                    log.info("workspace sign-in through the OpenID Connect provider {}", config.issuer());
                    return new WorkspaceAuth(config, oidc);
                })
                .recover(err -> Future.failedFuture(new IllegalStateException("cannot discover the OpenID Connect provider "
                        + config.issuer() + ": " + err.getMessage(), err)));
    }

    /** Whether the workspace is reached over TLS, so its cookie must be Secure. */
    boolean secure() {
        return config.publicUrl() != null && config.publicUrl().startsWith("https://");
    }
}
