package org.custodyledger.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.custodyledger.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: run the service until SIGTERM/SIGINT, then stop gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the custody-ledger service (embedded PostgreSQL unless --db-url is given).")
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--port", defaultValue = "${env:CUSTODY_PORT:-8080}",
            description = "HTTP port (env CUSTODY_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", defaultValue = "${env:CUSTODY_DATA_DIR:-./data}",
            description = "Folder for blobs and the embedded PostgreSQL (env CUSTODY_DATA_DIR; default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db-url", defaultValue = "${env:CUSTODY_DB_URL}",
            description = "External PostgreSQL, postgresql://user:password@host:port/db (env CUSTODY_DB_URL); "
                    + "without it an embedded PostgreSQL runs in <data-dir>/postgres.")
    String dbUrl;

    @Option(names = "--signing-key", defaultValue = "${env:CUSTODY_SIGNING_KEY}",
            description = "Ed25519 PKCS#8 PEM ledger signing key (env CUSTODY_SIGNING_KEY); "
                    + "without it the PUBLIC sample key is used, with a warning.")
    Path signingKey;

    @Option(names = "--previous-signing-key", defaultValue = "${env:CUSTODY_PREVIOUS_SIGNING_KEY}",
            description = "To rotate the signing key: the PEM key the ledger has been signed with until now (env "
                    + "CUSTODY_PREVIOUS_SIGNING_KEY). The first checkpoint under --signing-key is signed by both, so whoever "
                    + "trusts the old key learns the new one; refused unless it is the ledger's current key.")
    Path previousSigningKey;

    @Option(names = "--log-origin", defaultValue = "${env:CUSTODY_LOG_ORIGIN:-" + AppConfig.DEFAULT_ORIGIN + "}",
            description = "Checkpoint origin and signing key name (env CUSTODY_LOG_ORIGIN; default ${DEFAULT-VALUE}).")
    String logOrigin;

    @Option(names = "--db-pool-size", defaultValue = "${env:CUSTODY_DB_POOL_SIZE:-8}",
            description = "Database connections (env CUSTODY_DB_POOL_SIZE; default ${DEFAULT-VALUE}).")
    int dbPoolSize;

    @Option(names = "--batch-size", defaultValue = "${env:CUSTODY_BATCH_SIZE:-1000}",
            description = "Most events appended in one transaction (env CUSTODY_BATCH_SIZE; default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--batch-linger-ms", defaultValue = "${env:CUSTODY_BATCH_LINGER_MS:-0}",
            description = "Milliseconds to wait for a batch to fill when idle (env CUSTODY_BATCH_LINGER_MS; "
                    + "default ${DEFAULT-VALUE}: appends arriving during a commit already form the next batch).")
    long batchLingerMs;

    @Option(names = "--shutdown-grace-ms", defaultValue = "${env:CUSTODY_SHUTDOWN_GRACE_MS:-30000}",
            description = "How long in-flight requests may finish on SIGTERM (default ${DEFAULT-VALUE}).")
    long shutdownGraceMs;

    @Option(names = "--max-upload-bytes", defaultValue = "${env:CUSTODY_MAX_UPLOAD_BYTES:-68719476736}",
            description = "Largest footage file accepted (env CUSTODY_MAX_UPLOAD_BYTES; default ${DEFAULT-VALUE}, 64 GiB).")
    long maxUploadBytes;

    @Option(names = "--max-filename-length", defaultValue = "${env:CUSTODY_MAX_FILENAME_LENGTH:-255}",
            description = "Longest file name accepted (env CUSTODY_MAX_FILENAME_LENGTH; default ${DEFAULT-VALUE}).")
    int maxFilenameLength;

    @Option(names = "--token-issuer-key", split = ",", defaultValue = "${env:CUSTODY_TOKEN_ISSUER_KEYS}",
            description = "PEM public key(s) (EdDSA, ES256, RS256) bearer tokens may be signed with; repeat or separate "
                    + "with commas (env CUSTODY_TOKEN_ISSUER_KEYS). Without it and --token-jwks-url the PUBLIC "
                    + "development issuer key is trusted, with a warning.")
    List<Path> tokenIssuerKeys;

    @Option(names = "--token-jwks-url", defaultValue = "${env:CUSTODY_TOKEN_JWKS_URL}",
            description = "The identity provider's JWKS URL, fetched at start-up (env CUSTODY_TOKEN_JWKS_URL).")
    String tokenJwksUrl;

    @Option(names = "--token-issuer", defaultValue = "${env:CUSTODY_TOKEN_ISSUER}",
            description = "Require this 'iss' claim in tokens (env CUSTODY_TOKEN_ISSUER).")
    String tokenIssuer;

    @Option(names = "--token-audience", defaultValue = "${env:CUSTODY_TOKEN_AUDIENCE}",
            description = "Require this 'aud' claim in tokens (env CUSTODY_TOKEN_AUDIENCE).")
    String tokenAudience;

    @Option(names = "--token-jwks-refresh-s", defaultValue = "${env:CUSTODY_TOKEN_JWKS_REFRESH_S:-600}",
            description = "Seconds between re-reads of the JWKS, to follow key rotations (default ${DEFAULT-VALUE}).")
    long tokenJwksRefreshSeconds;

    @Option(names = "--max-concurrent-uploads", defaultValue = "${env:CUSTODY_MAX_CONCURRENT_UPLOADS:-32}",
            description = "Uploads (and copies to check) received at once; more get 503 with Retry-After "
                    + "(env CUSTODY_MAX_CONCURRENT_UPLOADS; default ${DEFAULT-VALUE}). Each holds at most 17 blocks of 256 KiB"
                    + " (with --blob-store s3://…, 3 parts of 8 MiB, and at most half the heap's worth at once).")
    int maxConcurrentUploads;

    @Option(names = "--upload-idle-timeout-s", defaultValue = "${env:CUSTODY_UPLOAD_IDLE_TIMEOUT_S:-30}",
            description = "Seconds an upload may send nothing before it is answered 408 and dropped "
                    + "(env CUSTODY_UPLOAD_IDLE_TIMEOUT_S; default ${DEFAULT-VALUE}).")
    long uploadIdleSeconds;

    // Explicit rather than guessed from ownership: a service that silently skipped migrations as some role
    // would hide a mistaken owner/runtime split, and an owner started with the flag still only checks.
    @Option(names = "--no-migrate", defaultValue = "${env:CUSTODY_NO_MIGRATE:-false}",
            description = "Do not apply the schema: only check that it is at this build's version and refuse to start "
                    + "otherwise; for a runtime role without DDL rights, after `migrate --db-url OWNER_URL` "
                    + "(env CUSTODY_NO_MIGRATE=true).")
    boolean noMigrate;

    @Option(names = "--full-startup-check", defaultValue = "${env:CUSTODY_FULL_STARTUP_CHECK:-false}",
            description = "Re-hash every stored leaf into the root at start-up before the bounded checks that always run "
                    + "(the head, the tree's right edge, the newest 256 leaves and 33 checkpoints); start-up then grows with "
                    + "the log, about 2.6 s per million entries (env CUSTODY_FULL_STARTUP_CHECK=true). `audit` checks everything.")
    boolean fullStartupCheck;

    @Option(names = "--witness-policy", defaultValue = "${env:CUSTODY_WITNESS_POLICY}",
            description = "A c2sp.org/tlog-policy file: the witnesses that cosign this log's checkpoints and the quorum "
                    + "they must meet; its log line must be this log's verifier key (env CUSTODY_WITNESS_POLICY). "
                    + "Without it no witness is asked and checkpoints are served as the log signs them.")
    Path witnessPolicy;

    @Option(names = "--witness-interval-s", defaultValue = "${env:CUSTODY_WITNESS_INTERVAL_S:-10}",
            description = "Seconds between rounds of sending the newest checkpoint to the witnesses, new or unchanged "
                    + "(env CUSTODY_WITNESS_INTERVAL_S; default ${DEFAULT-VALUE}).")
    long witnessIntervalSeconds;

    @Option(names = "--tsa-url", split = ",", defaultValue = "${env:CUSTODY_TSA_URLS}",
            description = "An RFC 3161 time-stamping authority, e.g. https://freetsa.org/tsr, asked for a token over the "
                    + "newest signed checkpoint whenever the log grew; repeat or separate with commas for several "
                    + "(env CUSTODY_TSA_URLS). Needs --tsa-cert.")
    List<String> tsaUrls;

    @Option(names = "--tsa-cert", split = ",", defaultValue = "${env:CUSTODY_TSA_CERTS}",
            description = "PEM certificate(s) the TSAs' tokens must lead to: a TSA's own certificate or the CA that issued "
                    + "it; every certificate in every file is trusted for every --tsa-url; repeat or separate with "
                    + "commas (env CUSTODY_TSA_CERTS).")
    List<Path> tsaCerts;

    @Option(names = "--tsa-interval-s", defaultValue = "${env:CUSTODY_TSA_INTERVAL_S:-60}",
            description = "Seconds between requests to each TSA, made only when the log grew since its last token "
                    + "(env CUSTODY_TSA_INTERVAL_S; default ${DEFAULT-VALUE}).")
    long tsaIntervalSeconds;

    @Option(names = "--oidc-issuer", defaultValue = "${env:CUSTODY_OIDC_ISSUER}",
            description = "The agency's OpenID Connect provider (its issuer URL; discovery is read at start-up) that staff "
                    + "sign in to the workspace at /app/ with (env CUSTODY_OIDC_ISSUER). Without it, and while the public "
                    + "sample token issuer is trusted, /app/ offers a DEVELOPMENT ONLY sign-in.")
    String oidcIssuer;

    @Option(names = "--oidc-client-id", defaultValue = "${env:CUSTODY_OIDC_CLIENT_ID}",
            description = "This service's client id at the provider (env CUSTODY_OIDC_CLIENT_ID).")
    String oidcClientId;

    @Option(names = "--oidc-client-secret", defaultValue = "${env:CUSTODY_OIDC_CLIENT_SECRET}",
            description = "This service's client secret at the provider (env CUSTODY_OIDC_CLIENT_SECRET; prefer the "
                    + "environment: flags show in process listings).")
    String oidcClientSecret;

    @Option(names = "--public-url", defaultValue = "${env:CUSTODY_PUBLIC_URL}",
            description = "The URL staff reach the service at, e.g. https://evidence.agency.example (env CUSTODY_PUBLIC_URL): "
                    + "the sign-in's redirect URI is <public-url>/app/callback, and an https URL makes the session cookie "
                    + "Secure. Default http://localhost:<port>.")
    String publicUrl;

    @Option(names = "--session-idle-timeout-m", defaultValue = "${env:CUSTODY_SESSION_IDLE_TIMEOUT_M:-"
            + AppConfig.Workspace.DEFAULT_SESSION_IDLE_MINUTES + "}",
            description = "Minutes a workspace session may go unused before it ends (env CUSTODY_SESSION_IDLE_TIMEOUT_M; "
                    + "default ${DEFAULT-VALUE}).")
    long sessionIdleMinutes;

    @Option(names = "--session-max-age-h", defaultValue = "${env:CUSTODY_SESSION_MAX_AGE_H:-"
            + AppConfig.Workspace.DEFAULT_SESSION_MAX_AGE_HOURS + "}",
            description = "Hours a workspace session lives after sign-in, however much it is used; roles changed at the "
                    + "identity provider take effect at the next sign-in (env CUSTODY_SESSION_MAX_AGE_H; "
                    + "default ${DEFAULT-VALUE}).")
    long sessionMaxAgeHours;

    @Option(names = "--complaint-match-margin-m", defaultValue = "${env:CUSTODY_COMPLAINT_MATCH_MARGIN_M:-30}",
            description = "Minutes added on each side of a complaint's reported time window when matching footage to "
                    + "preserve (env CUSTODY_COMPLAINT_MATCH_MARGIN_M; default ${DEFAULT-VALUE}).")
    long complaintMatchMarginMinutes;

    @Option(names = "--report-threshold", defaultValue = "${env:CUSTODY_REPORT_THRESHOLD:-5}",
            description = "Transparency reports show counts from 1 to this − 1 as \"suppressed\", and fold units with fewer "
                    + "events into \"other\" (env CUSTODY_REPORT_THRESHOLD; default ${DEFAULT-VALUE}).")
    int reportThreshold;

    @Option(names = "--complaint-target-days", defaultValue = "${env:CUSTODY_COMPLAINT_TARGET_DAYS:-90}",
            description = "Days an investigation may take before the complaint is overdue "
                    + "(env CUSTODY_COMPLAINT_TARGET_DAYS; default ${DEFAULT-VALUE}).")
    int complaintTargetDays;

    @Option(names = "--complaint-rate-per-address", defaultValue = "${env:CUSTODY_COMPLAINT_RATE_PER_ADDRESS:-5}",
            description = "Complaints (and status look-ups) one client address may send per minute; more get 429 "
                    + "(env CUSTODY_COMPLAINT_RATE_PER_ADDRESS; default ${DEFAULT-VALUE}).")
    int complaintRatePerAddress;

    @Option(names = "--complaint-rate-global", defaultValue = "${env:CUSTODY_COMPLAINT_RATE_GLOBAL:-120}",
            description = "Complaints (and status look-ups) all clients together may send per minute "
                    + "(env CUSTODY_COMPLAINT_RATE_GLOBAL; default ${DEFAULT-VALUE}).")
    int complaintRateGlobal;

    @Option(names = "--complaint-max-holds", defaultValue = "${env:CUSTODY_COMPLAINT_MAX_HOLDS:-200}",
            description = "Most footage one public complaint has held automatically; a complaint that matches more records "
                    + "that its holds were capped (env CUSTODY_COMPLAINT_MAX_HOLDS; default ${DEFAULT-VALUE}).")
    int complaintMaxHolds;

    @Option(names = "--blob-store", defaultValue = "${env:CUSTODY_BLOB_STORE}",
            description = "Where footage bytes live: a folder, or s3://BUCKET/PREFIX for S3-compatible object storage "
                    + "(env CUSTODY_BLOB_STORE; default <data-dir>/blobs). See --s3-endpoint, --s3-region, --s3-path-style.")
    String blobStore;

    @Mixin
    S3Options s3 = new S3Options();

    @Override
    public Integer call() throws Exception {
        AppConfig config = AppConfig.builder(dataDir)
                .port(port)
                .dbUrl(blankToNull(dbUrl))
                .signingKey(signingKey)
                .previousSigningKey(previousSigningKey)
                .logOrigin(logOrigin)
                .dbPoolSize(dbPoolSize)
                .batchSize(batchSize)
                .batchLinger(Duration.ofMillis(batchLingerMs))
                .shutdownGrace(Duration.ofMillis(shutdownGraceMs))
                .maxUploadBytes(maxUploadBytes)
                .maxFilenameLength(maxFilenameLength)
                .tokenIssuerKeys(tokenIssuerKeys)
                .tokenJwksUrl(blankToNull(tokenJwksUrl))
                .tokenIssuer(blankToNull(tokenIssuer))
                .tokenAudience(blankToNull(tokenAudience))
                .tokenJwksRefresh(Duration.ofSeconds(Math.max(1, tokenJwksRefreshSeconds)))
                .uploads(new AppConfig.Uploads(maxConcurrentUploads, Duration.ofSeconds(uploadIdleSeconds)))
                .migrateSchema(!noMigrate)
                .fullStartupCheck(fullStartupCheck)
                .witnessPolicy(witnessPolicy)
                .witnessInterval(Duration.ofSeconds(Math.max(1, witnessIntervalSeconds)))
                .workspace(new AppConfig.Workspace(blankToNull(oidcIssuer), blankToNull(oidcClientId),
                        blankToNull(oidcClientSecret), blankToNull(publicUrl), Duration.ofMinutes(Math.max(1, sessionIdleMinutes)),
                        Duration.ofHours(Math.max(1, sessionMaxAgeHours))))
                .complaints(new AppConfig.Complaints(Duration.ofMinutes(complaintMatchMarginMinutes), complaintTargetDays,
                        complaintRatePerAddress, complaintRateGlobal, complaintMaxHolds))
                .timestamping(new AppConfig.Timestamping(tsaUrls, tsaCerts, Duration.ofSeconds(Math.max(1, tsaIntervalSeconds))))
                .reportThreshold(reportThreshold)
                .blobStore(s3.storage(blobStore))
                .build();
        Application app;
        try {
            app = Application.start(config);
        } catch (Exception e) {
            // A refusal (bad schema, altered ledger, port taken) is a message for the operator, not a stack trace.
            log.error("custody-ledger cannot start: {}", e.getMessage() == null ? e.toString() : e.getMessage());
            log.debug("start-up failure", e);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            try {
                app.close();
            } catch (Exception e) {
                log.error("unclean shutdown", e);
            } finally {
                stopped.countDown();
            }
        }, "custody-ledger-shutdown"));
        stopped.await();
        return 0;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
