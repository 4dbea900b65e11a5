package org.custodyledger.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the service is configured with, built once from flags and environment.
 *
 * @param port           HTTP port (0 picks a free one)
 * @param dataDir        where the blob store and the embedded PostgreSQL live
 * @param dbUrl          a {@code postgresql://} URL, or null to run the embedded PostgreSQL
 * @param signingKey     the ledger's Ed25519 PKCS#8 PEM key, or null for the public sample key
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
 */
public record AppConfig(
        int port,
        Path dataDir,
        String dbUrl,
        Path signingKey,
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
        boolean migrateSchema) {

    /** Streamed request bodies (uploads, copies to check): how many at once, and how long one may stall. */
    public record Uploads(int maxConcurrent, Duration idleTimeout) {
        public static final Uploads DEFAULT = new Uploads(32, Duration.ofSeconds(30));

        public Uploads {
            if (maxConcurrent < 1 || idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("uploads need at least one slot and a positive idle time-out");
            }
        }
    }

    /** As before roles were split: the service migrates its own schema (embedded mode, simple installs). */
    public AppConfig(int port, Path dataDir, String dbUrl, Path signingKey, String logOrigin, int dbPoolSize,
                     int batchSize, Duration batchLinger, Duration shutdownGrace, long maxUploadBytes,
                     int maxFilenameLength, List<Path> tokenIssuerKeys, String tokenJwksUrl, String tokenIssuer,
                     String tokenAudience, Duration tokenJwksRefresh, Uploads uploads) {
        this(port, dataDir, dbUrl, signingKey, logOrigin, dbPoolSize, batchSize, batchLinger, shutdownGrace,
                maxUploadBytes, maxFilenameLength, tokenIssuerKeys, tokenJwksUrl, tokenIssuer, tokenAudience,
                tokenJwksRefresh, uploads, true);
    }

    public static final String DEFAULT_ORIGIN = "custody-ledger.local/log";
    public static final long DEFAULT_MAX_UPLOAD = 64L << 30;

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
        if (maxUploadBytes < 1 || maxFilenameLength < 1) {
            throw new IllegalArgumentException("upload limits must be positive");
        }
        tokenIssuerKeys = tokenIssuerKeys == null ? List.of() : List.copyOf(tokenIssuerKeys);
        uploads = uploads == null ? Uploads.DEFAULT : uploads;
        if (logOrigin == null || logOrigin.isBlank() || logOrigin.contains(" ") || logOrigin.contains("+")) {
            throw new IllegalArgumentException("log origin must be non-empty without spaces or '+': " + logOrigin);
        }
    }

    /** The same configuration, connecting as a runtime role: check the schema version, never migrate. */
    public AppConfig withoutMigration() {
        return new AppConfig(port, dataDir, dbUrl, signingKey, logOrigin, dbPoolSize, batchSize, batchLinger,
                shutdownGrace, maxUploadBytes, maxFilenameLength, tokenIssuerKeys, tokenJwksUrl, tokenIssuer,
                tokenAudience, tokenJwksRefresh, uploads, false);
    }

    /** Defaults suitable for tests: any free port, the given folder and database. */
    public static AppConfig forTests(Path dataDir, String dbUrl) {
        return new AppConfig(0, dataDir, dbUrl, null, DEFAULT_ORIGIN, 4, 256, Duration.ZERO,
                Duration.ofSeconds(5), DEFAULT_MAX_UPLOAD, 255, List.of(), null, null, null, null, null);
    }
}
