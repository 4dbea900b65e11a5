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
import org.custodyledger.service.Timestamping;

/**
 * The RFC 3161 HTTP transport (§3.4 of RFC 3161, as RFC 5816 TSAs and freetsa.org/DigiCert
 * serve it) for {@link Timestamping}: one POST of {@code application/timestamp-query}, its
 * status and body. Each request has a deadline and its answer a size bound, so a TSA that is
 * down, hangs, trickles or floods costs one failed request, never a stuck loop or memory.
 */
public final class TsaClient implements AutoCloseable {
    /** A token with its certificate chain is a few KiB; anything much larger is not one. */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClientAgent client;
    private final long timeoutMillis;

    /** How long a TSA gets to answer: one interval, at least 5 s and at most 30 s. */
    public static Duration timeoutFor(Duration interval) {
        return interval.compareTo(MIN_TIMEOUT) < 0 ? MIN_TIMEOUT : interval.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : interval;
    }

    public TsaClient(Vertx vertx, Duration timeout) {
        this.timeoutMillis = timeout.toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setMaxRedirects(0)
                .setKeepAlive(true));
    }

    /** POSTs the DER TimeStampReq {@code query} to {@code url}; fails on a transport error, time-out or oversized answer. */
    public Future<Timestamping.Answer> request(String url, byte[] query) {
        RequestOptions options;
        try {
            options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                    .setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis)
                    .putHeader("Content-Type", "application/timestamp-query")
                    .putHeader("Accept", "application/timestamp-reply");
        } catch (RuntimeException e) {
            return Future.failedFuture(new IllegalArgumentException("TSA URL " + url + ": " + e.getMessage(), e));
        }
        HttpClientRequest[] sent = {null};
        return client.request(options)
                .compose(request -> {
                    sent[0] = request;
                    return request.send(Buffer.buffer(query));
                })
                .compose(TsaClient::boundedBody)
                // Connect and idle time-outs do not bound a TSA that trickles bytes: a deadline does.
                .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .onFailure(err -> {
                    if (sent[0] != null) {
                        sent[0].reset();
                    }
                });
    }

    private static Future<Timestamping.Answer> boundedBody(HttpClientResponse response) {
        Promise<Timestamping.Answer> answer = Promise.promise();
        Buffer received = Buffer.buffer();
        response.handler(chunk -> {
            if (received.length() + chunk.length() > MAX_RESPONSE_BYTES) {
                answer.tryFail("the TSA answered more than " + MAX_RESPONSE_BYTES + " bytes");
                response.request().reset();
            } else {
                received.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(answer::tryFail);
        response.endHandler(v -> answer.tryComplete(new Timestamping.Answer(response.statusCode(),
                response.getHeader("Content-Type"), received.getBytes())));
        return answer.future();
    }

    @Override
    public void close() {
        client.close();
    }
}
