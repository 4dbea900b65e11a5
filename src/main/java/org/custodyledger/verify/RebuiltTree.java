package org.custodyledger.verify;

import java.util.ArrayList;
import java.util.List;
import org.custodyledger.merkle.CompactRange;

/**
 * The tree the audit rebuilds from the entries, remembering the nodes each append completes
 * until they are drained for comparison with the stored ones. Not thread-safe: the audit
 * guards it.
 */
final class RebuiltTree {
    private final CompactRange range = new CompactRange();
    /** Per level, the nodes completed since the last drain: consecutive indexes from pendingFirst. */
    @SuppressWarnings("unchecked")
    private final List<byte[]>[] pendingNodes = new List[64];
    private final long[] pendingFirst = new long[64];
    private long nodesComputed;

    void append(byte[] leafHash) {
        range.append(leafHash, (id, hash) -> {
            if (pendingNodes[id.level()] == null) {
                pendingNodes[id.level()] = new ArrayList<>();
                pendingFirst[id.level()] = id.index();
            }
            pendingNodes[id.level()].add(hash);
            nodesComputed++;
        });
    }

    /** The nodes computed since the last call, a run per level. */
    List<NodeRun> drain() {
        List<NodeRun> runs = new ArrayList<>();
        for (int level = 0; level < pendingNodes.length; level++) {
            if (pendingNodes[level] != null) {
                runs.add(new NodeRun(level, pendingFirst[level], pendingNodes[level]));
                pendingNodes[level] = null;
            }
        }
        return runs;
    }

    long size() {
        return range.size();
    }

    byte[] root() {
        return range.root();
    }

    long nodesComputed() {
        return nodesComputed;
    }
}
