package org.custodyledger.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the service is configured with, built once from flags and environment, each
 * setting named: {@code AppConfig.builder(dataDir).port(8080).dbUrl(url).build()}.
 *
 * @param port           HTTP port (0 picks a free one)
 * @param dataDir        where the blob store and the embedded PostgreSQL live
 * @param dbUrl          a {@code postgresql://} URL, or null to run the embedded PostgreSQL
 * @param signingKey     the ledger's Ed25519 PKCS#8 PEM key, or null for the public sample key
 * @param previousSigningKey the key the ledger was signed with until now, when {@code signingKey} replaces it
 *                       (the first checkpoint under the new key is signed by both), or null
 * @param logOrigin      the log's origin line, also its signing key's name
 * @param dbPoolSize     connections in the pool
 * @param batchSize      most events one sequencer transaction appends
 * @param batchLinger    how long the sequencer waits to fill a batch when appends trickle in
 * @param shutdownGrace  how long in-flight requests get to finish on SIGTERM
 * @param maxUploadBytes largest footage file accepted
 * @param maxFilenameLength longest file name accepted
 * @param tokenIssuerKeys PEM public keys bearer tokens may be signed with
 * @param tokenJwksUrl   an identity provider's JWKS URL, fetched at start-up (or null)
 * @param tokenIssuer    the {@code iss} tokens must carry (or null: not checked)
 * @param tokenAudience  the {@code aud} tokens must carry (or null: not checked)
 * @param tokenJwksRefresh how often the JWKS is re-read (null: 10 minutes)
 * @param uploads        how many streamed bodies at once, and how long a client may send nothing (null: defaults)
 * @param migrateSchema  apply pending schema files at start-up; false: only check the version (a runtime role
 *                       that does not own the schema)
 * @param witnessPolicy  a c2sp.org/tlog-policy file naming the witnesses that cosign checkpoints (null: none)
 * @param witnessInterval how often checkpoints go to the witnesses, new or unchanged (null: 10 seconds)
 * @param workspace      how staff sign in to the workspace at /app/ (null: no identity provider, defaults)
 * @param complaints     complaint matching, investigation target and intake rate limits (null: defaults)
 * @param fullStartupCheck re-hash every stored leaf at start-up (time grows with the log) before the bounded
 *                       checks that always run; false: the bounded checks only
 * @param timestamping   the RFC 3161 time-stamping authorities asked for tokens over checkpoints (null: none)
 * @param reportThreshold transparency reports show counts from 1 to this − 1 as "suppressed" (default 5)
 * @param blobStore      where footage bytes live: a folder or an S3 bucket (null: {@code <dataDir>/blobs})
 */
public record AppConfig(
        int port,
        Path dataDir,
        String dbUrl,
        Path signingKey,
        Path previousSigningKey,
        String logOrigin,
        int dbPoolSize,
        int batchSize,
        Duration batchLinger,
        Duration shutdownGrace,
        long maxUploadBytes,
        int maxFilenameLength,
        List<Path> tokenIssuerKeys,
        String tokenJwksUrl,
        String tokenIssuer,
        String tokenAudience,
        Duration tokenJwksRefresh,
        Uploads uploads,
        boolean migrateSchema,
        Path witnessPolicy,
        Duration witnessInterval,
        Workspace workspace,
        Complaints complaints,
        boolean fullStartupCheck,
        Timestamping timestamping,
        int reportThreshold,
        BlobStorage blobStore) {

    /**
     * RFC 3161 timestamping: the TSA URLs asked for a token over the newest checkpoint (none: no
     * timestamping), the PEM certificates every token must lead to (a TSA's own certificate or
     * the CA that issued it; one pool for all URLs), and how often each TSA is asked, at most,
     * when the log grew.
     */
    public record Timestamping(List<String> urls, List<Path> certificates, Duration interval) {
        public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
        public static final Timestamping NONE = new Timestamping(List.of(), List.of(), DEFAULT_INTERVAL);

        public Timestamping {
            urls = urls == null ? List.of() : List.copyOf(urls);
            certificates = certificates == null ? List.of() : List.copyOf(certificates);
            interval = interval == null ? DEFAULT_INTERVAL : interval;
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("the timestamping interval must be positive, got " + interval);
            }
            for (String url : urls) {
                if (!url.matches("https?://\\S+")) {
                    throw new IllegalArgumentException("a TSA URL must be an http or https URL, got " + url);
                }
            }
            if (urls.size() != new java.util.HashSet<>(urls).size()) {
                throw new IllegalArgumentException("a TSA URL is given twice: " + urls);
            }
            if (!urls.isEmpty() && certificates.isEmpty()) {
                throw new IllegalArgumentException("--tsa-url needs --tsa-cert: the TSA certificate or CA its tokens must "
                        + "lead to, or no token could be checked on receipt");
            }
        }

        public boolean enabled() {
            return !urls.isEmpty();
        }
    }

    /**
     * Where footage bytes live: {@code location} is a folder or {@code s3://BUCKET/PREFIX}
     * (null: {@code <dataDir>/blobs}); for S3, the endpoint of an S3-compatible store (null:
     * AWS), its region (null: the AWS region chain) and whether to address the bucket in the
     * path rather than the host name (MinIO, Ceph and S3Proxy usually want it). Credentials
     * never come through here: the AWS SDK reads them from its standard chain.
     */
    public record BlobStorage(String location, URI s3Endpoint, String s3Region, boolean s3PathStyle) {
        public static final BlobStorage DEFAULT = new BlobStorage(null, null, null, false);

        public BlobStorage {
            location = location == null || location.isBlank() ? null : location.strip();
            if (location != null && location.contains("://") && !location.startsWith("s3://")) {
                throw new IllegalArgumentException("the blob store must be a folder or s3://BUCKET/PREFIX, got " + location);
            }
            if (s3Endpoint != null && !s3Endpoint.toString().matches("https?://\\S+")) {
                throw new IllegalArgumentException("the S3 endpoint must be an http(s) URL, got " + s3Endpoint);
            }
        }

        /** Whether the bytes live in a bucket. */
        public boolean s3() {
            return location != null && location.startsWith("s3://");
        }
    }

    /**
     * The staff workspace's sign-in: the agency's OpenID Connect provider ({@code oidcIssuer} null:
     * none) and this service's client there, the URL staff reach the service at (null:
     * {@code http://localhost:<port>}; an https URL makes the session cookie Secure), how long
     * an unused session lives, and how long any session lives after sign-in (roles are read at
     * sign-in, so a change at the provider takes effect at the next one).
     */
    public record Workspace(String oidcIssuer, String oidcClientId, String oidcClientSecret, String publicUrl,
                            Duration sessionIdleTimeout, Duration sessionMaxAge) {
        /** Minutes an unused session lives, and hours any session lives after sign-in, by default. */
        public static final int DEFAULT_SESSION_IDLE_MINUTES = 30;
        public static final int DEFAULT_SESSION_MAX_AGE_HOURS = 12;
        public static final Workspace DEFAULT = new Workspace(null, null, null, null, null, null);

        /** The defaults for both session lifetimes. */
        public Workspace(String oidcIssuer, String oidcClientId, String oidcClientSecret, String publicUrl,
                         Duration sessionIdleTimeout) {
            this(oidcIssuer, oidcClientId, oidcClientSecret, publicUrl, sessionIdleTimeout, null);
        }

        public Workspace {
            sessionIdleTimeout = sessionIdleTimeout == null ? Duration.ofMinutes(DEFAULT_SESSION_IDLE_MINUTES)
                    : sessionIdleTimeout;
            sessionMaxAge = sessionMaxAge == null ? Duration.ofHours(DEFAULT_SESSION_MAX_AGE_HOURS) : sessionMaxAge;
            if (sessionIdleTimeout.isNegative() || sessionIdleTimeout.isZero()) {
                throw new IllegalArgumentException("the session idle time-out must be positive, got " + sessionIdleTimeout);
            }
            if (sessionMaxAge.isNegative() || sessionMaxAge.isZero()) {
                throw new IllegalArgumentException("the session maximum age must be positive, got " + sessionMaxAge);
            }
            if (oidcIssuer != null && !oidcIssuer.matches("https://\\S+")
                    && !oidcIssuer.matches("http://(localhost|127\\.0\\.0\\.1)(:\\d+)?(/\\S*)?")) {
                throw new IllegalArgumentException("the OIDC issuer must be an https URL (http only for localhost), got "
                        + oidcIssuer);
            }
            if (oidcIssuer != null && (oidcClientId == null || oidcClientId.isBlank())) {
                throw new IllegalArgumentException("an OIDC issuer needs the client id registered there (--oidc-client-id)");
            }
            if (publicUrl != null && !publicUrl.matches("https?://[^/\\s]+")) {
                throw new IllegalArgumentException("the public URL must be scheme and host[:port] only, like "
                        + "https://evidence.agency.example, got " + publicUrl);
            }
        }
    }

    /**
     * Complaints: how far matching widens the reported window on each side, the days an
     * investigation may take before it is overdue, and how many complaints (and status
     * look-ups) one address, and everyone together, may send per minute, and how many footage
     * one public complaint may have held automatically.
     */
    public record Complaints(Duration matchMargin, int targetDays, int perAddressPerMinute, int globalPerMinute,
                             int maxAutomaticHolds) {
        /** Most footage one public complaint has held automatically, unless configured. */
        public static final int MAX_AUTOMATIC_HOLDS = 200;
        public static final Complaints DEFAULT = new Complaints(Duration.ofMinutes(30), 90, 5, 120);

        public Complaints {
            if (matchMargin == null || matchMargin.isNegative() || targetDays < 1 || perAddressPerMinute < 1
                    || globalPerMinute < 1 || maxAutomaticHolds < 1) {
                throw new IllegalArgumentException("complaints need a margin ≥ 0, a target of at least a day, "
                        + "rate limits of at least one a minute and at least one automatic hold");
            }
        }

        public Complaints(Duration matchMargin, int targetDays, int perAddressPerMinute, int globalPerMinute) {
            this(matchMargin, targetDays, perAddressPerMinute, globalPerMinute, MAX_AUTOMATIC_HOLDS);
        }
    }

    /** Streamed request bodies (uploads, copies to check): how many at once, and how long one may stall. */
    public record Uploads(int maxConcurrent, Duration idleTimeout) {
        public static final Uploads DEFAULT = new Uploads(32, Duration.ofSeconds(30));

        public Uploads {
            if (maxConcurrent < 1 || idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("uploads need at least one slot and a positive idle time-out");
            }
        }
    }

    public static final String DEFAULT_ORIGIN = "custody-ledger.local/log";
    public static final long DEFAULT_MAX_UPLOAD = 64L << 30;
    public static final Duration DEFAULT_WITNESS_INTERVAL = Duration.ofSeconds(10);

    public AppConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        if (dbPoolSize < 1) {
            throw new IllegalArgumentException("the database pool needs at least one connection");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        if (reportThreshold < 1) {
            throw new IllegalArgumentException("the report threshold must be at least 1, got " + reportThreshold);
        }
        if (maxUploadBytes < 1 || maxFilenameLength < 1) {
            throw new IllegalArgumentException("upload limits must be positive");
        }
        tokenIssuerKeys = tokenIssuerKeys == null ? List.of() : List.copyOf(tokenIssuerKeys);
        uploads = uploads == null ? Uploads.DEFAULT : uploads;
        complaints = complaints == null ? Complaints.DEFAULT : complaints;
        witnessInterval = witnessInterval == null ? DEFAULT_WITNESS_INTERVAL : witnessInterval;
        workspace = workspace == null ? Workspace.DEFAULT : workspace;
        timestamping = timestamping == null ? Timestamping.NONE : timestamping;
        blobStore = blobStore == null ? BlobStorage.DEFAULT : blobStore;
        if (witnessInterval.isNegative() || witnessInterval.isZero()) {
            throw new IllegalArgumentException("the witness interval must be positive, got " + witnessInterval);
        }
        if (logOrigin == null || logOrigin.isBlank() || logOrigin.contains(" ") || logOrigin.contains("+")) {
            throw new IllegalArgumentException("log origin must be non-empty without spaces or '+': " + logOrigin);
        }
    }

    /** The same configuration, connecting as a runtime role: check the schema version, never migrate. */
    public AppConfig withoutMigration() {
        return toBuilder().migrateSchema(false).build();
    }

    /** Defaults suitable for tests: any free port, the given folder and database. */
    public static AppConfig forTests(Path dataDir, String dbUrl) {
        return builder(dataDir).dbUrl(dbUrl).build();
    }

    /** A configuration for the data folder, each setting named as it is changed; the rest as {@link #forTests}. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** A builder holding this configuration, to change a setting or two by name. */
    public Builder toBuilder() {
        return new Builder(dataDir).port(port).dbUrl(dbUrl).signingKey(signingKey)
                .previousSigningKey(previousSigningKey).logOrigin(logOrigin)
                .dbPoolSize(dbPoolSize).batchSize(batchSize).batchLinger(batchLinger).shutdownGrace(shutdownGrace)
                .maxUploadBytes(maxUploadBytes).maxFilenameLength(maxFilenameLength).tokenIssuerKeys(tokenIssuerKeys)
                .tokenJwksUrl(tokenJwksUrl).tokenIssuer(tokenIssuer).tokenAudience(tokenAudience)
                .tokenJwksRefresh(tokenJwksRefresh).uploads(uploads).migrateSchema(migrateSchema)
                .witnessPolicy(witnessPolicy).witnessInterval(witnessInterval).workspace(workspace)
                .complaints(complaints).fullStartupCheck(fullStartupCheck).timestamping(timestamping)
                .reportThreshold(reportThreshold).blobStore(blobStore);
    }

    /** Named settings in place of twenty positional ones; {@link #build} checks them as the record does. */
    public static final class Builder {
        private final Path dataDir;
        private int port = 0;
        private String dbUrl = null;
        private Path signingKey = null;
        private Path previousSigningKey = null;
        private String logOrigin = DEFAULT_ORIGIN;
        private int dbPoolSize = 4;
        private int batchSize = 256;
        private Duration batchLinger = Duration.ZERO;
        private Duration shutdownGrace = Duration.ofSeconds(5);
        private long maxUploadBytes = DEFAULT_MAX_UPLOAD;
        private int maxFilenameLength = 255;
        private List<Path> tokenIssuerKeys = List.of();
        private String tokenJwksUrl = null;
        private String tokenIssuer = null;
        private String tokenAudience = null;
        private Duration tokenJwksRefresh = null;
        private Uploads uploads = Uploads.DEFAULT;
        private boolean migrateSchema = true;
        private Path witnessPolicy = null;
        private Duration witnessInterval = DEFAULT_WITNESS_INTERVAL;
        private Workspace workspace = Workspace.DEFAULT;
        private Complaints complaints = Complaints.DEFAULT;
        private boolean fullStartupCheck = false;
        private Timestamping timestamping = Timestamping.NONE;
        private int reportThreshold = org.custodyledger.report.TransparencyReport.DEFAULT_THRESHOLD;
        private BlobStorage blobStore = BlobStorage.DEFAULT;

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder dbUrl(String dbUrl) {
            this.dbUrl = dbUrl;
            return this;
        }

        public Builder signingKey(Path signingKey) {
            this.signingKey = signingKey;
            return this;
        }

        public Builder previousSigningKey(Path previousSigningKey) {
            this.previousSigningKey = previousSigningKey;
            return this;
        }

        public Builder logOrigin(String logOrigin) {
            this.logOrigin = logOrigin;
            return this;
        }

        public Builder dbPoolSize(int dbPoolSize) {
            this.dbPoolSize = dbPoolSize;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder batchLinger(Duration batchLinger) {
            this.batchLinger = batchLinger;
            return this;
        }

        public Builder shutdownGrace(Duration shutdownGrace) {
            this.shutdownGrace = shutdownGrace;
            return this;
        }

        public Builder maxUploadBytes(long maxUploadBytes) {
            this.maxUploadBytes = maxUploadBytes;
            return this;
        }

        public Builder maxFilenameLength(int maxFilenameLength) {
            this.maxFilenameLength = maxFilenameLength;
            return this;
        }

        public Builder tokenIssuerKeys(List<Path> tokenIssuerKeys) {
            this.tokenIssuerKeys = tokenIssuerKeys;
            return this;
        }

        public Builder tokenJwksUrl(String tokenJwksUrl) {
            this.tokenJwksUrl = tokenJwksUrl;
            return this;
        }

        public Builder tokenIssuer(String tokenIssuer) {
            this.tokenIssuer = tokenIssuer;
            return this;
        }

        public Builder tokenAudience(String tokenAudience) {
            this.tokenAudience = tokenAudience;
            return this;
        }

        public Builder tokenJwksRefresh(Duration tokenJwksRefresh) {
            this.tokenJwksRefresh = tokenJwksRefresh;
            return this;
        }

        public Builder uploads(Uploads uploads) {
            this.uploads = uploads;
            return this;
        }

        public Builder migrateSchema(boolean migrateSchema) {
            this.migrateSchema = migrateSchema;
            return this;
        }

        public Builder witnessPolicy(Path witnessPolicy) {
            this.witnessPolicy = witnessPolicy;
            return this;
        }

        public Builder witnessInterval(Duration witnessInterval) {
            this.witnessInterval = witnessInterval;
            return this;
        }

        public Builder workspace(Workspace workspace) {
            this.workspace = workspace;
            return this;
        }

        public Builder complaints(Complaints complaints) {
            this.complaints = complaints;
            return this;
        }

        public Builder fullStartupCheck(boolean fullStartupCheck) {
            this.fullStartupCheck = fullStartupCheck;
            return this;
        }

        public Builder timestamping(Timestamping timestamping) {
            this.timestamping = timestamping;
            return this;
        }

        public Builder reportThreshold(int reportThreshold) {
            this.reportThreshold = reportThreshold;
            return this;
        }

        public Builder blobStore(BlobStorage blobStore) {
            this.blobStore = blobStore;
            return this;
        }

        public AppConfig build() {
            return new AppConfig(port, dataDir, dbUrl, signingKey, previousSigningKey, logOrigin, dbPoolSize, batchSize, batchLinger,
                    shutdownGrace, maxUploadBytes, maxFilenameLength, tokenIssuerKeys, tokenJwksUrl, tokenIssuer,
                    tokenAudience, tokenJwksRefresh, uploads, migrateSchema, witnessPolicy, witnessInterval, workspace,
                    complaints, fullStartupCheck, timestamping, reportThreshold, blobStore);
        }
    }
}
