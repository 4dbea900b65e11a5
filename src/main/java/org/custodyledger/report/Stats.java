package org.custodyledger.report;

import java.util.List;

/** Order statistics on integers, chosen to stay integers: the lower median and the nearest-rank 90th percentile. */
final class Stats {
    private Stats() {
    }

    /** The lower median of sorted values (the element at (n−1)/2), null when there are none. */
    static Long median(List<Long> sorted) {
        return sorted.isEmpty() ? null : sorted.get((sorted.size() - 1) / 2);
    }

    /** The nearest-rank 90th percentile of sorted values (the element at ⌈0.9·n⌉−1), null when there are none. */
    static Long p90(List<Long> sorted) {
        return sorted.isEmpty() ? null : sorted.get((9 * sorted.size() + 9) / 10 - 1);
    }
}
