package org.custodyledger.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reporting period: a calendar quarter ({@code 2026-Q3}) or month ({@code 2026-07}) in UTC,
 * from its first instant (inclusive) to the next period's first instant (exclusive).
 */
public record Period(String id, Kind kind, Instant start, Instant end) {
    public enum Kind {
        QUARTER, MONTH;

        public String label() {
            return this == QUARTER ? "quarter" : "month";
        }
    }

    private static final Pattern QUARTER = Pattern.compile("([0-9]{4})-Q([1-4])");
    private static final Pattern MONTH = Pattern.compile("([0-9]{4})-(0[1-9]|1[0-2])");

    /** The period an id names; IllegalArgumentException saying what was wrong for any other text. */
    public static Period parse(String id) {
        if (id != null) {
            Matcher q = QUARTER.matcher(id);
            if (q.matches()) {
                return quarter(Integer.parseInt(q.group(1)), Integer.parseInt(q.group(2)));
            }
            Matcher m = MONTH.matcher(id);
            if (m.matches()) {
                return month(YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
            }
        }
        throw new IllegalArgumentException("a period is a quarter YYYY-Qn (n = 1..4) or a month YYYY-MM, got '" + id + "'");
    }

    public static Period quarter(int year, int q) {
        YearMonth first = YearMonth.of(year, 3 * (q - 1) + 1);
        return new Period(year + "-Q" + q, Kind.QUARTER, startOf(first), startOf(first.plusMonths(3)));
    }

    public static Period month(YearMonth m) {
        return new Period(m.toString(), Kind.MONTH, startOf(m), startOf(m.plusMonths(1)));
    }

    /** The quarter holding {@code t}. */
    public static Period quarterOf(Instant t) {
        LocalDate d = LocalDate.ofInstant(t, ZoneOffset.UTC);
        return quarter(d.getYear(), (d.getMonthValue() - 1) / 3 + 1);
    }

    /** The month holding {@code t}. */
    public static Period monthOf(Instant t) {
        return month(YearMonth.from(LocalDate.ofInstant(t, ZoneOffset.UTC)));
    }

    private static Instant startOf(YearMonth m) {
        return m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** A quarter's three months (a month has none): their reports are published before the quarter's. */
    public List<Period> months() {
        List<Period> out = new ArrayList<>();
        if (kind == Kind.QUARTER) {
            YearMonth first = YearMonth.from(LocalDate.ofInstant(start, ZoneOffset.UTC));
            for (int i = 0; i < 3; i++) {
                out.add(month(first.plusMonths(i)));
            }
        }
        return out;
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    /**
     * How long after its end a period's report still takes in events: the counted refusals of
     * its last day are appended just after midnight, i.e. after the end.
     */
    public static final java.time.Duration SETTLING = java.time.Duration.ofDays(1);

    /** The time from which the report takes in no more events: the end plus {@link #SETTLING}. */
    public Instant cutoff() {
        return end.plus(SETTLING);
    }

    /** Whether the period is closed at {@code now}: settled, so its report no longer changes. */
    public boolean closedAt(Instant now) {
        return !now.isBefore(cutoff());
    }

    /** The quarters, then separately the months, from the one holding {@code first} to the one holding {@code now}; newest first each. */
    public static List<Period> between(Instant first, Instant now) {
        List<Period> out = new ArrayList<>();
        for (Period q = quarterOf(now); q.end().isAfter(first); q = quarterOf(q.start().minusMillis(1))) {
            out.add(q);
        }
        for (Period m = monthOf(now); m.end().isAfter(first); m = monthOf(m.start().minusMillis(1))) {
            out.add(m);
        }
        return out;
    }
}
