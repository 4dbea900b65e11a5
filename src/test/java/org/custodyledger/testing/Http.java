package org.custodyledger.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A blocking HTTP client for tests against a running service. */
public final class Http {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;

    public Http(int port) {
        this("http://localhost:" + port, null);
    }

    private Http(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The same client, sending {@code Authorization: Bearer <token>} with every request (null: none). */
    public Http as(String bearerToken) {
        return new Http(base, bearerToken);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        return exchange(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Like {@link #send}, keeping the body as bytes (content downloads). */
    public HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) {
        return exchange(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        if (token != null) {
            request.setHeader("Authorization", "Bearer " + token);
        }
        try {
            // The request timeout covers only the wait for headers; the outer bound covers the body too.
            return client.sendAsync(request.timeout(Duration.ofSeconds(60)).build(), body).get(90, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? new UncheckedIOException(io) : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no complete answer within 90 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }
}
