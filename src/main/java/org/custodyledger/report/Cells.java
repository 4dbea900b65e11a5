package org.custodyledger.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A report's figures, flat: per scope ({@code agency}, {@code unit:<name>}, {@code complaints},
 * {@code accessRefusals}) a sorted map from dotted metric path to value. Counts are {@link Long};
 * order statistics (medians, p90) are {@link Statistic}, which suppression never treats as a
 * cell; "none" is a String. Flat, so suppression, JSON and CSV all walk the same cells.
 */
final class Cells {
    /** A median or percentile: shown unless the count it summarises is hidden. */
    record Statistic(Long value, String countPath) {
    }

    private final Map<String, TreeMap<String, Object>> scopes = new LinkedHashMap<>();

    TreeMap<String, Object> scope(String name) {
        return scopes.computeIfAbsent(name, k -> new TreeMap<>());
    }

    Map<String, TreeMap<String, Object>> scopes() {
        return scopes;
    }

    static void add(Map<String, Object> scope, String path, long n) {
        scope.merge(path, n, (a, b) -> (Long) a + (Long) b);
    }
}
