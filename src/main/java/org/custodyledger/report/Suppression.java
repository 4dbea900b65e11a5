package org.custodyledger.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Small-count suppression with complementary suppression. A count from 1 to threshold−1 is
 * hidden (it could single out a person). Then, in every group of cells that sums to a shown
 * total — a figure and its breakdown, or an agency figure and the same figure of every unit —
 * a single hidden cell could be recovered by subtraction, so the next smallest non-zero shown
 * cell of the group is hidden too (the total itself if there is none); a total hidden by another
 * group whose breakdown is all shown would be their sum, so its smallest non-zero member is
 * hidden too. Repeated until no group has exactly one hidden cell (total or member). Zeros are
 * never hidden. Deterministic: groups and cells in a fixed order.
 */
final class Suppression {
    /** A cell: a scope and a metric path. */
    record Cell(String scope, String path) {
    }

    private record Group(Cell total, List<Cell> members) {
    }

    private Suppression() {
    }

    /** The cells to show as "suppressed". */
    static Set<Cell> hidden(Cells cells, int threshold) {
        Set<Cell> hidden = new HashSet<>();
        cells.scopes().forEach((scope, metrics) -> metrics.forEach((path, value) -> {
            if (value instanceof Long n && n >= 1 && n < threshold) {
                hidden.add(new Cell(scope, path));
            }
        }));
        List<Group> groups = groups(cells);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Group g : groups) {
                // A group is one equation, total = sum of members: exactly one unknown in it is
                // recovered by subtraction, whether that unknown is a member or the total itself.
                long hiddenMembers = g.members().stream().filter(hidden::contains).count();
                boolean totalHidden = hidden.contains(g.total());
                if (hiddenMembers + (totalHidden ? 1 : 0) != 1) {
                    continue;
                }
                Cell next = null;
                long smallest = Long.MAX_VALUE;
                for (Cell m : g.members()) {
                    long v = value(cells, m);
                    if (!hidden.contains(m) && v > 0 && v < smallest) {
                        next = m;
                        smallest = v;
                    }
                }
                if (next == null && totalHidden) {
                    // Every member shown is zero (footageMinutes: the agency's floor of a sum can
                    // exceed the sum of the units' floors): the members reveal nothing more.
                    continue;
                }
                hidden.add(next != null ? next : g.total());
                changed = true;
            }
        }
        return hidden;
    }

    private static long value(Cells cells, Cell c) {
        Object v = cells.scopes().getOrDefault(c.scope(), new TreeMap<>()).get(c.path());
        return v instanceof Long n ? n : 0;
    }

    /** Every group whose members sum to its total. */
    private static List<Group> groups(Cells cells) {
        List<Group> groups = new ArrayList<>();
        List<String> figureScopes = new ArrayList<>();
        cells.scopes().keySet().stream().filter(s -> s.equals("agency") || s.startsWith("unit:")).forEach(figureScopes::add);
        for (String scope : figureScopes) {
            Map<String, Object> m = cells.scopes().get(scope);
            groups.add(new Group(new Cell(scope, "footageRegistered.total"),
                    List.of(new Cell(scope, "footageRegistered.uploaded"), new Cell(scope, "footageRegistered.hashOnly"))));
            for (String type : Tally.ROLE_COUNTED) {
                groups.add(breakdown(scope, m, "events." + type + ".total", "events." + type + ".byRole."));
            }
        }
        // The agency's figure is the sum of every unit's (other and unknown included).
        Map<String, Object> agency = cells.scopes().get("agency");
        if (agency != null) {
            List<String> unitScopes = figureScopes.stream().filter(s -> s.startsWith("unit:")).toList();
            for (Map.Entry<String, Object> metric : agency.entrySet()) {
                if (metric.getValue() instanceof Long) {
                    groups.add(new Group(new Cell("agency", metric.getKey()),
                            unitScopes.stream().map(u -> new Cell(u, metric.getKey())).toList()));
                }
            }
        }
        Map<String, Object> complaints = cells.scopes().get("complaints");
        if (complaints != null) {
            groups.add(breakdown("complaints", complaints, "received", "byCategory."));
            groups.add(breakdown("complaints", complaints, "closed", "outcomes."));
        }
        Map<String, Object> refusals = cells.scopes().get("accessRefusals");
        if (refusals != null) {
            groups.add(breakdown("accessRefusals", refusals, "total", "byStatus."));
            groups.add(breakdown("accessRefusals", refusals, "total", "byRouteGroup."));
        }
        return groups;
    }

    private static Group breakdown(String scope, Map<String, Object> metrics, String total, String prefix) {
        List<Cell> members = metrics.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> new Cell(scope, k)).toList();
        return new Group(new Cell(scope, total), members);
    }
}
