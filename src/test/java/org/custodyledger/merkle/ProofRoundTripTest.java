package org.custodyledger.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proofs built from a compact range's stored nodes verify for every size and index up to 300; any bit flip breaks them. */
class ProofRoundTripTest {
    private static final int MAX = 300;
    private static final List<byte[]> leafHashes = new ArrayList<>();
    private static final Map<NodeId, byte[]> nodes = new HashMap<>();
    private static final List<byte[]> roots = new ArrayList<>();
    private static int bitCursor;

    @BeforeAll
    static void buildTree() {
        CompactRange range = new CompactRange();
        roots.add(range.root());
        for (int i = 0; i < MAX; i++) {
            byte[] leaf = Rfc6962.hashLeaf(("leaf " + i).getBytes(StandardCharsets.UTF_8));
            leafHashes.add(leaf);
            range.append(leaf, nodes::put);
            roots.add(range.root());
        }
    }

    @Test
    void compactRangeRootMatchesTheRecursiveDefinition() {
        for (int n = 0; n <= MAX; n++) {
            assertArrayEquals(mth(0, n), roots.get(n), "root of size " + n);
        }
        assertArrayEquals(Base64.getDecoder().decode("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="), roots.get(0));
    }

    @Test
    void restoredRangeContinuesIdentically() {
        for (int n = 0; n < MAX; n += 7) {
            List<byte[]> hashes = Proofs.rangeNodes(0, n).stream().map(nodes::get).toList();
            CompactRange restored = new CompactRange(n, hashes);
            for (int i = n; i < Math.min(MAX, n + 20); i++) {
                restored.append(leafHashes.get(i));
                assertArrayEquals(roots.get(i + 1), restored.root());
            }
        }
    }

    @Test
    void everyInclusionProofVerifiesAndEveryBitFlipFails() {
        for (int size = 1; size <= MAX; size++) {
            byte[] root = roots.get(size);
            for (int index = 0; index < size; index++) {
                List<byte[]> proof = inclusion(index, size);
                byte[] leaf = leafHashes.get(index);
                ProofResult ok = ProofVerifier.verifyInclusion(index, size, leaf, proof, root);
                assertTrue(ok.isValid(), "size " + size + " index " + index + ": " + ok.describe());
                boolean exhaustive = size <= 16;
                for (int p = 0; p < proof.size(); p++) {
                    for (int bit : bits(exhaustive)) {
                        List<byte[]> bad = new ArrayList<>(proof);
                        bad.set(p, flip(proof.get(p), bit));
                        assertFalse(ProofVerifier.verifyInclusion(index, size, leaf, bad, root).isValid());
                    }
                }
                for (int bit : bits(exhaustive)) {
                    assertFalse(ProofVerifier.verifyInclusion(index, size, flip(leaf, bit), proof, root).isValid());
                    assertFalse(ProofVerifier.verifyInclusion(index, size, leaf, proof, flip(root, bit)).isValid());
                }
            }
        }
    }

    @Test
    void everyConsistencyProofVerifiesAndEveryBitFlipFails() {
        for (int size2 = 1; size2 <= MAX; size2++) {
            for (int size1 = 1; size1 <= size2; size1++) {
                ProofNodes plan = Proofs.consistency(size1, size2);
                List<byte[]> proof = plan.rehash(plan.ids().stream().map(nodes::get).toList());
                byte[] root1 = roots.get(size1);
                byte[] root2 = roots.get(size2);
                ProofResult ok = ProofVerifier.verifyConsistency(size1, size2, proof, root1, root2);
                assertTrue(ok.isValid(), size1 + " -> " + size2 + ": " + ok.describe());
                for (int p = 0; p < proof.size(); p++) {
                    List<byte[]> bad = new ArrayList<>(proof);
                    bad.set(p, flip(proof.get(p), nextBit()));
                    assertFalse(ProofVerifier.verifyConsistency(size1, size2, bad, root1, root2).isValid());
                }
                assertFalse(ProofVerifier.verifyConsistency(size1, size2, proof, flip(root1, nextBit()), root2).isValid());
                assertFalse(ProofVerifier.verifyConsistency(size1, size2, proof, root1, flip(root2, nextBit())).isValid());
            }
        }
    }

    @Test
    void wrongSizesAndIndexesAreRefusedBeforeHashing() {
        List<byte[]> proof = inclusion(5, 8);
        byte[] leaf = leafHashes.get(5);
        assertMalformed("index is beyond size: 5 >= 1", ProofVerifier.verifyInclusion(5, 1, leaf, proof, roots.get(1)));
        assertMalformed("index is beyond size: 8 >= 8", ProofVerifier.verifyInclusion(8, 8, leaf, proof, roots.get(8)));
        assertMalformed("index and size must not be negative: -1, 8",
                ProofVerifier.verifyInclusion(-1, 8, leaf, proof, roots.get(8)));
        assertMalformed("wrong proof size 3, want 4", ProofVerifier.verifyInclusion(5, 9, leaf, proof, roots.get(9)));
        List<byte[]> longer = new ArrayList<>(proof);
        longer.add(leaf);
        assertMalformed("wrong proof size 4, want 3", ProofVerifier.verifyInclusion(5, 8, leaf, longer, roots.get(8)));
        assertMalformed("leaf hash has 31 bytes, want 32",
                ProofVerifier.verifyInclusion(5, 8, Arrays.copyOf(leaf, 31), proof, roots.get(8)));
        assertMalformed("size2 (3) < size1 (4)", ProofVerifier.verifyConsistency(4, 3, List.of(), roots.get(4), roots.get(3)));
        assertMalformed("size1 must be at least 1, got 0",
                ProofVerifier.verifyConsistency(0, 3, List.of(), roots.get(0), roots.get(3)));
        assertMalformed("empty proof", ProofVerifier.verifyConsistency(3, 5, List.of(), roots.get(3), roots.get(5)));
        assertThrows(IllegalArgumentException.class, () -> Proofs.inclusion(8, 8));
        assertThrows(IllegalArgumentException.class, () -> Proofs.consistency(9, 8));
        assertThrows(IllegalArgumentException.class, () -> Proofs.consistency(0, 8));
        assertThrows(IllegalArgumentException.class, () -> ProofVerifier.rootFromInclusionProof(1, 1, leaf, List.of()));
    }

    @Test
    void aMismatchCarriesExpectedAndCalculatedRoots() {
        ProofResult r = ProofVerifier.verifyInclusion(3, 8, leafHashes.get(4), inclusion(3, 8), roots.get(8));
        ProofResult.RootMismatch m = assertInstanceOf(ProofResult.RootMismatch.class, r);
        assertArrayEquals(roots.get(8), m.expected());
        assertArrayEquals(ProofVerifier.rootFromInclusionProof(3, 8, leafHashes.get(4), inclusion(3, 8)), m.calculated());
    }

    private static void assertMalformed(String reason, ProofResult r) {
        assertEquals(new ProofResult.Malformed(reason), r);
    }

    private static List<byte[]> inclusion(long index, long size) {
        ProofNodes plan = Proofs.inclusion(index, size);
        return plan.rehash(plan.ids().stream().map(nodes::get).toList());
    }

    /** RFC 6962 §2.1 MTH, written recursively and slowly as the reference. */
    private static byte[] mth(int begin, int end) {
        int n = end - begin;
        if (n == 0) {
            return Rfc6962.emptyRoot();
        }
        if (n == 1) {
            return leafHashes.get(begin);
        }
        int k = Integer.highestOneBit(n - 1);
        return Rfc6962.hashChildren(mth(begin, begin + k), mth(begin + k, end));
    }

    private static int[] bits(boolean exhaustive) {
        if (exhaustive) {
            int[] all = new int[256];
            Arrays.setAll(all, i -> i);
            return all;
        }
        return new int[] {nextBit()};
    }

    /** Cycles through all 256 bit positions across the run, so each position is flipped many times. */
    private static int nextBit() {
        bitCursor = (bitCursor + 97) % 256;
        return bitCursor;
    }

    private static byte[] flip(byte[] hash, int bit) {
        byte[] copy = hash.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }
}
