package org.custodyledger.merkle;

/**
 * The coordinates of a perfect subtree: {@code level} 0 is a leaf, and the node at
 * ({@code level}, {@code index}) covers leaves [index·2^level, (index+1)·2^level).
 */
public record NodeId(int level, long index) {
    public NodeId {
        if (level < 0 || level > 63 || index < 0) {
            throw new IllegalArgumentException("invalid node (" + level + ", " + index + ")");
        }
    }

    public NodeId parent() {
        return new NodeId(level + 1, index >>> 1);
    }

    public NodeId sibling() {
        return new NodeId(level, index ^ 1);
    }

    /** First leaf index covered. */
    public long begin() {
        return index << level;
    }

    /**
     * The record's default hash (31·level + hash(index)) makes (0, 31) and (1, 0) collide, and
     * a page of a tree is full of such pairs; packing the level into the low bits does not.
     */
    @Override
    public int hashCode() {
        long packed = (index << 6) | level;
        return Long.hashCode(packed * 0x9E3779B97F4A7C15L);
    }

    /** One past the last leaf index covered. */
    public long end() {
        return (index + 1) << level;
    }
}
