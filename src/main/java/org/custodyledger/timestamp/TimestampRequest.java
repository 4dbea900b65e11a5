package org.custodyledger.timestamp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;

/**
 * An RFC 3161 TimeStampReq over SHA-256 of a message, with a fresh 64-bit nonce (so an old or
 * replayed answer is refused) and certReq set (so the token carries the TSA's certificate and
 * verifies offline against only a CA).
 */
public record TimestampRequest(byte[] imprint, BigInteger nonce, TimeStampRequest request) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public static TimestampRequest over(byte[] message) {
        return over(message, new BigInteger(64, RANDOM));
    }

    public static TimestampRequest over(byte[] message, BigInteger nonce) {
        byte[] imprint = sha256(message);
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        return new TimestampRequest(imprint, nonce, generator.generate(NISTObjectIdentifiers.id_sha256, imprint, nonce));
    }

    /** The DER body of the HTTP request ({@code application/timestamp-query}). */
    public byte[] encoded() {
        try {
            return request.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] sha256(byte[] message) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
