package org.custodyledger.verify;

import java.util.List;

/**
 * One event as evidence: its log index, its leaf bytes verbatim, the leaf hash it was stored
 * or served with, and its inclusion proof in the evidence checkpoint's tree ({@code null},
 * with {@code proofProblem} saying why, when no proof could be had).
 */
public record EvidenceEvent(long index, byte[] leaf, byte[] leafHash, List<byte[]> inclusionProof, String proofProblem) {
}
