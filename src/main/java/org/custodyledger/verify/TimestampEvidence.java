package org.custodyledger.verify;

import java.util.List;

/**
 * An RFC 3161 token as an evidence bundle carries it: the signed checkpoint note it was issued
 * over (byte-exact, the TSA hashed its UTF-8 bytes), that note's tree size, the DER
 * TimeStampToken, the time and TSA the server recorded (for reading; the verifier trusts only the
 * token's own), and the consistency proof from the note's tree to the bundle checkpoint's.
 */
public record TimestampEvidence(long treeSize, String checkpoint, byte[] token, String genTime, String tsa,
                                List<byte[]> consistencyProof) {
    public TimestampEvidence {
        consistencyProof = consistencyProof == null ? List.of() : List.copyOf(consistencyProof);
    }
}
