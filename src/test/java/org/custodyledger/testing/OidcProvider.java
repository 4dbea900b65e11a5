package org.custodyledger.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.custodyledger.config.AppConfig;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OpenID Connect provider for tests (NAV's mock-oauth2-server: discovery, authorization
 * code with PKCE, signed ID tokens, userinfo, end-session), started on first use and stopped
 * after the class. A test says who the next sign-in is: {@code provider.nextSignIn("badge-7", "Ann",
 * "Traffic", "officer")}; without that, the provider signs in a subject of its own with no roles.
 * Register it with {@code @RegisterExtension} on a static field; configure the service with
 * {@link #issuer()}, {@link #CLIENT_ID} and {@link #CLIENT_SECRET}.
 */
public final class OidcProvider implements AfterAllCallback {
    public static final String ISSUER_ID = "agency";
    public static final String CLIENT_ID = "custody-ledger";
    public static final String CLIENT_SECRET = "test-client-secret";
    private MockOAuth2Server server;

    private synchronized MockOAuth2Server server() {
        if (server == null) {
            server = new MockOAuth2Server();
            server.start();
        }
        return server;
    }

    /** The issuer URL to configure the service with (--oidc-issuer). */
    public String issuer() {
        String url = server().issuerUrl(ISSUER_ID).toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A service whose workspace signs in here (test defaults otherwise): {@code new RunningService(provider::service)}. */
    public AppConfig service(Path dataDir, String dbUrl) {
        return AppConfig.builder(dataDir).dbUrl(dbUrl)
                .workspace(new AppConfig.Workspace(issuer(), CLIENT_ID, CLIENT_SECRET, null, null)).build();
    }

    /** The next sign-in at the provider yields these claims ({@code name}/{@code unit} null: left out). */
    public void nextSignIn(String subject, String name, String unit, String... roles) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (name != null) {
            claims.put("name", name);
        }
        if (unit != null) {
            claims.put("unit", unit);
        }
        claims.put("roles", List.of(roles));
        nextSignIn(subject, claims);
    }

    /** The next sign-in yields exactly these extra claims (e.g. a {@code roles} string, or none). */
    public void nextSignIn(String subject, Map<String, Object> claims) {
        server().enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(CLIENT_ID), claims,
                3600));
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }
}
