package org.custodyledger.verify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.custodyledger.verify.LedgerAudit.Divergence;

/**
 * The audit's divergences: all counted, the earliest by log position kept (at most
 * {@code maxKept}). Found in index order within each phase, but node comparisons trail their
 * page, so a late find can be the earliest: order is settled before anything is dropped.
 */
final class KeptDivergences {
    /** By log position; positionless ones (-1) last. List.sort is stable: ties keep the order found. */
    private static final Comparator<Divergence> BY_POSITION =
            Comparator.comparingLong(d -> d.index() < 0 ? Long.MAX_VALUE : d.index());

    private final int maxKept;
    private final List<Divergence> kept = new ArrayList<>();
    private long failures;

    KeptDivergences(int maxKept) {
        this.maxKept = maxKept;
    }

    void add(Divergence d) {
        failures++;
        kept.add(d);
        // Trimmed in bulk, so a ledger with millions of divergences costs a sort per maxKept finds, not per find.
        if (kept.size() > 2 * Math.max(maxKept, 1)) {
            trim();
        }
    }

    long failures() {
        return failures;
    }

    /** The earliest {@code maxKept}, by log position. */
    List<Divergence> earliest() {
        trim();
        return List.copyOf(kept);
    }

    private void trim() {
        kept.sort(BY_POSITION);
        if (kept.size() > maxKept) {
            kept.subList(maxKept, kept.size()).clear();
        }
    }
}
