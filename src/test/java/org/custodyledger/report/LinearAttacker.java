package org.custodyledger.report;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What someone holding published reports can compute: every rational linear combination of the
 * shown cells. Exact elimination over the rationals (fraction-free, BigInteger), independent of
 * the production audit's modular arithmetic.
 */
final class LinearAttacker {
    private final Map<String, Integer> columns = new HashMap<>();
    private final List<BigInteger[]> echelon = new ArrayList<>();   // each row: leading column's entry non-zero
    private final List<Integer> leads = new ArrayList<>();

    /** A shown cell: the sum of these atoms is known. */
    void knows(Set<String> atoms) {
        BigInteger[] row = reduce(vector(atoms));
        int lead = lead(row);
        if (lead >= 0) {
            echelon.add(row);
            leads.add(lead);
        }
    }

    /** Whether the sum of these atoms is a combination of the known ones. */
    boolean computes(Set<String> atoms) {
        return lead(reduce(vector(atoms))) < 0;
    }

    private BigInteger[] vector(Set<String> atoms) {
        atoms.forEach(a -> columns.computeIfAbsent(a, k -> columns.size()));
        BigInteger[] v = new BigInteger[columns.size()];
        java.util.Arrays.fill(v, BigInteger.ZERO);
        atoms.forEach(a -> v[columns.get(a)] = BigInteger.ONE);
        return v;
    }

    private BigInteger[] reduce(BigInteger[] v) {
        BigInteger[] r = v;
        for (int i = 0; i < echelon.size(); i++) {
            int c = leads.get(i);
            if (c < r.length && r[c].signum() != 0) {
                BigInteger[] p = echelon.get(i);
                BigInteger a = p[c];
                BigInteger b = r[c];
                BigInteger[] next = new BigInteger[Math.max(r.length, p.length)];
                for (int j = 0; j < next.length; j++) {
                    BigInteger rj = j < r.length ? r[j] : BigInteger.ZERO;
                    BigInteger pj = j < p.length ? p[j] : BigInteger.ZERO;
                    next[j] = rj.multiply(a).subtract(pj.multiply(b));   // r·a − p·b: zero at c, exact
                }
                r = next;
            }
        }
        return r;
    }

    private static int lead(BigInteger[] r) {
        for (int j = 0; j < r.length; j++) {
            if (r[j].signum() != 0) {
                return j;
            }
        }
        return -1;
    }
}
