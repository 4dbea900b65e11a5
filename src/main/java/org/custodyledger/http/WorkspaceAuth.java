package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import java.time.Duration;
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
     * the URL staff reach the service at (null: {@code http://localhost:<port>}), and how long an
     * unused session lives.
     */
    public record Config(String issuer, String clientId, String clientSecret, String publicUrl, Duration idleTimeout) {
        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

        public Config {
            idleTimeout = idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
        }
    }

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
        return OpenIDConnectAuth.discover(vertx, options)
                .map(oidc -> {
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
