package org.custodyledger.storage;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.merkle.CompactRange;

/**
 * What the batches built so far will leave behind (the tree, and each footage's last log
 * index), so the next batch can be linked, signed and built before it holds the head lock;
 * and whether such a prediction still holds once the lock shows the real head and links.
 * Touched only on the sequencer's context.
 */
final class RunAheadPrediction {
    /** How many footage ids' last log index are remembered to predict the next batch's links. */
    static final int REMEMBERED_FOOTAGE = 100_000;

    /** The tree the last batch built leaves behind: committed, or about to be; null when unknown. */
    private CompactRange expectedRange;
    private final Map<String, Long> lastIndexOfFootage;

    RunAheadPrediction() {
        this(REMEMBERED_FOOTAGE);
    }

    RunAheadPrediction(int rememberedFootage) {
        lastIndexOfFootage = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > rememberedFootage;
            }
        };
    }

    /** The tree the next batch is predicted to start from, or null when there is nothing to predict from. */
    CompactRange expectedRange() {
        return expectedRange;
    }

    /** The batch about to be written: the tree and links it leaves predict the next batch's. */
    void remember(BatchBuilder.Built built) {
        expectedRange = built.rangeAfter();
        for (int i = 0; i < built.signed().size(); i++) {
            lastIndexOfFootage.put(built.signed().get(i).event().event().subjectId(), built.firstIndex() + i);
        }
    }

    /** A batch failed: the tree it would have left is not there (its links are caught by {@link #holds}). */
    void forgetRange() {
        expectedRange = null;
    }

    /** The events linked as if the predicted tree and links were the log's; null if nothing is predicted. */
    List<CustodyEvent> link(List<CustodyEvent> events) {
        return expectedRange == null ? null : BatchBuilder.link(events, expectedRange.size(), lastIndexOfFootage);
    }

    /** The footage's last log index as predicted, or null if not remembered. */
    Long lastIndexOf(String footageId) {
        return lastIndexOfFootage.get(footageId);
    }

    /** Whether a batch built ahead can be written as built: same head under the lock, same linked events. */
    static boolean holds(BatchBuilder.Built ahead, LogHead locked, List<CustodyEvent> linked) {
        return ahead != null && sameHead(ahead.rangeBefore(), locked) && sameEvents(ahead.signed(), linked);
    }

    /** A compact range known to be the locked head's: the run-ahead's start, or the expected one; else null. */
    CompactRange knownRange(BatchBuilder.Built ahead, LogHead locked) {
        for (CompactRange known : new CompactRange[] {ahead == null ? null : ahead.rangeBefore(), expectedRange}) {
            if (known != null && sameHead(known, locked)) {
                return known;
            }
        }
        return null;
    }

    static boolean sameHead(CompactRange range, LogHead head) {
        return range.size() == head.size() && Arrays.equals(range.root(), head.root());
    }

    static boolean sameEvents(List<BatchBuilder.Signed> signed, List<CustodyEvent> linked) {
        if (signed.size() != linked.size()) {
            return false;
        }
        for (int i = 0; i < linked.size(); i++) {
            if (!signed.get(i).event().event().equals(linked.get(i))) {
                return false;
            }
        }
        return true;
    }
}
