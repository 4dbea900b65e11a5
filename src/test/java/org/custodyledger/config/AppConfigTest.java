package org.custodyledger.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder names each setting; its defaults are the test defaults the long constructor was called with. */
class AppConfigTest {
    private static final Path DATA = Path.of("data");

    @Test
    void theOidcIssuerMustBeHttpsExceptOnThisHostAndSessionsHaveAMaximumAge() {
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class, () -> new AppConfig.Workspace(
                "http://idp.agency.example/realms/police", "custody-ledger", "s", null, null));
        assertEquals("the OIDC issuer must be an https URL (http only for localhost), got "
                + "http://idp.agency.example/realms/police", plain.getMessage());
        new AppConfig.Workspace("http://localhost:8080/agency", "custody-ledger", "s", null, null);
        new AppConfig.Workspace("http://127.0.0.1/agency", "custody-ledger", "s", null, null);
        assertThrows(IllegalArgumentException.class, () -> new AppConfig.Workspace(
                "http://localhost.evil.example/agency", "custody-ledger", "s", null, null));
        assertEquals(Duration.ofHours(12), AppConfig.Workspace.DEFAULT.sessionMaxAge());
        assertEquals(Duration.ofMinutes(30), AppConfig.Workspace.DEFAULT.sessionIdleTimeout());
        assertThrows(IllegalArgumentException.class, () -> new AppConfig.Workspace(null, null, null, null, null,
                Duration.ZERO));
    }

    @Test
    void forTestsKeepsItsDefaults() {
        assertEquals(new AppConfig(0, DATA, "postgresql://db", null, null, AppConfig.DEFAULT_ORIGIN, 4, 256, Duration.ZERO,
                Duration.ofSeconds(5), AppConfig.DEFAULT_MAX_UPLOAD, 255, List.of(), null, null, null, null,
                AppConfig.Uploads.DEFAULT, true, null, AppConfig.DEFAULT_WITNESS_INTERVAL, AppConfig.Workspace.DEFAULT,
                AppConfig.Complaints.DEFAULT, false, AppConfig.Timestamping.NONE, 5,
                AppConfig.BlobStorage.DEFAULT), AppConfig.forTests(DATA, "postgresql://db"));
    }

    @Test
    void toBuilderChangesOnlyWhatIsNamed() {
        AppConfig serve = AppConfig.builder(DATA).port(8080).dbUrl("postgresql://db.example/ledger")
                .signingKey(Path.of("log.key")).maxUploadBytes(1 << 20).dbPoolSize(8).batchSize(1000)
                .batchLinger(Duration.ofMillis(3)).shutdownGrace(Duration.ofSeconds(30)).maxFilenameLength(100)
                .tokenIssuerKeys(List.of(Path.of("k.pem"))).tokenJwksUrl("https://idp/jwks").tokenIssuer("iss")
                .tokenAudience("aud").tokenJwksRefresh(Duration.ofSeconds(600)).logOrigin("agency.example/log")
                .uploads(new AppConfig.Uploads(2, Duration.ofSeconds(6))).witnessPolicy(Path.of("witnesses.policy"))
                .witnessInterval(Duration.ofSeconds(3)).workspace(new AppConfig.Workspace("https://idp.example/realms/police",
                        "custody-ledger", "s3cret", "https://evidence.example", Duration.ofMinutes(20)))
                .fullStartupCheck(true)
                .timestamping(new AppConfig.Timestamping(List.of("https://freetsa.org/tsr"), List.of(Path.of("tsa.pem")),
                        Duration.ofSeconds(30))).build();
        assertEquals(serve, serve.toBuilder().build());
        AppConfig runtime = serve.withoutMigration();
        assertFalse(runtime.migrateSchema());
        assertEquals(serve, runtime.toBuilder().migrateSchema(true).build());
    }

    @Test
    void aTsaUrlNeedsACertificateToCheckItsTokensAgainst() {
        assertEquals("--tsa-url needs --tsa-cert: the TSA certificate or CA its tokens must lead to, or no token could be "
                + "checked on receipt", assertThrows(IllegalArgumentException.class, () -> new AppConfig.Timestamping(
                List.of("https://freetsa.org/tsr"), List.of(), null)).getMessage());
        assertEquals("a TSA URL must be an http or https URL, got ftp://tsa", assertThrows(IllegalArgumentException.class,
                () -> new AppConfig.Timestamping(List.of("ftp://tsa"), List.of(Path.of("tsa.pem")), null)).getMessage());
        assertEquals(Duration.ofSeconds(60), new AppConfig.Timestamping(null, null, null).interval());
    }

    @Test
    void buildChecksAsTheRecordDoes() {
        assertEquals("port must be 0-65535, got 65536",
                assertThrows(IllegalArgumentException.class, () -> AppConfig.builder(DATA).port(65536).build()).getMessage());
        assertEquals("log origin must be non-empty without spaces or '+': a b", assertThrows(IllegalArgumentException.class,
                () -> AppConfig.builder(DATA).logOrigin("a b").build()).getMessage());
        assertEquals("the witness interval must be positive, got PT0S", assertThrows(IllegalArgumentException.class,
                () -> AppConfig.builder(DATA).witnessInterval(Duration.ZERO).build()).getMessage());
    }
}
