package org.custodyledger.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.custodyledger.service.AccessAudit;
import org.custodyledger.service.AuditJobs;
import org.custodyledger.service.BulkActions;
import org.custodyledger.service.CaseBundles;
import org.custodyledger.service.Cases;
import org.custodyledger.service.ComplaintBundles;
import org.custodyledger.service.ComplaintIntake;
import org.custodyledger.service.ComplaintInvestigations;
import org.custodyledger.service.ComplaintStatusLookup;
import org.custodyledger.service.ContentAccess;
import org.custodyledger.service.ContentIntegrity;
import org.custodyledger.service.CustodyHistory;
import org.custodyledger.service.Disposal;
import org.custodyledger.service.EventRecorder;
import org.custodyledger.service.FootageQueries;
import org.custodyledger.service.LedgerMetrics;
import org.custodyledger.service.LedgerService;
import org.custodyledger.service.LegalHolds;
import org.custodyledger.service.Registrations;
import org.custodyledger.service.SharedAccess;
import org.custodyledger.service.Shares;
import org.custodyledger.service.TileReads;
import org.custodyledger.service.Timestamps;
import org.custodyledger.service.Uploads;
import org.custodyledger.service.CourtExports;
import org.custodyledger.service.TransparencyReports;
import org.custodyledger.service.VerificationService;

/** The HTTP API: routes, request ids, and one failure handler; stops gracefully, letting requests finish. */
public final class ApiVerticle extends VerticleBase {
    /** The ledger's meters (refusals are counted here) and the registry /metrics exposes. */
    public record Metrics(LedgerMetrics ledger, PrometheusMeterRegistry registry) {
    }

    /** The use cases the routes call, one per resource action; {@code databasePing} answers /health. */
    public record Services(LongFunction<Future<Void>> databasePing, LedgerService ledger, Uploads uploads,
                           Registrations registrations, FootageQueries queries, EventRecorder recorder,
                           CustodyHistory history, LegalHolds holds, Disposal disposal, ContentAccess content,
                           ContentIntegrity integrity, VerificationService verification, AuditJobs audits,
                           AccessAudit accessAudit, TileReads tiles, Shares shares, SharedAccess shared,
                           Cases cases, CaseBundles caseBundles, BulkActions bulk,
                           Complaints complaints, Timestamps timestamps, TransparencyReports transparency) {
    }

    /** The complaint use cases, and the intake's rate limits (per client address and in total, per minute). */
    public record Complaints(ComplaintIntake intake, ComplaintStatusLookup lookup, ComplaintInvestigations investigations,
                             ComplaintBundles bundles, int perAddressPerMinute, int globalPerMinute) {
    }

    /** The OpenAPI description of every route, shipped as a resource. */
    private static final String OPENAPI = readResource("api/openapi.json");
    private final int port;
    private final int maxConcurrentUploads;
    private final Duration shutdownGrace;
    private final Services services;
    private final IssuerKeys.TokenChecker tokens;
    private final Metrics metrics;
    private final WorkspaceAuth workspace;
    private HttpServer server;

    public ApiVerticle(int port, int maxConcurrentUploads, Duration shutdownGrace, Services services,
                       IssuerKeys.TokenChecker tokens, Metrics metrics, WorkspaceAuth workspace) {
        this.port = port;
        this.maxConcurrentUploads = maxConcurrentUploads;
        this.shutdownGrace = shutdownGrace;
        this.services = services;
        this.tokens = tokens;
        this.metrics = metrics;
        this.workspace = workspace;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(RequestIds::assign);
        router.route().handler(SharedHandlers::private_);
        router.route().handler(Params::decodable);
        router.get("/health").handler(new HealthHandler(services.databasePing()));
        router.get("/api/v1/openapi.json").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json").end(OPENAPI));
        // No session handler: Access and the workspace read the cookie themselves, wherever it is sent, and only
        // a sign-in stores a session (anonymous requests and made-up cookies store nothing).
        StaffSessions sessions = new StaffSessions(workspace.secure(), workspace.config.idleTimeout(),
                workspace.config.maxAge(), StaffSessions.CAPACITY, System::currentTimeMillis);
        Gauge.builder("custody_workspace_sessions", sessions, StaffSessions::stored)
                .description("workspace sessions held in this instance's memory").register(metrics.registry());
        new Workspace(workspace, sessions, tokens.trustsSampleIssuer, this::publicUrl).mount(router);
        Access access = new Access(tokens.tokens, sessions);
        new LedgerHandlers(services.ledger(), access).mount(router);
        new TlogHandlers(services.ledger(), services.tiles(), access).mount(router);
        new TimestampHandlers(services.timestamps()).mount(router);
        BodyStreams bodies = new BodyStreams(maxConcurrentUploads);
        new FootageHandlers(services.uploads(), services.registrations(), services.queries(), access, bodies).mount(router);
        new CustodyHandlers(services.recorder(), services.history(), services.holds(), services.disposal(), access).mount(router);
        ContentSender sender = new ContentSender(services.integrity());
        new ContentHandler(services.content(), sender, access).mount(router);
        new ShareHandlers(services.shares(), access).mount(router);
        new SharedHandlers(services.shared(), sender).mount(router);
        RecipientPage.mount(router);
        new CaseHandlers(services.cases(), services.caseBundles(), access).mount(router);
        new BulkHandlers(services.bulk(), access).mount(router);
        new VerifyHandlers(services.verification(), new CourtExports(vertx, services.verification()), access, bodies)
                .mount(router);
        new AuditHandlers(services.accessAudit(), services.audits(), access).mount(router);
        new MetricsHandler(metrics.registry(), access).mount(router);
        new TransparencyHandlers(services.transparency(), access).mount(router);
        new PublicDashboard(PublicDashboard.of(services.transparency())).mount(router);
        Complaints complaints = services.complaints();
        new ComplaintHandlers(complaints.intake(), complaints.lookup(), complaints.investigations(), complaints.bundles(), access,
                new RateLimiter(complaints.perAddressPerMinute(), complaints.globalPerMinute(), System::nanoTime))
                .mount(router);
        router.route().last().handler(ctx -> Problems.send(ctx, 404, "Not Found",
                "no resource at " + ctx.request().method() + " " + LoggedPaths.of(ctx)));
        FailureHandler failures = new FailureHandler(services.accessAudit(), metrics.ledger());
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
        try (InputStream in = ApiVerticle.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where staff reach this service: the configured public URL, or this host's port. */
    private String publicUrl() {
        String configured = workspace.config.publicUrl();
        return configured != null ? configured : "http://localhost:" + server.actualPort();
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
