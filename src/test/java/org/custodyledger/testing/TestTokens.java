package org.custodyledger.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.custodyledger.cli.DevTokens;
import org.custodyledger.note.Ed25519Keys;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.custodyledger.note.NoteException;

/** Bearer tokens for tests, signed like the `token` command does (the sample issuer key) unless told otherwise. */
public final class TestTokens {
    private static final String SAMPLE;

    static {
        try {
            SAMPLE = DevTokens.samplePrivateKey();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestTokens() {
    }

    /** A token valid for an hour for {@code subject} in {@code roles}. */
    public static String of(String subject, String... roles) {
        long now = Instant.now().getEpochSecond();
        return sign(SAMPLE, claims(subject, roles).put("iat", now).put("exp", now + 3600));
    }

    public static String officer(String subject) {
        return of(subject, "officer");
    }

    public static String reviewer(String subject) {
        return of(subject, "reviewer");
    }

    public static String oversight(String subject) {
        return of(subject, "oversight");
    }

    public static String admin(String subject) {
        return of(subject, "admin");
    }

    /** Expired ten minutes ago (beyond the service's clock-skew leeway). */
    public static String expired(String subject, String... roles) {
        long now = Instant.now().getEpochSecond();
        return sign(SAMPLE, claims(subject, roles).put("iat", now - 7200).put("exp", now - 600));
    }

    /** Valid only from ten minutes from now. */
    public static String notYetValid(String subject, String... roles) {
        long now = Instant.now().getEpochSecond();
        return sign(SAMPLE, claims(subject, roles).put("nbf", now + 600).put("exp", now + 3600));
    }

    /** Well-formed and unexpired, but signed by a key the service does not trust. */
    public static String foreignKey(String subject, String... roles) {
        Ed25519PrivateKeyParameters other = Ed25519Keys.generate();
        long now = Instant.now().getEpochSecond();
        return sign(Ed25519Keys.privatePem(other), claims(subject, roles).put("exp", now + 3600));
    }

    /** Any claims, signed with the sample issuer key. */
    public static String withClaims(JsonObject claims) {
        return sign(SAMPLE, claims);
    }

    /**
     * A token whose header and claims are exactly the JSON texts given (escapes and all, so a
     * lone surrogate or a NUL survives), EdDSA-signed with the sample issuer key.
     */
    public static String signedRaw(String headerJson, String claimsJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        try {
            org.bouncycastle.crypto.signers.Ed25519Signer signer = new org.bouncycastle.crypto.signers.Ed25519Signer();
            signer.init(true, Ed25519Keys.parsePrivate(SAMPLE, "sample issuer key"));
            byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
            signer.update(bytes, 0, bytes.length);
            return input + "." + b64.encodeToString(signer.generateSignature());
        } catch (NoteException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject claims(String subject, String... roles) {
        return new JsonObject().put("sub", subject).put("roles", new JsonArray(List.of((Object[]) roles)));
    }

    private static String sign(String pem, JsonObject claims) {
        return DevTokens.sign(pem, claims);
    }
}
