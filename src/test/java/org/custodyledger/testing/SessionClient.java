package org.custodyledger.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A browser's cookie jar without the browser: signs in to the workspace (through the OIDC
 * provider's redirects, or the development sign-in) and then sends requests with the session
 * cookie, as a page would. For tests of the session model that need no rendering.
 */
public final class SessionClient {
    private final CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client;
    private final String base;

    public SessionClient(int port, boolean followRedirects) {
        this.base = "http://localhost:" + port;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(jar)
                .followRedirects(followRedirects ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Follows /app/login through the provider (which signs in whoever it was told) back to the workspace. */
    public HttpResponse<String> signInThroughProvider() {
        return send(HttpRequest.newBuilder(uri("/app/login")).GET());
    }

    /** Posts the development sign-in form, from its own page (Origin: this service) as a browser would. */
    public HttpResponse<String> devSignIn(String subject, String... roles) {
        return devSignInFrom(base, subject, roles);
    }

    /** Posts the development sign-in form with this {@code Origin} (null: none) and no Sec-Fetch-Site. */
    public HttpResponse<String> devSignInFrom(String origin, String subject, String... roles) {
        StringBuilder form = new StringBuilder("subject=").append(enc(subject)).append("&name=Dev+Tester");
        for (String role : roles) {
            form.append("&roles=").append(enc(role));
        }
        HttpRequest.Builder post = HttpRequest.newBuilder(uri("/app/dev-sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        return send(origin == null ? post : post.header("Origin", origin));
    }

    /** GET /app/session's answer (subject, roles, csrfToken), asserting it is 200. */
    public JsonObject session() {
        HttpResponse<String> r = get("/app/session");
        if (r.statusCode() != 200) {
            throw new AssertionError("not signed in: " + r.statusCode() + " " + r.body());
        }
        return new JsonObject(r.body());
    }

    public String csrfToken() {
        return session().getString("csrfToken");
    }

    /** The session cookie's value (null: none), whatever its name. */
    public HttpCookie cookie(String name) {
        return jar.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst().orElse(null);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
