package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.custodyledger.witness.AddCheckpointRequest;
import org.custodyledger.witness.WitnessException;
import org.custodyledger.witnessd.Witness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The witness server's HTTP edge (c2sp.org/tlog-witness): {@code POST /add-checkpoint}, plus
 * {@code GET /} (the witness's verifier key and logs) and {@code GET /health}. Bodies are
 * bounded before they are read and parsed here; the decision and the durable write run on a
 * worker pool, never on the event loop, one request of a log at a time.
 */
public final class WitnessApi extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(WitnessApi.class);
    private static final String TEXT = "text/plain; charset=utf-8";
    /** Requests of different logs in parallel; one log's take one worker at a time. */
    private static final int WORKERS = 4;
    /** A log sends one checkpoint at a time; a few spare places absorb retries and a second instance. */
    public static final int MAX_WAITING_PER_LOG = 16;

    private final Witness witness;
    private final String host;
    private final int port;
    private final Duration shutdownGrace;
    /** Per known origin, the last request queued; touched on the event loop only. */
    private final Map<String, Future<Witness.Answer>> queues = new HashMap<>();
    /** Requests of one log waiting or running; each waits with its body, so the number is bounded. */
    private final Map<String, Integer> waiting = new HashMap<>();
    private WorkerExecutor workers;
    private HttpServer server;

    public WitnessApi(Witness witness, String host, int port, Duration shutdownGrace) {
        this.witness = witness;
        this.host = host;
        this.port = port;
        this.shutdownGrace = shutdownGrace;
    }

    @Override
    public Future<?> start() {
        workers = vertx.createSharedWorkerExecutor("witness-state", WORKERS);
        Router router = Router.router(vertx);
        router.post("/add-checkpoint")
                .handler(BodyHandler.create(false).setBodyLimit(AddCheckpointRequest.MAX_BODY_BYTES))
                .handler(this::addCheckpoint);
        router.get("/").handler(this::describe);
        router.get("/health").handler(ctx -> text(ctx, 200, "ok\n"));
        router.errorHandler(400, ctx -> text(ctx, 400, "malformed request\n"));
        router.errorHandler(413, ctx -> text(ctx, 413, "request body larger than " + AddCheckpointRequest.MAX_BODY_BYTES + " bytes\n"));
        for (int status : new int[] {404, 405}) {
            router.errorHandler(status, ctx -> text(ctx, status, "the witness serves POST /add-checkpoint (and GET / and /health)\n"));
        }
        router.errorHandler(500, ctx -> {
            log.error("witness request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            text(ctx, 500, "internal error\n");
        });
        server = vertx.createHttpServer(new HttpServerOptions()
                        .setHost(host)
                        .setHttp2ClearTextEnabled(false)
                        .setIdleTimeout(120))
                .requestHandler(router);
        return server.listen(port);
    }

    private void addCheckpoint(RoutingContext ctx) {
        Buffer buffer = ctx.body().buffer();
        AddCheckpointRequest request;
        try {
            request = AddCheckpointRequest.parse(buffer == null ? new byte[0] : buffer.getBytes());
        } catch (WitnessException e) {
            send(ctx, Future.succeededFuture(Witness.malformed(e)));
            return;
        }
        String origin = request.origin();
        if (!witness.knows(origin)) {
            // The 404 needs no state: answered here, queueing nothing for a name any client can make up.
            send(ctx, Future.succeededFuture(witness.addCheckpoint(request)));
            return;
        }
        // One log's requests run one after another, each on a worker, so they never hold several workers
        // waiting on the log's lock (which WitnessState takes all the same); other logs are not held up.
        // Anyone can replay a log's public checkpoint: a bounded queue per log keeps that from
        // growing memory without end or starving the log's own requests behind it.
        int depth = waiting.getOrDefault(origin, 0);
        if (depth >= MAX_WAITING_PER_LOG) {
            ctx.response().putHeader("Retry-After", "1");
            text(ctx, 503, "too many requests waiting for log " + origin + "; retry\n");
            return;
        }
        waiting.put(origin, depth + 1);
        Future<Witness.Answer> previous = queues.getOrDefault(origin, Future.succeededFuture());
        Future<Witness.Answer> answer = previous.transform(ignored ->
                workers.executeBlocking(() -> witness.addCheckpoint(request), false));
        queues.put(origin, answer);
        answer.onComplete(ignored -> {
            queues.remove(origin, answer);
            waiting.computeIfPresent(origin, (o, n) -> n > 1 ? n - 1 : null);
        });
        send(ctx, answer);
    }

    private static void send(RoutingContext ctx, Future<Witness.Answer> answer) {
        answer.onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            Witness.Answer a = ar.result();
            ctx.response().setStatusCode(a.status())
                    .putHeader("Content-Type", a.contentType())
                    .putHeader("Cache-Control", "no-store")
                    .end(a.body());
        });
    }

    private void describe(RoutingContext ctx) {
        StringBuilder out = new StringBuilder("c2sp.org/tlog-witness witness; POST /add-checkpoint\n")
                .append("verifier key: ").append(witness.verifierKey()).append('\n');
        witness.origins().forEach(origin -> out.append("log: ").append(origin).append('\n'));
        text(ctx, 200, out.toString());
    }

    private static void text(RoutingContext ctx, int status, String body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", TEXT).end(body);
    }

    /** The port actually bound (useful when configured as 0). */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        Future<Void> closed = server == null ? Future.succeededFuture()
                : server.shutdown(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
        return closed.eventually(() -> workers == null ? Future.succeededFuture() : workers.close());
    }
}
