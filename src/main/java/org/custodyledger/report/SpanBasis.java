package org.custodyledger.report;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Row echelon form of integer vectors over the prime field GF(p), built one vector at a time:
 * {@link #add} keeps a vector that is not in the span of those before it, {@link #contains} says
 * whether one is. Sparse (a vector is the atoms it sums), and every pivot row is scaled to a
 * leading 1, so reducing a row touches only the pivots' own entries. With {@code tracked}, each
 * pivot remembers which added vectors (by their ids) it combines, so {@link #representation}
 * names the published cells a disclosed one is computed from. Used through {@link DisclosureAudit},
 * which asks two primes: see there why that is exact for these matrices.
 */
final class SpanBasis {
    static final long M61 = (1L << 61) - 1;
    static final long M31 = (1L << 31) - 1;

    private record Pivot(int[] cols, long[] vals, Map<Integer, Long> from) {
    }

    private final long p;
    private final boolean tracked;
    private final Map<Integer, Pivot> pivots;

    SpanBasis(long p, boolean tracked) {
        this(p, tracked, new HashMap<>());
    }

    private SpanBasis(long p, boolean tracked, Map<Integer, Pivot> pivots) {
        this.p = p;
        this.tracked = tracked;
        this.pivots = pivots;
    }

    /** An independent copy (pivot rows are immutable and shared). */
    SpanBasis copy() {
        return new SpanBasis(p, tracked, new HashMap<>(pivots));
    }

    /** Adds the 0/1 vector with ones at {@code atoms}, known by {@code id}; false if it was already in the span. */
    boolean add(int[] atoms, int id) {
        TreeMap<Integer, Long> row = ones(atoms);
        Map<Integer, Long> from = tracked ? new HashMap<>(Map.of(id, 1L)) : null;
        reduce(row, from);
        if (row.isEmpty()) {
            return false;
        }
        long inv = inverse(row.firstEntry().getValue());
        int[] cols = new int[row.size()];
        long[] vals = new long[row.size()];
        int i = 0;
        for (Map.Entry<Integer, Long> e : row.entrySet()) {
            cols[i] = e.getKey();
            vals[i++] = mul(e.getValue(), inv);
        }
        if (from != null) {
            from.replaceAll((k, v) -> mul(v, inv));
        }
        pivots.put(cols[0], new Pivot(cols, vals, from));
        return true;
    }

    boolean contains(int[] atoms) {
        TreeMap<Integer, Long> row = ones(atoms);
        reduce(row, null);
        return row.isEmpty();
    }

    /**
     * The ids of the added vectors a vector in the span is computed from (non-zero coefficients of
     * one combination), or null when it is not in the span. Only on a tracked basis.
     */
    Map<Integer, Long> representation(int[] atoms) {
        TreeMap<Integer, Long> row = ones(atoms);
        Map<Integer, Long> from = new HashMap<>();
        reduce(row, from);
        if (!row.isEmpty()) {
            return null;
        }
        // row − Σ c·pivot = 0 was accumulated as −(the combination): the ids with non-zero coefficients.
        from.values().removeIf(v -> v == 0);
        return from;
    }

    /** Reduces {@code row} by the pivots on its leading entries until its lead has no pivot (or it is zero). */
    private void reduce(TreeMap<Integer, Long> row, Map<Integer, Long> from) {
        while (!row.isEmpty()) {
            Map.Entry<Integer, Long> lead = row.firstEntry();
            Pivot piv = pivots.get(lead.getKey());
            if (piv == null) {
                return;
            }
            long c = lead.getValue();
            for (int i = 0; i < piv.cols.length; i++) {
                addTo(row, piv.cols[i], p - mul(c, piv.vals[i]));
            }
            if (from != null) {
                piv.from.forEach((id, v) -> addTo(from, id, p - mul(c, v)));
            }
        }
    }

    private void addTo(Map<Integer, Long> row, int col, long v) {
        long sum = (row.getOrDefault(col, 0L) + v) % p;
        if (sum == 0) {
            row.remove(col);
        } else {
            row.put(col, sum);
        }
    }

    private static TreeMap<Integer, Long> ones(int[] atoms) {
        TreeMap<Integer, Long> row = new TreeMap<>();
        for (int a : atoms) {
            row.merge(a, 1L, Long::sum);
        }
        return row;
    }

    /** a·b mod p for 0 ≤ a, b < p. */
    long mul(long a, long b) {
        if (p == M31) {
            return a * b % p;
        }
        // 2^61 ≡ 1 (mod 2^61 − 1): fold the 122-bit product's high bits onto its low 61.
        long lo = a * b;
        long hi = Math.multiplyHigh(a, b);
        long r = (lo & M61) + ((lo >>> 61) | (hi << 3));
        r = (r & M61) + (r >>> 61);
        return r >= M61 ? r - M61 : r;
    }

    /** The inverse by Fermat: a^(p−2). */
    private long inverse(long a) {
        long result = 1;
        long base = a;
        for (long e = p - 2; e > 0; e >>= 1) {
            if ((e & 1) == 1) {
                result = mul(result, base);
            }
            base = mul(base, base);
        }
        return result;
    }
}
