package org.custodyledger.timestamp;

import java.math.BigInteger;
import java.time.Instant;

/** A TimeStampToken that verified: its DER, the time the TSA vouches for, the signer's subject and the token's serial. */
public record VerifiedToken(byte[] der, Instant genTime, String signer, BigInteger serial) {
}
