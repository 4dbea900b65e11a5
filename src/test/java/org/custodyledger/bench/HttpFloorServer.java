package org.custodyledger.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * The floor under a registration's HTTP exchange: a Vert.x server, on the same transport and
 * event loops as the service, that reads each POST's JSON body and answers 201 with a JSON
 * body of a registration answer's size in a new log (1,019 bytes; a few hundred more with a deep
 * proof), doing nothing else. The same wrk load against it gives the CPU a request costs before
 * any routing, token, validation, signature or database work; {@code append-cpu.sh} runs it in
 * the service's place, interleaved with the builds it measures, as their baseline.
 *
 * <p>Given a delay, each answer waits that long on a timer, as a registration waits for its
 * batch to commit: 64 clients then send at the service's rate rather than 20 times faster, so
 * each request pays its own wake-ups and system calls, as it does there, instead of sharing them.
 * {@code HttpFloorServer PORT [DELAY_MS]}
 */
public final class HttpFloorServer {
    private HttpFloorServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        long delayMs = args.length > 1 ? Long.parseLong(args[1]) : 0;
        Buffer answer = Buffer.buffer(answerOfRegistrationSize().getBytes(StandardCharsets.UTF_8));
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        vertx.createHttpServer()
                .requestHandler(request -> request.body().onComplete(body -> {
                    // Parse the body, as any JSON API must; the answer does not depend on it. Anything
                    // else is answered too, so that no request (append-cpu.sh's probe has no body) waits.
                    try {
                        new JsonObject(body.result());
                    } catch (RuntimeException notJson) {
                        request.response().setStatusCode(400).end();
                        return;
                    }
                    if (delayMs > 0) {
                        vertx.setTimer(delayMs, id -> answer(request, answer));
                    } else {
                        answer(request, answer);
                    }
                }))
                .listen(port)
                .onSuccess(server -> System.out.println("floor server listening on port " + server.actualPort()))
                .onFailure(err -> {
                    err.printStackTrace();
                    System.exit(1);
                });
    }

    private static void answer(HttpServerRequest request, Buffer answer) {
        request.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(answer);
    }

    /** A JSON object as long as the service's answer to a hash registration. */
    private static String answerOfRegistrationSize() {
        String json = new JsonObject().put("padding", "").encode();
        return new JsonObject().put("padding", "x".repeat(1019 - json.length())).encode();
    }
}
