package org.custodyledger.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The exact disclosure audit behind complementary suppression. The values underneath a report
 * are <em>atoms</em>: one per month, fine scope (each real unit — folded into "other" or not —,
 * "unknown", the complaints, the refusals) and finest metric (a role's count of a type, uploaded
 * and hash-only registrations, a category, an outcome, a (status, route group) of refusals, …).
 * Every published count is a sum of atoms: a month's cell sums that month's atoms, a quarter's
 * the same atoms of its three months (a state at the end — holds or complaints open — the last
 * month's only). Someone holding every published report can compute exactly the linear
 * combinations of the shown cells, so a hidden cell — or a figure of a real unit folded into
 * "other" — is disclosed iff its vector lies in the span of the shown cells' vectors, of this
 * report and of the {@code fixed} ones published with it (a quarter's months).
 *
 * <p>Span membership is decided over two primes, 2^61−1 and 2^31−1. A vector in the rational
 * span is in the span mod p unless p divides the gcd of the maximal minors of the shown rows;
 * for these 0/1 "sum over a set" matrices that gcd is a small number (the minors seen are ±1, ±2),
 * far below either prime, and a leak would need both primes to divide it. The other error
 * (mod p says "in the span" when it is not) only hides one cell more. The randomized test checks
 * every answer against exact rational elimination.
 *
 * <p>While a protected vector is disclosed, the smallest non-zero shown cell of this report among
 * those it is computed from (one combination; ties in the fixed cell order) is hidden too, and
 * the audit runs again. Hiding only shrinks the span, so a vector found undisclosed stays so and
 * the loop ends. Cells that share no atom never interact, so each family of metrics (a type's
 * roles, registrations, …) is audited on its own.
 */
final class DisclosureAudit {
    /** A report of the audit and the cells hidden in it; only the last report's hidden set grows. */
    record Table(PeriodTable table, Set<Suppression.Cell> hidden) {
    }

    /** A published count (or, when {@code protectedFigure}, a folded unit's figure) as a sum of atoms. */
    private record Item(int id, int table, Suppression.Cell cell, long value, int[] atoms, String family,
                        boolean protectedFigure) {
    }

    private final List<Table> tables;
    private final int target;
    private final List<PeriodTable> sources;
    private final Map<String, Integer> atomIds = new HashMap<>();
    private final List<Item> items = new ArrayList<>();

    private DisclosureAudit(List<Table> fixed, Table report) {
        this.tables = new ArrayList<>(fixed);
        this.tables.add(report);
        this.target = tables.size() - 1;
        this.sources = fixed.stream().map(Table::table).toList();
        for (int t = 0; t < tables.size(); t++) {
            PeriodTable pt = tables.get(t).table();
            for (Map.Entry<String, ? extends Map<String, Object>> scope : pt.cells.scopes().entrySet()) {
                for (Map.Entry<String, Object> m : scope.getValue().entrySet()) {
                    if (m.getValue() instanceof Long n) {
                        item(t, new Suppression.Cell(scope.getKey(), m.getKey()), n, pt.members.get(scope.getKey()), false);
                    }
                }
            }
            for (String unit : pt.folded) {
                int table = t;
                pt.fine.get(unit).forEach((path, v) -> {
                    if (v instanceof Long n && n > 0) {
                        item(table, new Suppression.Cell("unit:" + unit, path), n, List.of(unit), true);
                    }
                });
            }
        }
    }

    /**
     * Completes {@code report.hidden()} (its small cells) so that nothing hidden in it or in
     * {@code fixed}, and no figure of a unit folded into "other", is a linear combination of
     * what all of them show. Answers the report's hidden cells.
     */
    static Set<Suppression.Cell> complete(List<Table> fixed, Table report) {
        DisclosureAudit audit = new DisclosureAudit(fixed, report);
        Map<String, List<Item>> families = new LinkedHashMap<>();
        audit.items.forEach(i -> families.computeIfAbsent(i.family(), f -> new ArrayList<>()).add(i));
        families.values().forEach(audit::completeFamily);
        return report.hidden();
    }

    private void item(int table, Suppression.Cell cell, long value, List<String> fineScopes, boolean protectedFigure) {
        int t = table;
        PeriodTable pt = tables.get(t).table();
        List<PeriodTable> from = t == target && !sources.isEmpty() ? sources : List.of(pt);
        if (STATE_AT_END.contains(cell.path())) {
            from = List.of(from.get(from.size() - 1));
        }
        TreeSet<Integer> atoms = new TreeSet<>();
        for (String fine : fineScopes) {
            boolean any = false;
            for (PeriodTable s : from) {
                Map<String, Object> own = s.fine.get(fine);
                if (own != null) {
                    for (String k : expand(fine, cell.path(), own)) {
                        atoms.add(atom(s.period.id(), fine, k));
                        any = true;
                    }
                }
            }
            Map<String, Object> own = pt.fine.get(fine);
            if (!any && own != null && from.get(0) != pt) {
                // Nothing of this unit in the months (an event taken out of time order): a quarter-only atom.
                for (String k : expand(fine, cell.path(), own)) {
                    atoms.add(atom(pt.period.id(), fine, k));
                }
            }
        }
        if (atoms.isEmpty()) {
            return; // a sum of nothing: zero, and known to be
        }
        int[] a = atoms.stream().mapToInt(Integer::intValue).toArray();
        items.add(new Item(items.size(), t, cell, value, a, family(fineScopes.get(0), cell.path()), protectedFigure));
    }

    /** Up to this many rows in a family, the cell to hide is chosen by trying the candidates. */
    private static final int TRIAL_ROWS = 64;

    /** Figures that are a state at the period's end: a quarter's is its last month's. */
    private static final Set<String> STATE_AT_END = Set.of("holds.openAtEnd", "openAtEnd", "overdueAtEnd");

    /** The finest metrics (atom keys) a published path of a fine scope sums, as far as that scope has them. */
    private static List<String> expand(String fine, String path, Map<String, Object> own) {
        if (fine.equals(PeriodTable.REFUSALS)) {
            String status = path.startsWith("byStatus.") ? path.substring("byStatus.".length()) + ":" : null;
            String group = path.startsWith("byRouteGroup.") ? ":" + path.substring("byRouteGroup.".length()) : null;
            return own.keySet().stream().filter(k -> path.equals("total") || status != null && k.startsWith(status)
                    || group != null && k.endsWith(group)).toList();
        }
        String prefix = null;
        if (path.equals("footageRegistered.total")) {
            return List.of("footageRegistered.uploaded", "footageRegistered.hashOnly");
        } else if (path.startsWith("events.") && path.endsWith(".total")) {
            prefix = path.substring(0, path.length() - "total".length()) + "byRole.";
        } else if (fine.equals(PeriodTable.COMPLAINTS) && path.equals("received")) {
            prefix = "byCategory.";
        } else if (fine.equals(PeriodTable.COMPLAINTS) && path.equals("closed")) {
            prefix = "outcomes.";
        }
        if (prefix == null) {
            return own.containsKey(path) ? List.of(path) : List.of();
        }
        String pre = prefix;
        return own.keySet().stream().filter(k -> k.startsWith(pre)).toList();
    }

    /** The metrics whose cells share atoms: a breakdown with its total. */
    private static String family(String fine, String path) {
        if (fine.equals(PeriodTable.REFUSALS)) {
            return "refusals";
        }
        if (fine.equals(PeriodTable.COMPLAINTS)) {
            return path.equals("received") || path.startsWith("byCategory.") ? "complaints.received"
                    : path.equals("closed") || path.startsWith("outcomes.") ? "complaints.closed" : "complaints." + path;
        }
        if (path.startsWith("footageRegistered.")) {
            return "footageRegistered";
        }
        if (path.startsWith("events.")) {
            return path.substring(0, path.indexOf('.', "events.".length()));
        }
        return path;
    }

    private int atom(String period, String fine, String key) {
        return atomIds.computeIfAbsent(period + '\u0000' + fine + '\u0000' + key, k -> atomIds.size());
    }

    private boolean hidden(Item i) {
        return i.protectedFigure() || tables.get(i.table()).hidden().contains(i.cell());
    }

    /** Hides cells of the report until no protected vector of the family is a combination of shown ones. */
    private void completeFamily(List<Item> family) {
        List<Item> rows = family.stream().sorted(Comparator.comparingInt((Item i) -> i.atoms().length)
                .thenComparingInt(Item::id)).toList();
        SpanBasis[] fixed = {new SpanBasis(SpanBasis.M61, true), new SpanBasis(SpanBasis.M31, false)};
        for (Item r : rows) {
            if (r.table() != target && !hidden(r)) {
                fixed[0].add(r.atoms(), r.id());
                fixed[1].add(r.atoms(), r.id());
            }
        }
        Set<Integer> settled = new HashSet<>();   // undisclosed once: hiding more keeps them so
        while (true) {
            SpanBasis[] basis = basis(fixed, rows, null);
            // Every disclosed vector of this round gets a cell hidden, unless a cell hidden for an
            // earlier one in the round is among those it is computed from (then the next round sees).
            Set<Integer> hiddenNow = new HashSet<>();
            for (Item i : family) {
                if (settled.contains(i.id()) || !hidden(i)) {
                    continue;
                }
                if (!disclosed(basis, i)) {
                    settled.add(i.id());
                    continue;
                }
                Map<Integer, Long> from = basis[0].representation(i.atoms());
                if (from != null && from.keySet().stream().anyMatch(hiddenNow::contains)) {
                    continue;
                }
                Item next = next(family, fixed, rows, from, i);
                if (next == null) {
                    // Only the fixed reports compute it, or only through relations that do not hold
                    // exactly (a floor of minutes): nothing of this report can be hidden for it.
                    settled.add(i.id());
                    continue;
                }
                tables.get(target).hidden().add(next.cell());
                hiddenNow.add(next.id());
            }
            if (hiddenNow.isEmpty()) {
                return;
            }
        }
    }

    /** The fixed reports' basis with this report's shown rows (all but {@code without}) added. */
    private SpanBasis[] basis(SpanBasis[] fixed, List<Item> rows, Item without) {
        SpanBasis[] basis = {fixed[0].copy(), fixed[1].copy()};
        for (Item r : rows) {
            if (r.table() == target && r != without && !hidden(r)) {
                basis[0].add(r.atoms(), r.id());
                basis[1].add(r.atoms(), r.id());
            }
        }
        return basis;
    }

    private static boolean disclosed(SpanBasis[] basis, Item i) {
        return basis[0].contains(i.atoms()) || basis[1].contains(i.atoms());
    }

    /**
     * The cell of this report to hide next for a disclosed vector: of the non-zero shown cells it
     * is computed from, the smallest whose hiding alone protects it, else the smallest; failing
     * those (the 2^31−1 answer alone), the smallest sharing an atom with it.
     */
    private Item next(List<Item> family, SpanBasis[] fixed, List<Item> rows, Map<Integer, Long> from, Item disclosed) {
        Comparator<Item> order = Comparator.comparingLong(Item::value).thenComparingInt(Item::id);
        List<Item> candidates = family.stream().filter(i -> i.table() == target && !hidden(i) && i.value() > 0)
                .sorted(order).toList();
        if (from != null) {
            List<Item> used = candidates.stream().filter(i -> from.containsKey(i.id())).toList();
            // Trying each (a basis without it) is affordable on small families only.
            for (Item c : rows.size() <= TRIAL_ROWS ? used : List.<Item>of()) {
                if (!disclosed(basis(fixed, rows, c), disclosed)) {
                    return c;
                }
            }
            if (!used.isEmpty()) {
                return used.get(0);
            }
        }
        Set<Integer> touching = new HashSet<>();
        for (int a : disclosed.atoms()) {
            touching.add(a);
        }
        return candidates.stream().filter(i -> java.util.Arrays.stream(i.atoms()).anyMatch(touching::contains))
                .findFirst().orElse(null);
    }
}
