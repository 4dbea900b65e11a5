package org.custodyledger.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.custodyledger.TestKeys;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.CustodyFormatException;
import org.custodyledger.custody.EventSigner;
import org.custodyledger.custody.EventType;
import org.custodyledger.custody.LeafScanner;
import org.custodyledger.custody.CanonicalJson;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.merkle.Rfc6962;
import org.junit.jupiter.api.Test;

/**
 * The report's new reading of leaves (the byte scanner) and its one pass for several periods
 * against the reading it replaced (a full JSON parse of each leaf by the lenient
 * {@code SignedEvent.parseLeafEvent}: the JSON parsed into maps, then {@link CustodyEvent#fromMap}), fed the same varied leaves: every period's report, the
 * same bytes three ways.
 */
class PeriodFoldsTest {
    private static final EventSigner EVENTS = new EventSigner(TestKeys.sampleSigner());
    private static final Sha256Digest SHA = Sha256Digest.of(new byte[32]);
    private static final List<Period> PERIODS = List.of(Period.parse("2026-Q2"), Period.parse("2026-Q3"),
            Period.parse("2026-Q4"), Period.parse("2027-Q1"), Period.parse("2026-06"), Period.parse("2026-07"),
            Period.parse("2026-09"), Period.parse("2026-10"), Period.parse("2026-12"));

    private final List<byte[]> leaves = new ArrayList<>();
    private Instant clock = Instant.parse("2026-05-20T08:00:00.000Z");

    private void add(CustodyEvent e) {
        leaves.add(EVENTS.sign(e).leafBytes());
    }

    /** The time of the next event: a few hours after the last, or {@code t} when given and later. */
    private Instant at(String t) {
        Instant next = t == null ? clock.plusSeconds(7 * 3600 + 17) : Instant.parse(t);
        clock = next.isAfter(clock) ? next : clock.plusMillis(1);
        return clock;
    }

    private void footage(EventType type, String role, String unit, String time, Map<String, String> details) {
        add(CustodyEvent.of("f-" + leaves.size() % 7, SHA, type, "officer-" + leaves.size() % 3, role, at(time),
                leaves.size() % 7 == 0 ? "purpose \"quoted\"\n" : "purpose", null, details).withUnit(unit));
    }

    private void complaint(String id, EventType type, String time, Map<String, String> details) {
        add(CustodyEvent.aboutComplaint(id, type, "public", "public", at(time), details));
    }

    /** Every event type the fold counts, units (one beyond ASCII, one not a unit's name), complaints, refusals, holds. */
    private void varied() {
        String c1 = "c-" + "1".repeat(32);
        String c2 = "c-" + "2".repeat(32);
        boolean refusalsCounted = false;
        String[] units = {"Central", "Unité Nord — ✓", "North, \"East\" (2)", null, "=HYPERLINK(\"x\")"};
        for (int round = 0; round < 60; round++) {
            String unit = units[round % units.length];
            footage(EventType.REGISTERED, "officer", unit, null, Map.of("held", round % 2 == 0 ? "true" : "false",
                    "durationMs", Long.toString(60_000L * round), "recordedAt", CustodyEvent.formatTime(clock.minusSeconds(600 * round))));
            for (EventType t : List.of(EventType.VIEWED, EventType.EXPORTED, EventType.SHARED, EventType.TRANSFERRED,
                    EventType.REDACTED, EventType.ANNOTATED, EventType.CASE_ADDED)) {
                footage(t, round % 3 == 0 ? "reviewer" : "super.visor", unit, null, Map.of());
            }
            footage(EventType.VERIFIED, "auditor", unit, null, Map.of("outcome", round % 4 == 0 ? "mismatch" : "verified"));
            footage(EventType.RETENTION_SET, "admin", unit, null, Map.of("until", "2030-01-01"));
            if (round % 5 == 0) {
                footage(EventType.HOLD_PLACED, "admin", unit, null, Map.of("holdId", "h-" + round, "matter", c1));
            }
            if (round % 10 == 5) {
                footage(EventType.HOLD_RELEASED, "admin", unit, null, Map.of("holdId", "h-" + (round - 5)));
                footage(EventType.DISPOSED, "admin", unit, null, Map.of());
            }
            if (round == 3) {
                complaint(c1, EventType.COMPLAINT_RECEIVED, null, Map.of("category", "use-of-force", "footageMatched", "0",
                        "dueBy", "2026-08-01T00:00:00.000Z"));
                complaint(c2, EventType.COMPLAINT_RECEIVED, null, Map.of("category", "conduct", "footageMatched", "2",
                        "dueBy", "2026-12-01T00:00:00.000Z"));
            }
            if (round == 20) {
                complaint(c1, EventType.COMPLAINT_ASSIGNED, null, Map.of());
                complaint(c1, EventType.COMPLAINT_STATUS_CHANGED, null, Map.of("to", "closed", "outcome", "not.sustained"));
            }
            if (!refusalsCounted && clock.isAfter(Instant.parse("2026-10-01T00:00:00Z"))) {
                // The quarter's last day's refusals, counted just after its end (twice: the second is ignored).
                refusalsCounted = true;
                add(CustodyEvent.aboutPeriod("2026-09-30", EventType.ACCESS_REFUSALS_COUNTED, "system", "system",
                        at(null), Map.of("401", "9", "401:footage", "7", "401:weird", "2", "403", "4")));
                add(CustodyEvent.aboutPeriod("2026-09-30", EventType.ACCESS_REFUSALS_COUNTED, "system", "system",
                        at(null), Map.of("401", "90")));
            }
            if (round == 40) {
                complaint(c2, EventType.COMPLAINT_STATUS_CHANGED, null, Map.of("to", "investigating"));
            }
        }
        assertTrue(refusalsCounted, "the events did not reach 2026-Q4");
        add(CustodyEvent.aboutPeriod("2026-Q2", EventType.REPORT_PUBLISHED, "oversight-1", "oversight", at(null),
                Map.of("reportSha256", "ab".repeat(32), "checkpointSize", "12")).withUnit("Central"));
        for (int i = 0; i < 12; i++) {
            footage(EventType.VIEWED, "reviewer", "Central", null, Map.of());
        }
    }

    /** The fold as it was: each leaf read by the lenient full parse, then taken the same way. */
    private static ReportFold parsedFold(Period p, List<byte[]> leaves) throws CustodyFormatException {
        CompactRange range = new CompactRange();
        ReportFold fold = new ReportFold(p, range);
        for (byte[] leaf : leaves) {
            if (!fold.complete()) {
                fold.offer(LeafScanner.Event.of(CustodyEvent.fromMap((Map<?, ?>) ((Map<?, ?>) CanonicalJson.parse(leaf)).get("event"))));
            }
            range.append(Rfc6962.hashLeaf(leaf));
        }
        return fold;
    }

    private static String report(ReportFold fold, byte[] root, long size) {
        return new String(TransparencyReport.of(fold, 1, true, new TransparencyReport.Cited(size, root, "note")).json(),
                StandardCharsets.UTF_8);
    }

    @Test
    void everyPeriodsReportIsTheSameBytesFromTheParseTheScannerAndOnePassForAll() throws Exception {
        varied();
        PeriodFolds all = new PeriodFolds(PERIODS);
        boolean open = true;
        for (byte[] leaf : leaves) {
            open = all.accept(leaf);
        }
        assertTrue(open);   // 2027-Q1's cutoff is never reached: its fold would still take leaves
        assertTrue(all.fold(Period.parse("2026-Q3")).complete());
        assertEquals(leaves.size(), all.fed());
        int withFigures = 0;
        for (Period p : PERIODS) {
            ReportFold parsed = parsedFold(p, leaves);
            ReportFold scanned = new ReportFold(p);
            for (byte[] leaf : leaves) {
                scanned.accept(leaf);
            }
            String expected = report(parsed, all.root(), leaves.size());
            assertEquals(expected, report(scanned, all.root(), leaves.size()), p.id() + ": scanner vs parse");
            assertEquals(expected, report(all.fold(p), all.root(), leaves.size()), p.id() + ": one pass vs alone");
            assertArrayEquals(scanned.root(), all.root());
            if (expected.contains("\"VIEWED\":{\"byRole\":{\"")) {
                withFigures++;
            }
        }
        assertTrue(withFigures >= 6, "only " + withFigures + " periods had figures: the comparison proved little");
    }

    /** A leaf an audit with signatures refuses is not counted: the fold fails on it, alone or in one pass for all. */
    @Test
    void aLeafThatIsNotCanonicalFailsTheFoldInsteadOfBeingCounted() throws Exception {
        varied();
        int at = leaves.size() / 2;
        String leaf = new String(leaves.get(at), StandardCharsets.UTF_8);
        leaves.set(at, leaf.replace("\"v\":1}", "\"v\":1 }").getBytes(StandardCharsets.UTF_8));
        parsedFold(Period.parse("2026-Q4"), leaves);   // the old reading counted it
        ReportFold alone = new ReportFold(Period.parse("2026-Q4"));
        PeriodFolds all = new PeriodFolds(PERIODS);
        for (int i = 0; i < at; i++) {
            alone.accept(leaves.get(i));
            all.accept(leaves.get(i));
        }
        assertThrows(CustodyFormatException.class, () -> alone.accept(leaves.get(at)));
        assertThrows(CustodyFormatException.class, () -> all.accept(leaves.get(at)));
    }
}
