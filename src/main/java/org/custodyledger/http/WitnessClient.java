package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import org.custodyledger.service.Cosigning;

/**
 * The transport of c2sp.org/tlog-witness {@code add-checkpoint} for {@link Cosigning}: one POST,
 * its status and body. Every request is bounded in time (connect and idle), so a witness that
 * is down or hangs costs one time-out, never a stuck round.
 */
public final class WitnessClient implements AutoCloseable {
    /** A cosignature response is a few signature lines; anything much larger is not one. */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private final HttpClientAgent client;
    private final long timeoutMillis;

    public WitnessClient(Vertx vertx, Duration timeout) {
        this.timeoutMillis = timeout.toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setMaxRedirects(0)
                .setKeepAlive(true));
    }

    /** POSTs {@code body} to {@code <prefix>/add-checkpoint}; fails on a transport error or time-out. */
    public Future<Cosigning.Answer> addCheckpoint(String prefix, String body) {
        String url = (prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix) + "/add-checkpoint";
        RequestOptions options;
        try {
            options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                    .setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis)
                    .putHeader("Content-Type", "text/plain; charset=utf-8");
        } catch (RuntimeException e) {
            return Future.failedFuture(new IllegalArgumentException("witness URL " + url + ": " + e.getMessage(), e));
        }
        return client.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> {
                    String length = response.getHeader("Content-Length");
                    if (length != null && (!length.strip().matches("\\d{1,9}") || Long.parseLong(length.strip()) > MAX_RESPONSE_BYTES)) {
                        response.request().reset();
                        return Future.succeededFuture(new Cosigning.Answer(response.statusCode(),
                                "a response of " + length + " bytes, more than " + MAX_RESPONSE_BYTES));
                    }
                    return response.body().map(b -> new Cosigning.Answer(response.statusCode(), b.toString()));
                });
    }

    @Override
    public void close() {
        client.close();
    }
}
