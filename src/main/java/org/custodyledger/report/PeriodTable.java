package org.custodyledger.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One report's figures before suppression, with what each published scope is the sum of: the
 * period, the cells ({@link Cells}), and for every scope the <em>fine scopes</em> it adds up —
 * each real unit (also those folded into "other"), "unknown", the bucket of unpublishable unit
 * names, and the agency-wide complaints and refusals — with each fine scope's own cells. The
 * disclosure audit builds every published cell from these, as a sum of per-month atoms.
 */
final class PeriodTable {
    static final String COMPLAINTS = "#complaints";
    static final String REFUSALS = "#refusals";

    final Period period;
    final Cells cells = new Cells();
    /** Published scope (as in {@link #cells}) → the fine scopes it sums. */
    final Map<String, List<String>> members = new LinkedHashMap<>();
    /** Fine scope → its own cells (a unit's figures; for refusals the (status, route group) atoms). */
    final Map<String, TreeMap<String, Object>> fine = new LinkedHashMap<>();
    /** The real units folded into "other": their figures must stay undeterminable too. */
    final List<String> folded = new ArrayList<>();

    private PeriodTable(Period period) {
        this.period = period;
    }

    /** Agency, units (sorted; then other, then unknown), complaints, access refusals: unsuppressed cells. */
    static PeriodTable of(ReportFold fold, int threshold) {
        fold.closeHolds();
        PeriodTable t = new PeriodTable(fold.period());
        Tally agency = new Tally();
        Tally other = new Tally();
        Tally unknown = new Tally();
        Map<String, Tally> shown = new TreeMap<>();
        List<String> all = new ArrayList<>();
        List<String> otherMembers = new ArrayList<>();
        fold.units().forEach((unit, tally) -> {
            agency.addAll(tally);
            all.add(unit);
            t.fine.put(unit, tally.cells());
            if (unit.equals(ReportFold.UNKNOWN_UNIT)) {
                unknown.addAll(tally);
            } else if (tally.events < threshold || unit.equals(ReportFold.OTHER_UNIT)) {
                other.addAll(tally);
                otherMembers.add(unit);
                if (!unit.equals(ReportFold.OTHER_UNIT)) {
                    t.folded.add(unit);
                }
            } else {
                shown.put(unit, tally);
            }
        });
        t.put("agency", agency.cells(), all);
        shown.forEach((unit, tally) -> t.put("unit:" + unit, tally.cells(), List.of(unit)));
        t.put("unit:" + ReportFold.OTHER_UNIT, other.cells(), otherMembers);
        t.put("unit:" + ReportFold.UNKNOWN_UNIT, unknown.cells(),
                fold.units().containsKey(ReportFold.UNKNOWN_UNIT) ? List.of(ReportFold.UNKNOWN_UNIT) : List.of());
        TreeMap<String, Object> complaints = fold.complaintCells();
        t.put("complaints", complaints, List.of(COMPLAINTS));
        t.fine.put(COMPLAINTS, complaints);
        t.put("accessRefusals", fold.refusalCells(), List.of(REFUSALS));
        TreeMap<String, Object> refusalAtoms = new TreeMap<>();
        for (String status : List.of("401", "403")) {
            ReportFold.ROUTE_GROUPS.forEach(g -> refusalAtoms.put(status + ":" + g, 0L));
        }
        t.fine.put(REFUSALS, refusalAtoms);
        return t;
    }

    private void put(String scope, TreeMap<String, Object> figures, List<String> fineScopes) {
        cells.scope(scope).putAll(figures);
        members.put(scope, fineScopes);
    }
}
