package org.custodyledger.report;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Small-count suppression with complementary suppression. A count from 1 to threshold−1 is
 * hidden (it could single out a person); zero never is. Then the {@link DisclosureAudit} hides
 * more cells until no hidden cell, and no figure of a real unit folded into "other", can be
 * computed as a linear combination of what is shown — in this report and in the reports
 * published before it that share its figures (a quarter's months). Deterministic: the same
 * figures always hide the same cells.
 */
final class Suppression {
    /** A cell: a scope and a metric path. */
    record Cell(String scope, String path) {
    }

    /** A report already published (a month, before its quarter): its cells and which it hid, fixed. */
    record Published(PeriodTable table, Set<Cell> hidden) {
    }

    private Suppression() {
    }

    /** The cells of {@code table} to show as "suppressed", given the reports published before it that share its figures. */
    static Set<Cell> hidden(PeriodTable table, List<Published> before, int threshold) {
        Set<Cell> hidden = new HashSet<>();
        table.cells.scopes().forEach((scope, metrics) -> metrics.forEach((path, value) -> {
            if (value instanceof Long n && n >= 1 && n < threshold) {
                hidden.add(new Cell(scope, path));
            }
        }));
        return DisclosureAudit.complete(before.stream().map(p -> new DisclosureAudit.Table(p.table(), p.hidden())).toList(),
                new DisclosureAudit.Table(table, hidden));
    }
}
