package org.custodyledger.cli;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Signs development bearer tokens (EdDSA JWTs) with an issuer's PKCS#8 PEM private key, by
 * default the PUBLIC one in keys-sample/. Real deployments get tokens from their identity
 * provider; this exists so the service can be tried and tested without one.
 */
public final class DevTokens {
    public static final String SAMPLE_ISSUER_PRIVATE_KEY = "keys-sample/token-issuer.pem";

    private DevTokens() {
    }

    /** A token carrying {@code claims} (which should hold sub, roles, exp), signed with the PEM key. */
    public static String sign(String privatePem, JsonObject claims) {
        Vertx vertx = Vertx.vertx();
        try {
            JWTAuth issuer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(
                    new PubSecKeyOptions().setAlgorithm("EdDSA").setBuffer(privatePem)));
            return issuer.generateToken(claims, new JWTOptions().setAlgorithm("EdDSA").setNoTimestamp(true));
        } finally {
            vertx.close();
        }
    }

    public static String samplePrivateKey() throws IOException {
        try (InputStream in = DevTokens.class.getClassLoader().getResourceAsStream(SAMPLE_ISSUER_PRIVATE_KEY)) {
            if (in == null) {
                throw new IOException(SAMPLE_ISSUER_PRIVATE_KEY + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
