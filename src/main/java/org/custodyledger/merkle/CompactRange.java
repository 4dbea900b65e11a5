package org.custodyledger.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The compact range [0, size): the roots of the perfect subtrees that cover the leaves so
 * far, from the biggest (leftmost) to the smallest. Appending a leaf merges at most log2(n)
 * of them, so the tree root is maintained without rehashing the tree. Not thread-safe.
 */
public final class CompactRange {
    /** Receives every node that an append completes, the leaf itself included. */
    @FunctionalInterface
    public interface NodeSink {
        void accept(NodeId id, byte[] hash);
    }

    private long size;
    private final ArrayList<byte[]> hashes;

    public CompactRange() {
        this(0, List.of());
    }

    /**
     * Restores a range from stored nodes: {@code hashes} must be the hashes of
     * {@link Proofs#rangeNodes(long, long) rangeNodes(0, size)}, in that order.
     */
    public CompactRange(long size, List<byte[]> hashes) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        if (hashes.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a range of size " + size + " has "
                    + Long.bitCount(size) + " nodes, got " + hashes.size());
        }
        this.size = size;
        this.hashes = new ArrayList<>(64);
        for (byte[] h : hashes) {
            this.hashes.add(checkHash(h).clone());
        }
    }

    public long size() {
        return size;
    }

    /** The node hashes of the range, biggest subtree first (copies). */
    public List<byte[]> hashes() {
        List<byte[]> copy = new ArrayList<>(hashes.size());
        for (byte[] h : hashes) {
            copy.add(h.clone());
        }
        return copy;
    }

    /** Appends one leaf hash; {@code sink} (may be null) sees each completed node. */
    public void append(byte[] leafHash, NodeSink sink) {
        byte[] hash = checkHash(leafHash).clone();
        long index = size;
        int level = 0;
        if (sink != null) {
            sink.accept(new NodeId(0, index), hash);
        }
        // Each trailing 1-bit of the old size is a left sibling waiting for this subtree.
        while (((size >>> level) & 1) == 1) {
            byte[] left = hashes.remove(hashes.size() - 1);
            hash = Rfc6962.hashChildren(left, hash);
            level++;
            index >>>= 1;
            if (sink != null) {
                sink.accept(new NodeId(level, index), hash);
            }
        }
        hashes.add(hash);
        size++;
    }

    public void append(byte[] leafHash) {
        append(leafHash, null);
    }

    /** The RFC 6962 root of the leaves appended so far. */
    public byte[] root() {
        if (hashes.isEmpty()) {
            return Rfc6962.emptyRoot();
        }
        byte[] root = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            root = Rfc6962.hashChildren(hashes.get(i), root);
        }
        return root.clone();
    }

    private static byte[] checkHash(byte[] hash) {
        if (hash == null || hash.length != Rfc6962.HASH_SIZE) {
            throw new IllegalArgumentException("a node hash is 32 bytes, got "
                    + (hash == null ? "none" : hash.length));
        }
        return hash;
    }
}
