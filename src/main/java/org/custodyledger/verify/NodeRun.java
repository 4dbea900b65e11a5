package org.custodyledger.verify;

import java.util.List;

/**
 * Consecutive nodes of one tree level, from {@code firstIndex} on: what a stretch of appended
 * leaves completes (nodes of a level complete in index order), compared with the stored
 * nodes of the same range without hashing any keys.
 */
public record NodeRun(int level, long firstIndex, List<byte[]> hashes) {
    public long lastIndex() {
        return firstIndex + hashes.size() - 1;
    }
}
