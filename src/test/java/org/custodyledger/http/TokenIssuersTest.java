package org.custodyledger.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.custodyledger.cli.Application;
import org.custodyledger.config.AppConfig;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.TestDatabases;
import org.custodyledger.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.concurrent.atomic.AtomicReference;
import org.custodyledger.cli.DevTokens;

/** Where tokens come from: the `token` command, an agency's PEM key, a JWKS URL; iss/aud when required. */
class TokenIssuersTest {
    private static AppConfig config(Path dataDir, String db, List<Path> pems, String jwks, String issuer, String audience) {
        return AppConfig.builder(dataDir).dbUrl(db).tokenIssuerKeys(pems).tokenJwksUrl(jwks).tokenIssuer(issuer)
                .tokenAudience(audience).tokenJwksRefresh(Duration.ofMillis(200)).build();
    }

    private static String run(int expectedExit, String... args) {
        Cli.Result result = Cli.run(args);
        assertEquals(expectedExit, result.exit(), result.err());
        return expectedExit == 0 ? result.out().strip() : result.err();
    }

    private static JsonObject claims(String jwt) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    @Test
    void theTokenCommandMintsWorkingDevelopmentTokens(@TempDir Path dataDir) throws Exception {
        String token = run(0, "token", "--role", "reviewer,oversight", "--subject", "det-ruiz", "--ttl", "90m",
                "--name", "Det. A. Ruiz", "--unit", "Major Crimes");
        JsonObject claims = claims(token);
        assertEquals("det-ruiz", claims.getString("sub"));
        assertEquals(new JsonArray().add("reviewer").add("oversight"), claims.getJsonArray("roles"));
        assertEquals(5400, claims.getLong("exp") - claims.getLong("iat"));
        assertEquals("Major Crimes", claims.getString("unit"));
        assertTrue(run(2, "token", "--role", "chief", "--subject", "x").contains("unknown role 'chief'"));
        assertTrue(run(2, "token", "--role", "admin", "--subject", "x", "--ttl", "forever").contains("--ttl"));
        try (Application app = Application.start(AppConfig.forTests(dataDir, TestDatabases.freshDatabase()))) {
            assertEquals(200, new Http(app.port()).as(token).get("/api/v1/footage").statusCode());
            assertEquals(200, new Http(app.port()).as(token).get("/api/v1/audit/access-failures").statusCode(),
                    "oversight is the token's second role");
        }
    }

    @Test
    void anAgencyPemKeyReplacesTheSampleIssuer(@TempDir Path dataDir, @TempDir Path keys) throws Exception {
        run(0, "keygen", "--out", keys.toString(), "--name", "idp");
        try (Application app = Application.start(config(dataDir, TestDatabases.freshDatabase(),
                List.of(keys.resolve("idp.pub.pem")), null, null, null))) {
            Http http = new Http(app.port());
            String agency = run(0, "token", "--role", "reviewer", "--subject", "r-1", "--issuer-key",
                    keys.resolve("idp.pem").toString());
            assertEquals(200, http.as(agency).get("/api/v1/footage").statusCode());
            assertEquals(401, http.as(TestTokens.reviewer("r-1")).get("/api/v1/footage").statusCode(),
                    "the public sample issuer is not trusted once a real one is configured");
        }
    }

    @Test
    void keysCanComeFromTheIdentityProvidersJwks(@TempDir Path dataDir) throws Exception {
        Ed25519PrivateKeyParameters idp = Ed25519Keys.generate();
        JsonObject jwk = new JsonObject().put("kty", "OKP").put("crv", "Ed25519").put("alg", "EdDSA").put("kid", "idp-2026")
                .put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(idp.generatePublicKey().getEncoded()));
        Vertx vertx = Vertx.vertx();
        HttpServer jwks = Await.result(vertx.createHttpServer().requestHandler(req -> req.response()
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("keys", new JsonArray().add(jwk)).encode())).listen(0));
        try (Application app = Application.start(config(dataDir, TestDatabases.freshDatabase(), List.of(),
                "http://localhost:" + jwks.actualPort() + "/.well-known/jwks.json", null, null))) {
            Http http = new Http(app.port());
            long now = System.currentTimeMillis() / 1000;
            String fromIdp = DevTokens.sign(Ed25519Keys.privatePem(idp), new JsonObject()
                    .put("sub", "ofc-12").put("roles", new JsonArray().add("officer")).put("exp", now + 600));
            assertEquals(200, http.as(fromIdp).get("/api/v1/footage").statusCode());
            assertEquals(401, http.as(TestTokens.officer("ofc-12")).get("/api/v1/footage").statusCode());
        } finally {
            Await.result(vertx.close());
        }
    }

    @Test
    void theJwksIsReReadSoKeyRotationsAreFollowed(@TempDir Path dataDir) throws Exception {
        Ed25519PrivateKeyParameters before = Ed25519Keys.generate();
        Ed25519PrivateKeyParameters after = Ed25519Keys.generate();
        AtomicReference<Ed25519PrivateKeyParameters> served =
                new AtomicReference<>(before);
        Vertx vertx = Vertx.vertx();
        HttpServer jwks = Await.result(vertx.createHttpServer().requestHandler(req -> req.response()
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("keys", new JsonArray().add(new JsonObject().put("kty", "OKP")
                        .put("crv", "Ed25519").put("x", Base64.getUrlEncoder().withoutPadding()
                                .encodeToString(served.get().generatePublicKey().getEncoded())))).encode())).listen(0));
        try (Application app = Application.start(config(dataDir, TestDatabases.freshDatabase(), List.of(),
                "http://localhost:" + jwks.actualPort() + "/jwks", null, null))) {
            Http http = new Http(app.port());
            long exp = System.currentTimeMillis() / 1000 + 600;
            JsonObject claims = new JsonObject().put("sub", "r-1").put("roles", new JsonArray().add("reviewer")).put("exp", exp);
            String oldToken = DevTokens.sign(Ed25519Keys.privatePem(before), claims);
            String newToken = DevTokens.sign(Ed25519Keys.privatePem(after), claims);
            assertEquals(200, http.as(oldToken).get("/api/v1/footage").statusCode());
            assertEquals(401, http.as(newToken).get("/api/v1/footage").statusCode());
            served.set(after);   // the provider rotates its key
            await("the new key is trusted after a refresh").atMost(Duration.ofSeconds(5))
                    .until(() -> http.as(newToken).get("/api/v1/footage").statusCode() == 200);
            assertEquals(401, http.as(oldToken).get("/api/v1/footage").statusCode(),
                    "a token of the retired key is no longer accepted, though it was verified before");
        } finally {
            Await.result(vertx.close());
        }
    }

    @Test
    void anUnreachableJwksStopsTheStartWithAClearMessage(@TempDir Path dataDir) throws Exception {
        String db = TestDatabases.freshDatabase();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Application.start(
                config(dataDir, db, List.of(), "http://localhost:1/jwks.json", null, null)).close());
        assertTrue(e.getMessage().startsWith("cannot load the token issuer keys from http://localhost:1/jwks.json: "),
                e.getMessage());
    }

    @Test
    void issuerAndAudienceAreEnforcedWhenConfigured(@TempDir Path dataDir) throws Exception {
        try (Application app = Application.start(config(dataDir, TestDatabases.freshDatabase(), List.of(), null,
                "https://idp.agency.example", "custody-ledger"))) {
            Http http = new Http(app.port());
            String right = run(0, "token", "--role", "admin", "--subject", "a-1", "--issuer", "https://idp.agency.example",
                    "--audience", "custody-ledger");
            String wrongIssuer = run(0, "token", "--role", "admin", "--subject", "a-1", "--issuer", "https://evil.example",
                    "--audience", "custody-ledger");
            String noAudience = run(0, "token", "--role", "admin", "--subject", "a-1", "--issuer",
                    "https://idp.agency.example");
            assertEquals(200, http.as(right).get("/api/v1/footage").statusCode());
            assertEquals(401, http.as(wrongIssuer).get("/api/v1/footage").statusCode());
            assertEquals(401, http.as(noAudience).get("/api/v1/footage").statusCode());
        }
    }

    @Test
    void aMalformedIssuerKeyFileStopsTheStart(@TempDir Path dataDir, @TempDir Path keys) throws Exception {
        Path bad = keys.resolve("bad.pem");
        Files.writeString(bad, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        String db = TestDatabases.freshDatabase();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Application.start(
                config(dataDir, db, List.of(bad), null, null, null)).close());
        assertEquals("cannot read a token issuer key: " + bad + " is not a PEM public key (BEGIN PUBLIC KEY)", e.getMessage());
    }
}
