package org.custodyledger.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which stored nodes an RFC 6962 inclusion or consistency proof needs. Only coordinates
 * are computed here; a store fetches the hashes and {@link ProofNodes#rehash} finishes.
 */
public final class Proofs {
    private Proofs() {
    }

    /** Nodes of the inclusion proof (RFC 9162 §2.1.3.1 path, leaf upwards) of leaf {@code index} in a tree of {@code size}. */
    public static ProofNodes inclusion(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index is beyond size: " + index + " >= " + size);
        }
        return skipFirst(nodes(index, 0, size));
    }

    /** Nodes of the consistency proof (RFC 6962 §2.1.2 SUBPROOF order) from {@code size1} to {@code size2}. */
    public static ProofNodes consistency(long size1, long size2) {
        if (size1 < 1 || size1 > size2) {
            throw new IllegalArgumentException("size1 must be in [1, size2]: " + size1 + ", " + size2);
        }
        if (size1 == size2) {
            return new ProofNodes(List.of(), 0, 0);
        }
        // The biggest perfect subtree ending at size1 seeds the proof; when size1 is a
        // power of two that node is the old root itself, which the verifier already has.
        int level = Long.numberOfTrailingZeros(size1);
        long index = (size1 - 1) >>> level;
        ProofNodes p = nodes(index, level, size2);
        return index == 0 ? skipFirst(p) : p;
    }

    /** The perfect subtrees covering [begin, end), left to right. */
    public static List<NodeId> rangeNodes(long begin, long end) {
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("invalid range [" + begin + ", " + end + ")");
        }
        List<NodeId> ids = new ArrayList<>();
        long left;
        long right;
        if (begin == 0) {
            left = 0;
            right = end;
        } else {
            // Paths to leaves begin-1 and end diverge at bit d; only nodes below it are in range.
            long xbegin = begin - 1;
            int d = 63 - Long.numberOfLeadingZeros(xbegin ^ end);
            long mask = (1L << d) - 1;
            left = ~xbegin & mask;
            right = end & mask;
        }
        long pos = begin;
        while (left != 0) {
            int level = Long.numberOfTrailingZeros(left);
            ids.add(new NodeId(level, pos >>> level));
            pos += 1L << level;
            left &= left - 1;
        }
        while (right != 0) {
            int level = 63 - Long.numberOfLeadingZeros(right);
            ids.add(new NodeId(level, pos >>> level));
            pos += 1L << level;
            right ^= 1L << level;
        }
        return ids;
    }

    /**
     * The node (level, index) itself, its siblings up to where its path forks from the
     * right border of [0, size), then the border's subtrees right of the fork (the
     * ephemeral node, right to left), then the subtrees left of the fork (right to left).
     */
    private static ProofNodes nodes(long index, int level, long size) {
        int inner = 64 - Long.numberOfLeadingZeros(index ^ (size >>> level)) - 1;
        NodeId fork = new NodeId(level + inner, index >>> inner);
        List<NodeId> ids = new ArrayList<>();
        NodeId node = new NodeId(level, index);
        ids.add(node);
        for (; node.level() < fork.level(); node = node.parent()) {
            ids.add(node.sibling());
        }
        int len1 = ids.size();
        List<NodeId> right = rangeNodes(fork.end(), size);
        Collections.reverse(right);
        ids.addAll(right);
        int len2 = ids.size();
        List<NodeId> left = rangeNodes(0, fork.begin());
        Collections.reverse(left);
        ids.addAll(left);
        return new ProofNodes(ids, len1, len2);
    }

    private static ProofNodes skipFirst(ProofNodes p) {
        List<NodeId> ids = p.ids().subList(1, p.ids().size());
        return new ProofNodes(ids, Math.max(0, p.begin() - 1), Math.max(0, p.end() - 1));
    }
}
