package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.custodyledger.service.Cosigning;

/**
 * The transport of c2sp.org/tlog-witness {@code add-checkpoint} for {@link Cosigning}: one POST,
 * its status and body. Every request is bounded in time (a deadline, not only connect and idle
 * time-outs) and its answer in size, so a witness that is down, hangs, trickles or floods costs
 * one failed request, never a stuck round or the log's memory.
 */
public final class WitnessClient implements AutoCloseable {
    /** A cosignature response is a few signature lines; anything much larger is not one. */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;

    /** A witness gets at least this long to answer, even with a shorter interval. */
    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClientAgent client;
    private final long timeoutMillis;

    /** How long a witness gets to answer: one witnessing interval, and at least 5 s. */
    public static Duration timeoutFor(Duration interval) {
        return interval.compareTo(MIN_TIMEOUT) > 0 ? interval : MIN_TIMEOUT;
    }

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
        HttpClientRequest[] sent = {null};
        return client.request(options)
                .compose(request -> {
                    sent[0] = request;
                    return request.send(Buffer.buffer(body));
                })
                .compose(WitnessClient::boundedBody)
                // Connect and idle time-outs do not bound a witness that trickles bytes: a deadline does.
                .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .onFailure(err -> {
                    if (sent[0] != null) {
                        sent[0].reset();
                    }
                });
    }

    /** The response body, read only up to {@link #MAX_RESPONSE_BYTES} whether its length is declared or chunked. */
    private static Future<Cosigning.Answer> boundedBody(HttpClientResponse response) {
        Promise<Cosigning.Answer> answer = Promise.promise();
        Buffer received = Buffer.buffer();
        response.handler(chunk -> {
            if (received.length() + chunk.length() > MAX_RESPONSE_BYTES) {
                // Answered before the reset, whose own failure then changes nothing.
                answer.tryComplete(new Cosigning.Answer(response.statusCode(),
                        "a response of more than " + MAX_RESPONSE_BYTES + " bytes"));
                response.request().reset();
            } else {
                received.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(answer::tryFail);
        response.endHandler(v -> answer.tryComplete(new Cosigning.Answer(response.statusCode(), received.toString())));
        return answer.future();
    }

    @Override
    public void close() {
        client.close();
    }
}
