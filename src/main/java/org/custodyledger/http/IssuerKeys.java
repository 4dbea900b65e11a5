package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity provider's public keys that bearer tokens must be signed with: PEM files
 * (EdDSA, ES256 or RS256 public keys) and/or a JWKS URL fetched at start-up. With neither, the
 * PUBLIC development issuer key in keys-sample/ is trusted, with a loud warning.
 */
public final class IssuerKeys {
    private static final Logger log = LoggerFactory.getLogger(IssuerKeys.class);
    static final String SAMPLE_ISSUER_KEY = "keys-sample/token-issuer.pub.pem";

    /**
     * What to trust: PEM public key files, a JWKS URL (re-read every {@code jwksRefresh}, so the
     * provider's key rotations are followed), and optionally the required {@code iss} and {@code aud}.
     */
    public record Config(List<Path> pemFiles, String jwksUrl, String issuer, String audience, Duration jwksRefresh) {
        public static final Duration DEFAULT_JWKS_REFRESH = Duration.ofMinutes(10);

        public Config {
            pemFiles = pemFiles == null ? List.of() : List.copyOf(pemFiles);
            jwksRefresh = jwksRefresh == null ? DEFAULT_JWKS_REFRESH : jwksRefresh;
        }
    }

    private IssuerKeys() {
    }

    /** Loads the keys (fetching the JWKS if configured) into a token checker for the API. */
    public static Future<TokenChecker> load(Vertx vertx, Config config) {
        JWTOptions jwt = new JWTOptions().setLeeway((int) BearerTokens.LEEWAY_SECONDS);
        if (config.issuer() != null) {
            jwt.setIssuer(config.issuer());
        }
        if (config.audience() != null) {
            jwt.addAudience(config.audience());
        }
        JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(jwt);
        try {
            for (Path pem : config.pemFiles()) {
                options.addPubSecKey(pemKey(Files.readString(pem, StandardCharsets.US_ASCII), pem.toString()));
            }
            if (config.pemFiles().isEmpty() && config.jwksUrl() == null) {
                log.warn("""

                        ************************************************************************
                        *  NO TOKEN ISSUER CONFIGURED: trusting the PUBLIC development issuer   *
                        *  key from keys-sample/. Anyone can mint any role with `token`. Give   *
                        *  --token-issuer-key (PEM) or --token-jwks-url for real use.           *
                        ************************************************************************""");
                options.addPubSecKey(pemKey(sampleKey(), SAMPLE_ISSUER_KEY));
            }
        } catch (IOException | IllegalArgumentException e) {
            return Future.failedFuture(new IllegalStateException("cannot read a token issuer key: " + e.getMessage(), e));
        }
        if (config.jwksUrl() == null) {
            return Future.succeededFuture(new TokenChecker(new BearerTokens(vertx, JWTAuth.create(vertx, options),
                    Clock.systemUTC()), config.pemFiles().isEmpty()));
        }
        return fetchJwks(vertx, config.jwksUrl()).map(keys -> {
            BearerTokens tokens = new BearerTokens(vertx, JWTAuth.create(vertx, withJwks(options, keys)), Clock.systemUTC());
            followRotations(vertx, config, options, keys, tokens);
            return new TokenChecker(tokens, false);
        });
    }

    /**
     * Re-reads the JWKS periodically; when its keys change, tokens are checked against the new
     * set from then on (and verified tokens forgotten). A failed read keeps the current keys.
     */
    private static void followRotations(Vertx vertx, Config config, JWTAuthOptions base, List<JsonObject> initial,
                                        BearerTokens tokens) {
        AtomicReference<List<JsonObject>> current = new AtomicReference<>(initial);
        vertx.setPeriodic(config.jwksRefresh().toMillis(), timer -> fetchJwks(vertx, config.jwksUrl())
                .onFailure(err -> log.warn("keeping the current token issuer keys: {}", err.getMessage()))
                .onSuccess(keys -> {
                    if (!keys.equals(current.getAndSet(keys))) {
                        tokens.replace(JWTAuth.create(vertx, withJwks(base, keys)));
                        log.info("token issuer keys changed at {}: now {} key(s)", config.jwksUrl(), keys.size());
                    }
                }));
    }

    private static JWTAuthOptions withJwks(JWTAuthOptions base, List<JsonObject> keys) {
        return new JWTAuthOptions(base).setJwks(keys);
    }

    /** The token checker, opaque outside this package. */
    public static final class TokenChecker {
        final BearerTokens tokens;
        /** Whether the PUBLIC sample issuer is what is trusted: a development set-up, where anyone can mint any role. */
        final boolean trustsSampleIssuer;

        TokenChecker(BearerTokens tokens, boolean trustsSampleIssuer) {
            this.tokens = tokens;
            this.trustsSampleIssuer = trustsSampleIssuer;
        }
    }

    private static PubSecKeyOptions pemKey(String pem, String source) {
        String algorithm = algorithmOf(pem, source);
        return new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem);
    }

    /** The JWS algorithm a PEM public key verifies, from its SubjectPublicKeyInfo. */
    private static String algorithmOf(String pem, String source) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        if (!pem.contains("BEGIN PUBLIC KEY")) {
            throw new IllegalArgumentException(source + " is not a PEM public key (BEGIN PUBLIC KEY)");
        }
        byte[] der = Base64.getDecoder().decode(body);
        for (String alg : List.of("Ed25519", "EC", "RSA")) {
            try {
                KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
                return switch (alg) {
                    case "Ed25519" -> "EdDSA";
                    case "EC" -> "ES256";
                    default -> "RS256";
                };
            } catch (GeneralSecurityException e) {
                // try the next kind
            }
        }
        throw new IllegalArgumentException(source + " holds no Ed25519, EC or RSA public key");
    }

    private static Future<List<JsonObject>> fetchJwks(Vertx vertx, String url) {
        HttpClient client = vertx.createHttpClient();
        return client
                .request(new RequestOptions().setAbsoluteURI(url).setMethod(HttpMethod.GET).setTimeout(10_000))
                .compose(req -> req.send().compose(resp -> resp.statusCode() == 200 ? resp.body()
                        : Future.failedFuture("the JWKS URL answered HTTP " + resp.statusCode())))
                .map(body -> {
                    List<JsonObject> keys = new ArrayList<>();
                    new JsonObject(body).getJsonArray("keys", new JsonArray())
                            .forEach(k -> keys.add((JsonObject) k));
                    if (keys.isEmpty()) {
                        throw new IllegalStateException("the JWKS at " + url + " lists no keys");
                    }
                    log.debug("read {} token issuer key(s) from {}", keys.size(), url);
                    return keys;
                })
                .recover(err -> Future.failedFuture(new IllegalStateException("cannot load the token issuer keys from "
                        + url + ": " + err.getMessage(), err)))
                .eventually(client::close);
    }

    private static String sampleKey() throws IOException {
        try (InputStream in = IssuerKeys.class.getClassLoader().getResourceAsStream(SAMPLE_ISSUER_KEY)) {
            if (in == null) {
                throw new IOException(SAMPLE_ISSUER_KEY + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
