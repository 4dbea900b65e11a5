package org.custodyledger.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.custodyledger.TestKeys;
import org.custodyledger.custody.CanonicalJson;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventSigner;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Digest;
import org.junit.jupiter.api.Test;

/**
 * Suppression against someone doing linear algebra on everything published for a quarter and its
 * months: views by (month, unit, role) are the atoms; the test derives every published cell's
 * atoms on its own and asks {@link LinearAttacker} (exact, over the rationals) whether any hidden
 * cell — or any figure of a unit folded into "other" — can be computed.
 */
class CrossPeriodSuppressionTest {
    private static final EventSigner EVENTS = new EventSigner(TestKeys.sampleSigner());
    private static final List<YearMonth> MONTHS = List.of(YearMonth.of(2026, 7), YearMonth.of(2026, 8), YearMonth.of(2026, 9));
    private static final Period QUARTER = Period.parse("2026-Q3");

    /** Views: month index → unit → role → count. */
    private final Map<Integer, Map<String, Map<String, Integer>>> views = new TreeMap<>();

    private void view(int month, String unit, String role, int n) {
        views.computeIfAbsent(month, m -> new TreeMap<>()).computeIfAbsent(unit, u -> new TreeMap<>()).merge(role, n, Integer::sum);
    }

    private int count(int month, String unit, String role) {
        return views.getOrDefault(month, Map.of()).getOrDefault(unit, Map.of()).getOrDefault(role, 0);
    }

    private Set<String> units() {
        Set<String> u = new java.util.TreeSet<>();
        views.values().forEach(m -> u.addAll(m.keySet()));
        return u;
    }

    private Set<String> roles() {
        Set<String> r = new java.util.TreeSet<>();
        views.values().forEach(m -> m.values().forEach(x -> r.addAll(x.keySet())));
        return r;
    }

    /** The published reports: the three months (each on its own), then the quarter with them. */
    private Map<Period, Map<String, Object>> publish(int threshold) throws Exception {
        List<byte[]> leaves = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            Instant t = Period.month(MONTHS.get(m)).start().plusSeconds(3600);
            for (Map.Entry<String, Map<String, Integer>> unit : views.getOrDefault(m, Map.of()).entrySet()) {
                for (Map.Entry<String, Integer> role : unit.getValue().entrySet()) {
                    for (int i = 0; i < role.getValue(); i++) {
                        t = t.plusSeconds(1);
                        leaves.add(EVENTS.sign(CustodyEvent.of("f-x", Sha256Digest.of(new byte[32]), EventType.VIEWED, "p",
                                role.getKey(), t, "review", null, Map.of()).withUnit(unit.getKey())).leafBytes());
                    }
                }
            }
        }
        Map<Period, Map<String, Object>> out = new LinkedHashMap<>();
        List<ReportFold> monthFolds = new ArrayList<>();
        for (YearMonth ym : MONTHS) {
            out.put(Period.month(ym), json(TransparencyReport.of(fold(Period.month(ym), leaves), threshold, true, cited(leaves))));
            monthFolds.add(fold(Period.month(ym), leaves));
        }
        out.put(QUARTER, json(TransparencyReport.of(fold(QUARTER, leaves), monthFolds, threshold, true, cited(leaves))));
        return out;
    }

    private static ReportFold fold(Period p, List<byte[]> leaves) throws Exception {
        ReportFold f = new ReportFold(p);
        for (byte[] leaf : leaves) {
            f.accept(leaf);
        }
        return f;
    }

    private static TransparencyReport.Cited cited(List<byte[]> leaves) {
        return new TransparencyReport.Cited(leaves.size(), new byte[32], "note");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(TransparencyReport r) throws Exception {
        return (Map<String, Object>) CanonicalJson.parse(r.json());
    }

    private List<Integer> monthsOf(Period p) {
        if (p.kind() == Period.Kind.QUARTER) {
            return List.of(0, 1, 2);
        }
        return List.of(MONTHS.indexOf(YearMonth.parse(p.id())));
    }

    private int events(Period p, String unit) {
        int n = 0;
        for (int m : monthsOf(p)) {
            for (String r : roles()) {
                n += count(m, unit, r);
            }
        }
        return n;
    }

    private Set<String> atoms(Period p, List<String> members, String role) {
        Set<String> a = new HashSet<>();
        for (int m : monthsOf(p)) {
            for (String u : members) {
                for (String r : roles()) {
                    if ((role == null || role.equals(r)) && count(m, u, r) > 0) {
                        a.add(m + "|" + u + "|" + r);
                    }
                }
            }
        }
        return a;
    }

    /** A published cell or a protected figure: its atoms and shown value (null when suppressed or protected). */
    private record Seen(String name, Set<String> atoms, Long value) {
    }

    /** Every VIEWED cell of the reports, and every figure of a unit folded into "other", with its atoms. */
    @SuppressWarnings("unchecked")
    private List<Seen> seen(Map<Period, Map<String, Object>> reports, int threshold) {
        List<Seen> out = new ArrayList<>();
        for (Map.Entry<Period, Map<String, Object>> rep : reports.entrySet()) {
            Period p = rep.getKey();
            List<String> folded = units().stream().filter(u -> events(p, u) > 0 && events(p, u) < threshold).toList();
            List<Object[]> scopes = new ArrayList<>();
            scopes.add(new Object[] {"agency", new ArrayList<>(units()), rep.getValue().get("agency")});
            for (Map<String, Object> unit : (List<Map<String, Object>>) rep.getValue().get("units")) {
                String name = (String) unit.get("unit");
                List<String> members = name.equals("other") ? folded : name.equals("unknown") ? List.of() : List.of(name);
                scopes.add(new Object[] {name, members, unit});
            }
            for (Object[] s : scopes) {
                Map<String, Object> viewed = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) s[2])
                        .get("events")).get("VIEWED");
                List<String> members = (List<String>) s[1];
                out.add(new Seen(p.id() + " " + s[0] + " total", atoms(p, members, null), value(viewed.get("total"))));
                ((Map<String, Object>) viewed.get("byRole")).forEach((role, v) ->
                        out.add(new Seen(p.id() + " " + s[0] + " " + role, atoms(p, members, role), value(v))));
            }
            for (String u : folded) {
                out.add(new Seen(p.id() + " folded " + u + " total", atoms(p, List.of(u), null), null));
                for (String r : roles()) {
                    Set<String> a = atoms(p, List.of(u), r);
                    if (!a.isEmpty()) {
                        out.add(new Seen(p.id() + " folded " + u + " " + r, a, null));
                    }
                }
            }
        }
        return out;
    }

    private static Long value(Object v) {
        return v instanceof Long n ? n : null;
    }

    /** The hidden cells and folded figures an attacker computes from everything shown (empty: none). */
    private List<String> recovered(Map<Period, Map<String, Object>> reports, int threshold) {
        List<Seen> all = seen(reports, threshold);
        LinearAttacker attacker = new LinearAttacker();
        all.stream().filter(s -> s.value() != null && !s.atoms().isEmpty()).forEach(s -> attacker.knows(s.atoms()));
        return all.stream().filter(s -> s.value() == null && !s.atoms().isEmpty() && attacker.computes(s.atoms()))
                .map(Seen::name).toList();
    }

    @SuppressWarnings("unchecked")
    private static Object cell(Map<String, Object> report, String unit, String path) {
        Object v = ((List<Map<String, Object>>) report.get("units")).stream().filter(u -> unit.equals(u.get("unit")))
                .findFirst().orElseThrow();
        for (String part : path.split("\\.")) {
            v = ((Map<String, Object>) v).get(part);
        }
        return v;
    }

    @Test
    void aMonthsHiddenCellIsNotTheQuarterMinusTheOtherMonths() throws Exception {
        view(0, "Central", "officer", 3);     // July: 3 hidden
        view(0, "Central", "reviewer", 9);
        view(1, "Central", "officer", 6);
        view(1, "Central", "reviewer", 8);
        view(2, "Central", "officer", 7);
        view(2, "Central", "reviewer", 9);
        Map<Period, Map<String, Object>> reports = publish(5);
        assertEquals("suppressed", cell(reports.get(Period.parse("2026-07")), "Central", "events.VIEWED.byRole.officer"));
        assertEquals(6L, cell(reports.get(Period.parse("2026-08")), "Central", "events.VIEWED.byRole.officer"));
        assertEquals(7L, cell(reports.get(Period.parse("2026-09")), "Central", "events.VIEWED.byRole.officer"));
        // Before: the quarter showed 16, and 16 − 6 − 7 = 3.
        assertEquals("suppressed", cell(reports.get(QUARTER), "Central", "events.VIEWED.byRole.officer"));
        assertEquals(List.of(), recovered(reports, 5));
    }

    @Test
    void aUnitFoldedIntoOtherInOneMonthIsNotRecoveredFromTheQuarter() throws Exception {
        view(0, "Tiny", "reviewer", 3);       // July: 3 events, folded into other with Small's 2
        view(0, "Small", "reviewer", 2);
        view(1, "Tiny", "reviewer", 8);
        view(2, "Tiny", "reviewer", 9);
        for (int m = 0; m < 3; m++) {
            view(m, "Central", "reviewer", 5);
        }
        Map<Period, Map<String, Object>> reports = publish(5);
        @SuppressWarnings("unchecked")
        List<String> julyUnits = ((List<Map<String, Object>>) reports.get(Period.parse("2026-07")).get("units")).stream()
                .map(u -> (String) u.get("unit")).toList();
        assertFalse(julyUnits.contains("Tiny"));
        assertEquals(8L, cell(reports.get(Period.parse("2026-08")), "Tiny", "events.VIEWED.total"));
        assertEquals(9L, cell(reports.get(Period.parse("2026-09")), "Tiny", "events.VIEWED.total"));
        // Before: the quarter showed Tiny's 20, and 20 − 8 − 9 = Tiny's July.
        assertEquals("suppressed", cell(reports.get(QUARTER), "Tiny", "events.VIEWED.total"));
        assertEquals(List.of(), recovered(reports, 5));
    }

    @Test
    void aHiddenCellOnABridgeBetweenTwoSuppressionCyclesStaysHidden() throws Exception {
        // One month. Cycle A/B × officer/reviewer, cycle C/D × supervisor/auditor, and A's supervisor
        // joins them: every sum it is in has two or more hidden cells, yet it is A's row minus B's
        // row plus the officer and reviewer columns — the old rule left it shown as computable.
        view(0, "A", "officer", 3);
        view(0, "A", "reviewer", 2);
        view(0, "A", "supervisor", 1);
        view(0, "B", "officer", 2);
        view(0, "B", "reviewer", 3);
        view(0, "C", "supervisor", 2);
        view(0, "C", "auditor", 3);
        view(0, "D", "supervisor", 2);
        view(0, "D", "auditor", 2);
        for (String u : List.of("A", "B", "C", "D")) {
            view(0, u, "admin", 10);
        }
        Map<Period, Map<String, Object>> july = new LinkedHashMap<>();
        july.put(Period.parse("2026-07"), publish(5).get(Period.parse("2026-07")));
        assertEquals("suppressed", cell(july.get(Period.parse("2026-07")), "A", "events.VIEWED.byRole.supervisor"));
        assertEquals(List.of(), recovered(july, 5));
    }

    @Test
    void randomTablesDiscloseNothingToLinearAlgebra() throws Exception {
        Random random = new Random(19);
        String[] unitNames = {"A", "B", "C", "D", "E"};
        String[] roleNames = {"officer", "reviewer", "supervisor"};
        for (int round = 0; round < 80; round++) {
            views.clear();
            int units = 2 + random.nextInt(4);
            int roles = 1 + random.nextInt(3);
            int threshold = 3 + random.nextInt(3);
            for (int m = 0; m < 3; m++) {
                for (int u = 0; u < units; u++) {
                    for (int r = 0; r < roles; r++) {
                        int n = random.nextInt(4) == 0 ? 0 : random.nextInt(2) == 0 ? 1 + random.nextInt(threshold) : random.nextInt(12);
                        if (n > 0) {
                            view(m, unitNames[u], roleNames[r], n);
                        }
                    }
                }
            }
            if (views.isEmpty()) {
                continue;
            }
            Map<Period, Map<String, Object>> reports = publish(threshold);
            List<String> leaked = recovered(reports, threshold);
            assertTrue(leaked.isEmpty(), "round " + round + " " + views + ": recovered " + leaked);
        }
    }
}
