package org.custodyledger.report;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.custody.CustodyFormatException;
import org.custodyledger.custody.LeafScanner;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.merkle.Rfc6962;

/**
 * The folds of several periods in one pass over the leaves: each leaf is read and hashed once
 * and offered to every period's {@link ReportFold} still taking leaves, so the trends across
 * quarters cost one pass over the log rather than one per quarter. Each period's fold ends up
 * exactly as if it had been fed the same leaves alone (PeriodFoldsTest compares the report bytes).
 * A leaf is read only while some fold still takes leaves; one that cannot be read fails the pass.
 */
public final class PeriodFolds {
    private final CompactRange range = new CompactRange();
    private final Map<Period, ReportFold> folds = new LinkedHashMap<>();

    public PeriodFolds(Collection<Period> periods) {
        this(periods, null);
    }

    /**
     * The folds of {@code periods} and of every quarter's months (its report's suppression covers
     * what their reports show), none taking an event timed at or after {@code countedBefore} when
     * given (a provisional report's start of the current UTC day; a closed period's cutoff is earlier).
     */
    public PeriodFolds(Collection<Period> periods, Instant countedBefore) {
        if (periods.isEmpty()) {
            throw new IllegalArgumentException("no period to fold");
        }
        for (Period p : periods) {
            folds.computeIfAbsent(p, x -> new ReportFold(x, countedBefore, range));
            p.months().forEach(m -> folds.computeIfAbsent(m, x -> new ReportFold(x, countedBefore, range)));
        }
    }

    /** Feeds the next leaf to every fold still taking leaves; false once every fold is complete. */
    public boolean accept(byte[] leaf) throws CustodyFormatException {
        LeafScanner.Event event = null;
        boolean open = false;
        for (ReportFold fold : folds.values()) {
            if (!fold.complete()) {
                if (event == null) {
                    event = LeafScanner.scan(leaf);
                }
                fold.offer(event);
                open |= !fold.complete();
            }
        }
        range.append(Rfc6962.hashLeaf(leaf));
        return open;
    }

    /** Whether every period's fold is complete: more leaves change none of them. */
    public boolean complete() {
        return folds.values().stream().allMatch(ReportFold::complete);
    }

    /** The number of leaves fed. */
    public long fed() {
        return range.size();
    }

    /** The tree root of every leaf fed. */
    public byte[] root() {
        return range.root();
    }

    /** The periods, in the order given (each once), each quarter followed by its months. */
    public List<Period> periods() {
        return List.copyOf(folds.keySet());
    }

    /** A quarter's report from this pass: its fold and its months' (a month's: its fold alone). */
    public TransparencyReport report(Period period, int threshold, boolean closed, TransparencyReport.Cited cited,
                                     LedgerAttestations attested) {
        return TransparencyReport.of(fold(period), period.months().stream().map(this::fold).toList(), threshold, closed, cited,
                attested);
    }

    /** One period's fold, as if it alone had been fed these leaves. */
    public ReportFold fold(Period period) {
        ReportFold fold = folds.get(period);
        if (fold == null) {
            throw new IllegalArgumentException("period " + period.id() + " was not folded");
        }
        return fold;
    }
}
