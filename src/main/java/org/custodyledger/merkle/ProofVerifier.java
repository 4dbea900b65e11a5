package org.custodyledger.merkle;

import java.security.MessageDigest;
import java.util.List;

/**
 * Verifies RFC 6962 / RFC 9162 inclusion and consistency proofs. Every precondition (index
 * below size, sizes in order, hash lengths, exact proof length) is checked before hashing.
 */
public final class ProofVerifier {
    private ProofVerifier() {
    }

    public static ProofResult verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        String problem = inclusionProblem(index, size, leafHash, proof);
        if (problem == null) {
            problem = checkHash("root", root);
        }
        if (problem != null) {
            return new ProofResult.Malformed(problem);
        }
        return match(root, chainInclusion(index, size, leafHash, proof));
    }

    /** The root an inclusion proof implies; throws IllegalArgumentException when a precondition fails. */
    public static byte[] rootFromInclusionProof(long index, long size, byte[] leafHash, List<byte[]> proof) {
        String problem = inclusionProblem(index, size, leafHash, proof);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return chainInclusion(index, size, leafHash, proof);
    }

    private static String inclusionProblem(long index, long size, byte[] leafHash, List<byte[]> proof) {
        if (index < 0 || size < 0) {
            return "index and size must not be negative: " + index + ", " + size;
        }
        if (index >= size) {
            return "index is beyond size: " + index + " >= " + size;
        }
        String problem = checkHash("leaf hash", leafHash);
        if (problem == null) {
            problem = checkHashes(proof);
        }
        if (problem != null) {
            return problem;
        }
        int inner = innerProofSize(index, size);
        int want = inner + Long.bitCount(index >>> inner);
        return proof.size() == want ? null : "wrong proof size " + proof.size() + ", want " + want;
    }

    private static byte[] chainInclusion(long index, long size, byte[] leafHash, List<byte[]> proof) {
        int inner = innerProofSize(index, size);
        byte[] res = chainInner(leafHash, proof.subList(0, inner), index);
        return chainBorderRight(res, proof.subList(inner, proof.size()));
    }

    public static ProofResult verifyConsistency(long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2) {
        if (size1 < 1) {
            // Every tree extends the empty tree, so such a proof would prove nothing.
            return new ProofResult.Malformed("size1 must be at least 1, got " + size1);
        }
        if (size2 < size1) {
            return new ProofResult.Malformed("size2 (" + size2 + ") < size1 (" + size1 + ")");
        }
        String problem = checkHashes(proof);
        if (problem != null) {
            return new ProofResult.Malformed(problem);
        }
        if (size1 == size2) {
            if (!proof.isEmpty()) {
                return new ProofResult.Malformed("size1 = size2 but the proof is not empty");
            }
            if (root1 == null || root2 == null) {
                return new ProofResult.Malformed("both roots are required");
            }
            // Nothing is hashed: the same tree must have the same root, whatever its encoding.
            return match(root2, root1);
        }
        if (proof.isEmpty()) {
            return new ProofResult.Malformed("empty proof");
        }
        problem = checkHash("root1", root1);
        if (problem == null) {
            problem = checkHash("root2", root2);
        }
        if (problem != null) {
            return new ProofResult.Malformed(problem);
        }
        int inner = innerProofSize(size1 - 1, size2);
        int border = Long.bitCount((size1 - 1) >>> inner);
        int shift = Long.numberOfTrailingZeros(size1);
        inner -= shift;
        // The proof starts with the subtree of size 2^shift ending at size1, unless that is root1.
        byte[] seed;
        int start;
        if (size1 == 1L << shift) {
            seed = root1;
            start = 0;
        } else {
            seed = proof.get(0);
            start = 1;
        }
        if (proof.size() != start + inner + border) {
            return new ProofResult.Malformed("wrong proof size " + proof.size() + ", want " + (start + inner + border));
        }
        List<byte[]> rest = proof.subList(start, proof.size());
        long mask = (size1 - 1) >>> shift;
        byte[] hash1 = chainInnerRight(seed, rest.subList(0, inner), mask);
        hash1 = chainBorderRight(hash1, rest.subList(inner, rest.size()));
        ProofResult first = match(root1, hash1);
        if (!first.isValid()) {
            return first;
        }
        byte[] hash2 = chainInner(seed, rest.subList(0, inner), mask);
        hash2 = chainBorderRight(hash2, rest.subList(inner, rest.size()));
        return match(root2, hash2);
    }

    private static int innerProofSize(long index, long size) {
        return 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
    }

    private static byte[] chainInner(byte[] seed, List<byte[]> proof, long index) {
        for (int i = 0; i < proof.size(); i++) {
            seed = ((index >>> i) & 1) == 0
                    ? Rfc6962.hashChildren(seed, proof.get(i))
                    : Rfc6962.hashChildren(proof.get(i), seed);
        }
        return seed;
    }

    private static byte[] chainInnerRight(byte[] seed, List<byte[]> proof, long index) {
        for (int i = 0; i < proof.size(); i++) {
            if (((index >>> i) & 1) == 1) {
                seed = Rfc6962.hashChildren(proof.get(i), seed);
            }
        }
        return seed;
    }

    private static byte[] chainBorderRight(byte[] seed, List<byte[]> proof) {
        for (byte[] h : proof) {
            seed = Rfc6962.hashChildren(h, seed);
        }
        return seed;
    }

    private static ProofResult match(byte[] expected, byte[] calculated) {
        return MessageDigest.isEqual(expected, calculated)
                ? new ProofResult.Valid()
                : new ProofResult.RootMismatch(expected.clone(), calculated.clone());
    }

    private static String checkHashes(List<byte[]> proof) {
        if (proof == null) {
            return "proof is missing";
        }
        for (int i = 0; i < proof.size(); i++) {
            String problem = checkHash("proof hash " + i, proof.get(i));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String checkHash(String what, byte[] hash) {
        if (hash == null) {
            return what + " is missing";
        }
        if (hash.length != Rfc6962.HASH_SIZE) {
            return what + " has " + hash.length + " bytes, want " + Rfc6962.HASH_SIZE;
        }
        return null;
    }
}
