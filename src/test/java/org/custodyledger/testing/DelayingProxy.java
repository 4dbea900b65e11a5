package org.custodyledger.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;

/**
 * A slow network in front of a real HTTP server: each request is held for {@code delay}, then
 * forwarded as is, and the answer's status, Content-Type and body returned. Lets a test make
 * one client's requests reach a witness late, as a distant or busy service instance's would.
 */
public final class DelayingProxy implements AutoCloseable {
    private final HttpServer server;
    private final HttpClient client;

    private DelayingProxy(HttpServer server, HttpClient client) {
        this.server = server;
        this.client = client;
    }

    /** Listens on a free local port and forwards to {@code target} (scheme, host and port; the path is kept). */
    public static DelayingProxy start(Vertx vertx, String target, Duration delay) {
        URI to = URI.create(target);
        HttpClient client = vertx.createHttpClient();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body ->
                vertx.setTimer(delay.toMillis(), t -> client.request(new RequestOptions().setMethod(HttpMethod.valueOf(
                                req.method().name())).setHost(to.getHost()).setPort(to.getPort()).setURI(req.uri()))
                        .compose(out -> out.send(body))
                        .compose(answer -> answer.body().map(bytes -> {
                            String type = answer.getHeader("Content-Type");
                            if (type != null) {
                                req.response().putHeader("Content-Type", type);
                            }
                            return req.response().setStatusCode(answer.statusCode()).end(bytes);
                        }))
                        .onFailure(e -> req.response().setStatusCode(502).end(String.valueOf(e))))));
        return new DelayingProxy(Await.result(server.listen(0, "127.0.0.1")), client);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    @Override
    public void close() {
        Await.result(server.close());
        Await.result(client.close());
    }
}
