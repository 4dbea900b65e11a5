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

    /** One past the last leaf index covered. */
    public long end() {
        return (index + 1) << level;
    }
}
