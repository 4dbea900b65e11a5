package org.custodyledger.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.custodyledger.config.AppConfig;
import org.custodyledger.http.ApiVerticle;
import org.custodyledger.http.IssuerKeys;
import org.custodyledger.http.TsaClient;
import org.custodyledger.http.WitnessClient;
import org.custodyledger.http.WorkspaceAuth;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteSigner;
import org.custodyledger.footage.BlobStore;
import org.custodyledger.footage.BlobStoreUnavailableException;
import org.custodyledger.footage.MediaInspector;
import org.custodyledger.service.AccessAudit;
import org.custodyledger.service.AuditJobs;
import org.custodyledger.service.AuditService;
import org.custodyledger.service.BulkActions;
import org.custodyledger.service.BundleSets;
import org.custodyledger.service.CaseBundles;
import org.custodyledger.service.Cases;
import org.custodyledger.service.ComplaintBundles;
import org.custodyledger.service.ComplaintIntake;
import org.custodyledger.service.ComplaintInvestigations;
import org.custodyledger.service.ComplaintSettings;
import org.custodyledger.service.ComplaintStatusLookup;
import org.custodyledger.service.ContentAccess;
import org.custodyledger.service.ContentIntegrity;
import org.custodyledger.service.Cosigning;
import org.custodyledger.service.CustodyHistory;
import org.custodyledger.service.Disposal;
import org.custodyledger.service.EventRecorder;
import org.custodyledger.service.FootageQueries;
import org.custodyledger.service.LedgerMetrics;
import org.custodyledger.service.LedgerService;
import org.custodyledger.service.TileReads;
import org.custodyledger.service.Timestamping;
import org.custodyledger.service.Timestamps;
import org.custodyledger.service.LegalHolds;
import org.custodyledger.service.RefusalCounting;
import org.custodyledger.service.Registrations;
import org.custodyledger.service.ReportFolding;
import org.custodyledger.service.SharedAccess;
import org.custodyledger.service.Shares;
import org.custodyledger.service.TransparencyReports;
import org.custodyledger.service.Uploads;
import org.custodyledger.service.VerificationService;
import org.custodyledger.storage.CaseStore;
import org.custodyledger.storage.ComplaintStore;
import org.custodyledger.storage.CustodyStore;
import org.custodyledger.storage.ShareStore;
import org.custodyledger.storage.FootageStore;
import org.custodyledger.storage.Database;
import org.custodyledger.storage.CosignedCheckpointStore;
import org.custodyledger.storage.LedgerAttestationStore;
import org.custodyledger.storage.EmbeddedPostgresServer;
import org.custodyledger.storage.KeyRotation;
import org.custodyledger.storage.LedgerIntegrity;
import org.custodyledger.storage.LedgerStore;
import org.custodyledger.storage.ReportStore;
import org.custodyledger.storage.StoredTiles;
import org.custodyledger.storage.TimestampStore;
import org.custodyledger.timestamp.TimestampException;
import org.custodyledger.timestamp.TsaCertificates;
import org.custodyledger.storage.LogHead;
import org.custodyledger.storage.Sequencer;
import org.custodyledger.witness.Policy;
import org.custodyledger.witness.PolicyParser;
import org.custodyledger.witness.WitnessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running service: (embedded) PostgreSQL, migrated (or, as a runtime role, checked)
 * schema, checked ledger, sequencer and HTTP API, started in that order so the port opens only
 * on a sound database; closed in reverse.
 */
public final class Application implements AutoCloseable {
    /** The complaint use cases, as configured; the intake holds at most a batch's room of footage at once. */
    private static ApiVerticle.Complaints complaints(AppConfig config, ComplaintStore store, Sequencer sequencer, Clock clock,
                                                     BundleSets sets) {
        AppConfig.Complaints c = config.complaints();
        ComplaintSettings settings = new ComplaintSettings(c.matchMargin(), Duration.ofDays(c.targetDays()),
                Math.max(1, config.batchSize() - 1), c.maxAutomaticHolds());
        return new ApiVerticle.Complaints(new ComplaintIntake(store, sequencer, clock, settings),
                new ComplaintStatusLookup(store), new ComplaintInvestigations(store, sequencer, clock),
                new ComplaintBundles(store, sets), c.perAddressPerMinute(), c.globalPerMinute());
    }

    private static final Logger log = LoggerFactory.getLogger(Application.class);
    static final String SAMPLE_KEY = "keys-sample/ledger-signing.pem";
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    /** An upload idle this long (and twice the idle time-out) was answered 408 long ago: its file is litter. */
    private static final Duration SHARED_TEMP_STALE_AFTER = Duration.ofMinutes(10);

    private final AppConfig config;
    private final EmbeddedPostgresServer embedded;
    private final Vertx vertx;
    private final Database database;
    private final Sequencer sequencer;
    private final ApiVerticle api;
    private final String apiDeployment;
    private final PrometheusMeterRegistry registry;
    private final Cosigning cosigning;
    private final Timestamping timestamping;
    private final BlobStore blobs;

    private Application(AppConfig config, EmbeddedPostgresServer embedded, Vertx vertx, Database database,
                        Sequencer sequencer, ApiVerticle api, String apiDeployment, PrometheusMeterRegistry registry,
                        Cosigning cosigning, Timestamping timestamping, BlobStore blobs) {
        this.config = config;
        this.embedded = embedded;
        this.vertx = vertx;
        this.database = database;
        this.sequencer = sequencer;
        this.api = api;
        this.apiDeployment = apiDeployment;
        this.registry = registry;
        this.cosigning = cosigning;
        this.timestamping = timestamping;
        this.blobs = blobs;
    }

    /** Starts everything, blocking until the HTTP port is open; on failure, undoes what had started. */
    public static Application start(AppConfig config) throws Exception {
        NoteSigner signer = new NoteSigner(config.logOrigin(), loadSigningKey(config));
        NoteSigner previousSigner = config.previousSigningKey() == null ? null
                : new NoteSigner(config.logOrigin(), Ed25519Keys.readPrivate(config.previousSigningKey()));
        Policy witnessPolicy = loadWitnessPolicy(config, signer);
        List<X509Certificate> tsaCerts = loadTsaCertificates(config.timestamping());
        EmbeddedPostgresServer embedded = null;
        String dbUrl = config.dbUrl();
        if (dbUrl == null) {
            embedded = EmbeddedPostgresServer.start(config.dataDir(), true);
            dbUrl = embedded.url("postgres");
            // Local-only superuser: how an operator reaches the running ledger, e.g. to audit it.
            log.info("embedded PostgreSQL listening on localhost:{}; audit this running service with: "
                    + "audit --db-url {}", embedded.port(), dbUrl);
        }
        // One registry per running service, never the global one: several services may share a JVM (tests).
        PrometheusMeterRegistry registry = MeterRegistries.prometheus();
        // One clock for every service and the metrics: tests and a future simulated clock see one time.
        Clock clock = Clock.systemUTC();
        LedgerMetrics metrics = new LedgerMetrics(registry, clock);
        Vertx vertx = VertxRuntime.create(registry);
        Database database = null;
        BlobStore blobs = null;
        try {
            database = Database.connect(vertx, dbUrl, config.dbPoolSize());
            int version = await(config.migrateSchema() ? database.migrate() : database.requireCurrentSchema());
            log.info("database schema at version {}{}", version, config.migrateSchema() ? "" : " (checked, not migrated)");
            // Before the integrity check: which key signs from now on (a rotation, or a refusal) is decided first.
            KeyRotation.Handover handover = await(KeyRotation.open(database.pool(), signer, previousSigner));
            LogHead head = await(LedgerIntegrity.open(vertx, database.pool(), signer, config.fullStartupCheck()));
            Sequencer sequencer = new Sequencer(vertx, database.pool(), signer, handover, config.batchSize(),
                    config.batchLinger(), metrics);
            LedgerStore ledgerStore = new LedgerStore(database.pool());
            metrics.ledgerOpened(head.size(), await(ledgerStore.latestCheckpointTime()));
            metrics.watchQueue(sequencer);
            EmbeddedPostgresServer supervised = embedded;
            metrics.watchEmbeddedRestarts(() -> supervised == null ? 0 : supervised.restarts());
            // Closed with Vert.x; the loop itself is stopped in close() before the pool.
            WitnessClient witnessClient = witnessPolicy == null ? null
                    : new WitnessClient(vertx, WitnessClient.timeoutFor(config.witnessInterval()));
            Cosigning cosigning = witnessPolicy == null ? null : new Cosigning(vertx, ledgerStore,
                    new CosignedCheckpointStore(database.pool()), witnessPolicy,
                    config.witnessInterval(), metrics, witnessClient::addCheckpoint);
            LedgerService ledger = new LedgerService(ledgerStore, signer.verifier().keyIdHex(), cosigning);
            TimestampStore timestampStore = new TimestampStore(database.pool());
            Timestamps timestamps = new Timestamps(timestampStore);
            AppConfig.Timestamping tsa = config.timestamping();
            // Closed with Vert.x; the loop itself is stopped in close() before the pool.
            Timestamping timestamping = !tsa.enabled() ? null : new Timestamping(vertx, ledgerStore, timestampStore,
                    tsa.urls(), tsaCerts, tsa.interval(), metrics,
                    new TsaClient(vertx, TsaClient.timeoutFor(tsa.interval()))::request);
            blobs = BlobStores.open(config.blobStore(), config.dataDir());
            log.info("footage bytes are kept in {}", blobs.location());
            // A bucket may be shared by instances on one database even when this one embeds it (a mistake, but not ours to break).
            removeInterruptedUploads(vertx, blobs, embedded != null && !config.blobStore().s3(),
                    config.uploads().idleTimeout());
            FootageStore footage = new FootageStore(database.pool());
            ComplaintStore complaintStore = new ComplaintStore(database.pool());
            Registrations registrations = new Registrations(footage, sequencer, clock, complaintStore,
                    config.complaints().matchMargin(), Math.max(1, config.batchSize() - 1));
            Uploads uploads = new Uploads(vertx, blobs, new MediaInspector(), footage, registrations,
                    new Uploads.Limits(config.maxUploadBytes(), config.maxFilenameLength(), METADATA_TIMEOUT,
                            config.uploads().idleTimeout()), metrics, clock);
            CustodyStore custody = new CustodyStore(database.pool());
            Disposal disposal = new Disposal(vertx, blobs, footage, custody, sequencer, clock);
            sweepDisposedBlobs(disposal);
            IssuerKeys.TokenChecker tokens = await(IssuerKeys.load(vertx, new IssuerKeys.Config(config.tokenIssuerKeys(),
                    config.tokenJwksUrl(), config.tokenIssuer(), config.tokenAudience(), config.tokenJwksRefresh())));
            VerificationService verification = new VerificationService(vertx, blobs, footage, ledgerStore, sequencer,
                    signer.verifier(), clock, config.maxUploadBytes(), config.uploads().idleTimeout(), metrics, cosigning,
                    timestamps);
            AuditJobs audits = new AuditJobs(new AuditService(vertx, ledgerStore, footage, blobs), clock);
            ContentIntegrity integrity = new ContentIntegrity(vertx, blobs, sequencer, clock);
            metrics.watchIntegrity(integrity);
            ContentAccess content = new ContentAccess(footage, sequencer, clock);
            CaseStore cases = new CaseStore(database.pool());
            ShareStore shareStore = new ShareStore(database.pool());
            Cases caseService = new Cases(footage, cases, sequencer, clock);
            BundleSets sets = new BundleSets(vertx, verification, clock);
            LegalHolds holds = new LegalHolds(footage, custody, complaintStore, sequencer, clock);
            ReportStore reportStore = new ReportStore(database.pool());
            ApiVerticle.Services services = new ApiVerticle.Services(database::ping, ledger, uploads, registrations,
                    new FootageQueries(footage, ledgerStore), new EventRecorder(footage, sequencer, clock),
                    new CustodyHistory(footage, ledgerStore), holds, disposal,
                    content, integrity, verification, audits,
                    new AccessAudit(custody), new TileReads(new StoredTiles(database.pool())),
                    new Shares(footage, cases, shareStore, sequencer, clock),
                    new SharedAccess(shareStore, footage, content, clock), caseService,
                    new CaseBundles(caseService, sets),
                    new BulkActions(footage, cases, holds, disposal),
                    complaints(config, complaintStore, sequencer, clock, sets), timestamps,
                    new TransparencyReports(new ReportFolding(vertx, ledgerStore,
                            new LedgerAttestationStore(database.pool())), ledgerStore, reportStore, sequencer,
                            clock, config.reportThreshold()));
            AppConfig.Workspace ws = config.workspace();
            WorkspaceAuth workspace = await(WorkspaceAuth.load(vertx, new WorkspaceAuth.Config(ws.oidcIssuer(),
                    ws.oidcClientId(), ws.oidcClientSecret(), ws.publicUrl(), ws.sessionIdleTimeout(),
                    ws.sessionMaxAge())));
            ApiVerticle api = new ApiVerticle(config.port(), config.uploads().maxConcurrent(), config.shutdownGrace(),
                    services, tokens, new ApiVerticle.Metrics(metrics, registry), workspace);
            String deployment = await(vertx.deployVerticle(api));
            // Each finished day's refused requests go into the ledger, once, whichever instance notices first.
            new RefusalCounting(vertx, reportStore, sequencer, clock).start();
            if (cosigning != null) {
                await(cosigning.start());
                log.info("checkpoints go to {} witness(es) every {} s; quorum {}", witnessPolicy.witnesses().size(),
                        config.witnessInterval().toSeconds(), witnessPolicy.quorum());
            }
            if (timestamping != null) {
                await(timestamping.start());
                log.info("checkpoints are timestamped by {} at most every {} s", tsa.urls(), tsa.interval().toSeconds());
            }
            log.info("custody-ledger listening on port {}; log {} signed by {}", api.actualPort(), signer.name(),
                    signer.verifier().verifierKey());
            return new Application(config, embedded, vertx, database, sequencer, api, deployment, registry, cosigning,
                    timestamping, blobs);
        } catch (Exception | Error e) {
            if (database != null) {
                database.close();
            }
            if (blobs != null) {
                BlobStores.close(blobs);
            }
            vertx.close().await(10, TimeUnit.SECONDS);
            registry.close();
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    public int port() {
        return api.actualPort();
    }

    public Sequencer sequencer() {
        return sequencer;
    }

    /** The embedded database's URL, as logged at start-up (null when an external database is configured). */
    public String embeddedDatabaseUrl() {
        return embedded == null ? null : embedded.url("postgres");
    }

    /**
     * Graceful stop, in order: the HTTP server stops accepting and lets in-flight requests
     * finish (up to the grace period), then the pool closes, then Vert.x, then the embedded
     * PostgreSQL. Closing the pool first would fail the very requests being let finish.
     */
    @Override
    public void close() throws Exception {
        long grace = config.shutdownGrace().toMillis();
        try {
            try {
                vertx.undeploy(apiDeployment).await(grace + 5000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.warn("HTTP server did not stop cleanly: {}", e.toString());
            }
            if (cosigning != null) {
                cosigning.close();
            }
            if (timestamping != null) {
                timestamping.close();
            }
            database.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
            registry.close();
            BlobStores.close(blobs);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static Ed25519PrivateKeyParameters loadSigningKey(AppConfig config) throws NoteException, IOException {
        if (config.signingKey() != null) {
            return Ed25519Keys.readPrivate(config.signingKey());
        }
        log.warn("""

                ************************************************************************
                *  NO SIGNING KEY CONFIGURED: using the PUBLIC sample key from          *
                *  keys-sample/. Anyone can forge checkpoints and events signed with    *
                *  it. Never record real evidence this way: generate a key with         *
                *  `keygen --out DIR` and pass --signing-key (CUSTODY_SIGNING_KEY).     *
                ************************************************************************""");
        try (InputStream in = Application.class.getClassLoader().getResourceAsStream(SAMPLE_KEY)) {
            if (in == null) {
                throw new IOException(SAMPLE_KEY + " is missing from the build");
            }
            return Ed25519Keys.parsePrivate(new String(in.readAllBytes(), StandardCharsets.UTF_8), SAMPLE_KEY);
        }
    }

    /** The witness policy (null: none configured), refused with the parser's message if malformed or not about this log. */
    private static Policy loadWitnessPolicy(AppConfig config, NoteSigner signer) throws IOException, WitnessException {
        if (config.witnessPolicy() == null) {
            return null;
        }
        String where = "witness policy " + config.witnessPolicy();
        try {
            Policy policy = PolicyParser.parse(Files.readString(config.witnessPolicy(), StandardCharsets.UTF_8));
            policy.requireLog(signer.verifier());
            return policy;
        } catch (WitnessException e) {
            throw new WitnessException(where + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException(where + ": cannot be read: " + e, e);
        }
    }

    /** Every certificate of every --tsa-cert file (none without --tsa-url), refused with the file's name if unreadable. */
    private static List<X509Certificate> loadTsaCertificates(AppConfig.Timestamping tsa) throws IOException, TimestampException {
        List<X509Certificate> certs = new ArrayList<>();
        if (tsa.enabled()) {
            for (Path file : tsa.certificates()) {
                String where = "TSA certificate " + file;
                try {
                    certs.addAll(TsaCertificates.parse(Files.readString(file, StandardCharsets.UTF_8), where));
                } catch (IOException e) {
                    throw new IOException(where + ": cannot be read: " + e, e);
                }
            }
        }
        return certs;
    }

    /** Removes what interrupted disposals left; a footage store that cannot be reached now is swept at the next start. */
    private static void sweepDisposedBlobs(Disposal disposal) throws Exception {
        try {
            int swept = await(disposal.sweepDisposedBlobs());
            if (swept > 0) {
                log.warn("removed {} blob(s) of disposed footage that an interrupted disposal left behind", swept);
            }
        } catch (BlobStoreUnavailableException e) {
            log.warn("the footage store is unavailable at start-up ({}); disposed footage is swept at the next start",
                    e.getMessage());
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.await(5, TimeUnit.MINUTES);
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /**
     * Removes temporary files of uploads a crash interrupted. With the embedded database this
     * process owns the directory (its lock), so all of them; with --db-url other instances may be
     * uploading into a shared blob folder, so only files long untouched, now and periodically.
     */
    private static void removeInterruptedUploads(Vertx vertx, BlobStore blobs, boolean soleOwner, Duration idleTimeout)
            throws IOException {
        Duration staleAfter = idleTimeout.multipliedBy(2).compareTo(SHARED_TEMP_STALE_AFTER) > 0
                ? idleTimeout.multipliedBy(2) : SHARED_TEMP_STALE_AFTER;
        try {
            int stale = blobs.removeStaleTempFiles(soleOwner ? Duration.ZERO : staleAfter);
            if (stale > 0) {
                log.warn("removed {} temporary upload file(s) left by an interrupted run", stale);
            }
        } catch (BlobStoreUnavailableException e) {
            // The ledger serves without its footage store; uploads and content answer 503 until it is back.
            log.warn("the footage store {} is unavailable at start-up ({}); leftover uploads are removed later",
                    blobs.location(), e.getMessage());
        }
        if (!soleOwner) {
            vertx.setPeriodic(staleAfter.toMillis(), id -> vertx.executeBlocking(
                    () -> blobs.removeStaleTempFiles(staleAfter), false).onSuccess(n -> {
                        if (n > 0) {
                            log.warn("removed {} temporary upload file(s) untouched for {} min", n, staleAfter.toMinutes());
                        }
                    }));
        }
    }
}
