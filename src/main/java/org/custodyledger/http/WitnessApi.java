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
import java.util.concurrent.TimeUnit;
import org.custodyledger.witness.AddCheckpointRequest;
import org.custodyledger.witnessd.Witness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The witness server's HTTP edge (c2sp.org/tlog-witness): {@code POST /add-checkpoint}, plus
 * {@code GET /} (the witness's verifier key and logs) and {@code GET /health}. Bodies are
 * bounded before they are read; the decision and the durable write run on a worker pool,
 * never on the event loop.
 */
public final class WitnessApi extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(WitnessApi.class);
    private static final String TEXT = "text/plain; charset=utf-8";
    /** Enough for several logs at once; requests for one log wait for each other on its lock anyway. */
    private static final int WORKERS = 8;

    private final Witness witness;
    private final String host;
    private final int port;
    private final Duration shutdownGrace;
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
        for (int status : new int[] {400, 404, 405, 413}) {
            router.errorHandler(status, ctx -> text(ctx, status, status == 413
                    ? "request body larger than " + AddCheckpointRequest.MAX_BODY_BYTES + " bytes\n"
                    : "the witness serves POST /add-checkpoint only\n"));
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
        byte[] body = buffer == null ? new byte[0] : buffer.getBytes();
        // Unordered: requests for different logs proceed in parallel; one log's are serialised by its lock.
        workers.executeBlocking(() -> witness.addCheckpoint(body), false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            Witness.Answer answer = ar.result();
            ctx.response().setStatusCode(answer.status())
                    .putHeader("Content-Type", answer.contentType())
                    .putHeader("Cache-Control", "no-store")
                    .end(answer.body());
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
