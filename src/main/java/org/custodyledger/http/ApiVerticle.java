package org.custodyledger.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.custodyledger.service.AuditJobs;
import org.custodyledger.service.ContentIntegrity;
import org.custodyledger.service.CustodyService;
import org.custodyledger.service.VerificationService;
import org.custodyledger.service.IngestService;
import org.custodyledger.service.LedgerMetrics;
import org.custodyledger.service.LedgerService;
import org.custodyledger.storage.Database;

/** The HTTP API: routes, request ids, and one failure handler; stops gracefully, letting requests finish. */
public final class ApiVerticle extends VerticleBase {
    /** The ledger's meters (refusals are counted here) and the registry /metrics exposes. */
    public record Metrics(LedgerMetrics ledger, PrometheusMeterRegistry registry) {
    }


    /** The OpenAPI description of every route, shipped as a resource. */
    private static final String OPENAPI = readResource("api/openapi.json");
    private final int port;
    private final int maxConcurrentUploads;
    private final Duration shutdownGrace;
    private final Database database;
    private final LedgerService ledger;
    private final IngestService ingest;
    private final CustodyService custody;
    private final ContentIntegrity integrity;
    private final VerificationService verification;
    private final AuditJobs audits;
    private final IssuerKeys.TokenChecker tokens;
    private final Metrics metrics;
    private HttpServer server;

    public ApiVerticle(int port, int maxConcurrentUploads, Duration shutdownGrace, Database database, LedgerService ledger, IngestService ingest,
                       CustodyService custody, ContentIntegrity integrity, VerificationService verification, AuditJobs audits,
                       IssuerKeys.TokenChecker tokens, Metrics metrics) {
        this.port = port;
        this.maxConcurrentUploads = maxConcurrentUploads;
        this.shutdownGrace = shutdownGrace;
        this.database = database;
        this.ledger = ledger;
        this.ingest = ingest;
        this.custody = custody;
        this.integrity = integrity;
        this.verification = verification;
        this.audits = audits;
        this.tokens = tokens;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(RequestIds::assign);
        router.route().handler(Params::decodable);
        router.get("/health").handler(new HealthHandler(database));
        router.get("/api/v1/openapi.json").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json").end(OPENAPI));
        Access access = new Access(tokens.tokens);
        new LedgerHandlers(ledger, access).mount(router);
        BodyStreams bodies = new BodyStreams(maxConcurrentUploads);
        new FootageHandlers(ingest, access, bodies).mount(router);
        new CustodyHandlers(custody, access).mount(router);
        new ContentHandler(custody, integrity, access).mount(router);
        new VerifyHandlers(verification, access, bodies).mount(router);
        new AuditHandlers(custody, audits, access).mount(router);
        new MetricsHandler(metrics.registry(), access).mount(router);
        router.route().last().handler(ctx -> Problems.send(ctx, 404, "Not Found",
                "no resource at " + ctx.request().method() + " " + ctx.request().path()));
        FailureHandler failures = new FailureHandler(custody, metrics.ledger());
        router.route().failureHandler(failures);
        // Errors the router raises before any route matched (a path that does not decode, say).
        for (int status : new int[] {400, 404, 405, 413, 500}) {
            router.errorHandler(status, failures);
        }
        server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(false)
                        // bigger body chunks: fewer hand-offs per uploaded gigabyte
                        .setMaxChunkSize(64 * 1024)
                        // Answer every client in HTTP/1.1: no h2c upgrade dance (Java's HttpClient asks for it by default).
                        .setHttp2ClearTextEnabled(false)
                        // A last bound on connections that send nothing (uploads have their own, shorter one);
                        // long enough for a verification that re-hashes a large file before answering.
                        .setIdleTimeout(300))
                .requestHandler(router);
        return server.listen(port);
    }

    private static String readResource(String name) {
        try (var in = ApiVerticle.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the build");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The port actually bound (useful when configured as 0). */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
    }
}
