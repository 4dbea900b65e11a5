package org.custodyledger.report;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.custodyledger.complaint.Category;
import org.custodyledger.complaint.Outcome;
import org.custodyledger.custody.CustodyFormatException;
import org.custodyledger.custody.EventType;
import org.custodyledger.custody.LeafScanner;
import org.custodyledger.custody.LeafScanner.Event;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.merkle.Rfc6962;

/**
 * The report as a fold over the log's leaves from index 0, in order: state that spans periods
 * (open holds, open complaints) is built from the whole history, counts from the period's
 * events. Leaves are taken until the first whose event time is at or past the period's
 * {@linkplain Period#cutoff() cutoff}; the ledger "at period end" is the prefix before the first
 * event timed at or past the end. Everything comes from the signed leaves alone, so anyone
 * holding them recomputes the same figures.
 */
public final class ReportFold {
    static final String UNKNOWN_UNIT = "unknown";
    static final String OTHER_UNIT = "other";
    public static final List<String> ROUTE_GROUPS = List.of("footage", "ledger", "complaints", "cases", "shares", "audit",
            "app", "other");

    private final Period period;
    private final Instant cutoff;
    /** The tree of every leaf fed: this fold's own, or shared by the folds of one pass ({@link PeriodFolds}). */
    private final CompactRange range;
    private long taken;
    private boolean stopped;
    private Long sizeAtEnd;
    private byte[] rootAtEnd;

    private final Map<String, Tally> units = new TreeMap<>();
    private final Map<String, String> openHoldUnits = new HashMap<>();
    private final Map<String, Complaint> complaints = new HashMap<>();
    private final Set<String> countedDays = new HashSet<>();
    private final TreeMap<String, Object> refusals = new TreeMap<>();

    /** What the fold keeps of one complaint. */
    private static final class Complaint {
        Instant received;
        Instant dueBy;
        boolean inPeriod;
        boolean footageFound;
        boolean closed;
    }

    private final TreeMap<String, Object> complaintCells = new TreeMap<>();
    private final java.util.ArrayList<Long> daysToClose = new java.util.ArrayList<>();

    public ReportFold(Period period) {
        this(period, null, new CompactRange());
    }

    /**
     * A fold that takes no event timed at or after {@code countedBefore} either (a provisional
     * report's: the start of the current UTC day), or none before the period's cutoff when null.
     */
    public ReportFold(Period period, Instant countedBefore) {
        this(period, countedBefore, new CompactRange());
    }

    /** A fold whose leaves' hashes someone else appends to {@code range}, after each {@link #offer}. */
    ReportFold(Period period, CompactRange range) {
        this(period, null, range);
    }

    ReportFold(Period period, Instant countedBefore, CompactRange range) {
        this.period = period;
        this.cutoff = countedBefore == null || countedBefore.isAfter(period.cutoff()) ? period.cutoff() : countedBefore;
        this.range = range;
        complaintCells.put("received", 0L);
        complaintCells.put("closed", 0L);
        complaintCells.put("withFootageFound", 0L);
        Category.codes().forEach(c -> complaintCells.put("byCategory." + c, 0L));
        Outcome.codes().forEach(o -> complaintCells.put("outcomes." + o, 0L));
        refusals.put("total", 0L);
        refusals.put("byStatus.401", 0L);
        refusals.put("byStatus.403", 0L);
        ROUTE_GROUPS.forEach(g -> refusals.put("byRouteGroup." + g, 0L));
    }

    public Period period() {
        return period;
    }

    /** The instant from which the fold takes no event: the period's cutoff, or an earlier one given. */
    public Instant cutoff() {
        return cutoff;
    }

    /**
     * Feeds the next leaf (index {@link #fed()}). Answers false, taking nothing, once a leaf's
     * event is timed at or past the cutoff: the fold is then complete and takes no more (later
     * leaves only go into {@link #root()}).
     */
    public boolean accept(byte[] leaf) throws CustodyFormatException {
        if (!stopped) {
            // The strict reading: a leaf an audit with signatures refuses is refused here too, not counted.
            offer(LeafScanner.scan(leaf));
        }
        // Every leaf fed is hashed, taken or not: a recomputation checks the root at the cited size.
        range.append(Rfc6962.hashLeaf(leaf));
        return !stopped;
    }

    /** Takes the next leaf's event (the fold not yet {@linkplain #complete() complete}), before its hash joins the range. */
    void offer(Event e) {
        Instant t = e.time();
        if (sizeAtEnd == null && !t.isBefore(period.end())) {
            sizeAtEnd = taken;
            rootAtEnd = range.root();
        }
        if (t.isBefore(cutoff)) {
            taken++;
            take(e);
        } else {
            stopped = true;
            if (sizeAtEnd == null) {
                // Stopped before the end (a provisional report's day): the ledger "at the end" is what was taken.
                sizeAtEnd = taken;
                rootAtEnd = range.root();
            }
        }
    }

    /** The number of leaves fed. */
    public long fed() {
        return range.size();
    }

    /** The number of leaves taken: the report's range is [0, taken). */
    public long taken() {
        return taken;
    }

    /** Whether a leaf past the cutoff was seen: more leaves cannot change this report. */
    public boolean complete() {
        return stopped;
    }

    /** The size of the ledger at the period's end: the leaves before the first event timed at or after it. */
    public long sizeAtPeriodEnd() {
        return sizeAtEnd != null ? sizeAtEnd : taken;
    }

    /** The tree root at {@link #sizeAtPeriodEnd()}. */
    public byte[] rootAtPeriodEnd() {
        return (rootAtEnd != null ? rootAtEnd : range.root()).clone();
    }

    /** The tree root of every leaf fed (taken or not). */
    public byte[] root() {
        return range.root();
    }

    private void take(Event e) {
        Instant t = e.time();
        boolean beforeEnd = t.isBefore(period.end());
        boolean inPeriod = beforeEnd && !t.isBefore(period.start());
        String unit = unit(e.unit());
        Map<String, String> d = e.details();
        if (e.type() == EventType.ACCESS_REFUSALS_COUNTED) {
            countRefusals(e);
            return;
        }
        if (!beforeEnd || e.type() == EventType.REPORT_PUBLISHED) {
            // Events after the end (until the cutoff) only matter for the refusals counted late.
            return;
        }
        takeState(e, unit, inPeriod);
        if (!inPeriod || e.type().aboutComplaint()) {
            return;
        }
        Tally tally = units.computeIfAbsent(unit, u -> new Tally());
        tally.events++;
        switch (e.type()) {
            case REGISTERED -> {
                tally.registered++;
                if ("true".equals(d.get("held"))) {
                    tally.uploaded++;
                }
                Long ms = decimal(d.get("durationMs"));
                if (ms != null) {
                    tally.durationMs += ms;
                }
                Instant recorded = time(d.get("recordedAt"));
                if (recorded != null) {
                    tally.delayMinutes.add(Math.max(0, Duration.between(recorded, t).toMinutes()));
                }
            }
            case VIEWED, EXPORTED, SHARED, TRANSFERRED, REDACTED -> tally.countRole(e.type().name(), e.actorRole().replace('.', '_'));
            case VERIFIED -> {
                if ("verified".equals(d.get("outcome"))) {
                    tally.verifiedPassed++;
                } else {
                    tally.verifiedFailed++;
                }
            }
            case HOLD_PLACED -> tally.holdsPlaced++;
            case HOLD_RELEASED -> tally.holdsReleased++;
            case RETENTION_SET -> tally.retentionSet++;
            case DISPOSED -> tally.disposals++;
            default -> {
            }
        }
    }

    /** State that spans periods: holds and complaints, as of the period's end. */
    private void takeState(Event e, String unit, boolean inPeriod) {
        Map<String, String> d = e.details();
        switch (e.type()) {
            case HOLD_PLACED -> {
                if (d.get("holdId") != null) {
                    openHoldUnits.put(d.get("holdId"), unit);
                }
                Complaint c = d.get("matter") == null ? null : complaints.get(d.get("matter"));
                if (c != null) {
                    c.footageFound = true;
                }
            }
            case HOLD_RELEASED -> openHoldUnits.remove(d.get("holdId"));
            case COMPLAINT_RECEIVED -> {
                Complaint c = complaints.computeIfAbsent(e.complaintId(), id -> new Complaint());
                c.received = e.time();
                c.dueBy = time(d.get("dueBy"));
                c.inPeriod = inPeriod;
                Long matched = decimal(d.get("footageMatched"));
                c.footageFound |= matched != null && matched > 0;
                if (inPeriod) {
                    Cells.add(complaintCells, "received", 1);
                    Cells.add(complaintCells, "byCategory." + key(d.get("category")), 1);
                }
            }
            case COMPLAINT_STATUS_CHANGED -> {
                Complaint c = complaints.computeIfAbsent(e.complaintId(), id -> new Complaint());
                c.closed = "closed".equals(d.get("to"));
                if (c.closed && inPeriod) {
                    Cells.add(complaintCells, "closed", 1);
                    Cells.add(complaintCells, "outcomes." + key(d.get("outcome")), 1);
                    if (c.received != null) {
                        daysToClose.add(Duration.between(c.received, e.time()).toDays());
                    }
                }
            }
            default -> {
            }
        }
    }

    /** The first ACCESS_REFUSALS_COUNTED of a day in the period counts; a second (a race, or a replay) is ignored. */
    private void countRefusals(Event e) {
        String day = e.period();
        if (day.length() != 10 || !period.contains(Instant.parse(day + "T00:00:00Z")) || !countedDays.add(day)) {
            return;
        }
        for (Map.Entry<String, String> c : e.details().entrySet()) {
            Long n = decimal(c.getValue());
            if (n == null) {
                continue;
            }
            String k = c.getKey();
            if (k.equals("401") || k.equals("403")) {
                Cells.add(refusals, "total", n);
                Cells.add(refusals, "byStatus." + k, n);
            } else if (k.matches("40[13]:.+")) {
                String group = k.substring(4);
                Cells.add(refusals, "byRouteGroup." + (ROUTE_GROUPS.contains(group) ? group : "other"), n);
            }
        }
    }

    /** The per-unit tallies (small units not yet folded), the agency's, complaints and refusals. */
    Map<String, Tally> units() {
        return units;
    }

    /** Figures for holds open at the end go to the unit that placed them. */
    void closeHolds() {
        openHoldUnits.values().forEach(u -> units.computeIfAbsent(u, x -> new Tally()).holdsOpenAtEnd++);
        openHoldUnits.clear();
    }

    TreeMap<String, Object> complaintCells() {
        TreeMap<String, Object> c = new TreeMap<>(complaintCells);
        long open = 0;
        long overdue = 0;
        long found = 0;
        for (Complaint k : complaints.values()) {
            if (k.received != null && !k.closed) {
                open++;
                if (k.dueBy != null && k.dueBy.isBefore(period.end())) {
                    overdue++;
                }
            }
            if (k.inPeriod && k.footageFound) {
                found++;
            }
        }
        c.put("openAtEnd", open);
        c.put("overdueAtEnd", overdue);
        c.put("withFootageFound", found);
        List<Long> sorted = daysToClose.stream().sorted().toList();
        c.put("medianDaysToClose", new Cells.Statistic(Stats.median(sorted), "closed"));
        return c;
    }

    TreeMap<String, Object> refusalCells() {
        return new TreeMap<>(refusals);
    }

    /** A key taken from event data into a metric path: never a dot, which separates the path. */
    private static String key(String s) {
        return s == null || s.isEmpty() ? "unknown" : s.replace('.', '_');
    }

    /**
     * The unit a report counts an event under. The name is free text from a token's claim, and a
     * report publishes it: one that does not look like a unit's name (over 48 characters, a line
     * break or other control character, markup, a leading = + - @ a spreadsheet would run) is
     * counted under "other" rather than published.
     */
    static String unit(String claimed) {
        if (claimed == null) {
            return UNKNOWN_UNIT;
        }
        return UNIT_NAME.matcher(claimed).matches() ? claimed : OTHER_UNIT;
    }

    private static final java.util.regex.Pattern UNIT_NAME =
            java.util.regex.Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ,._/'\"&()-]{0,47}");

    private static Long decimal(String s) {
        if (s == null || !s.matches("[0-9]{1,15}")) {
            return null;
        }
        return Long.parseLong(s);
    }

    private static Instant time(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
