package org.custodyledger.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.custodyledger.custody.CanonicalJson;
import org.custodyledger.custody.CustodyEvent;

/**
 * A transparency report (format {@code custody-ledger-transparency-report}, version 1, docs/FORMATS.md
 * §11): the figures of a {@link ReportFold}, small units folded into "other", small counts
 * suppressed, bound to the checkpoint the fold was computed at. Its bytes are RFC 8785
 * canonical JSON, so the same leaves always give the same bytes.
 */
public final class TransparencyReport {
    public static final String FORMAT = "custody-ledger-transparency-report";
    public static final int VERSION = 1;
    public static final int DEFAULT_THRESHOLD = 5;
    static final String SUPPRESSED = "suppressed";
    static final String NONE = "none";

    /** The start of the UTC day holding {@code now}: a provisional report counts the events before it. */
    public static java.time.Instant startOfDay(java.time.Instant now) {
        return now.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    }

    /** The signed checkpoint a report cites: the fold took the leaves [0, a size at most this one). */
    public record Cited(long size, byte[] root, String note) {
    }

    private final Map<String, Object> tree;
    private final byte[] json;

    private TransparencyReport(Map<String, Object> tree) {
        this.tree = tree;
        this.json = CanonicalJson.encode(tree);
    }

    /** The report of a complete fold (or one that took every leaf up to {@code cited.size()}), on its own. */
    public static TransparencyReport of(ReportFold fold, int threshold, boolean closed, Cited cited) {
        return of(fold, List.of(), threshold, closed, cited);
    }

    /**
     * The report of a fold; for a quarter, {@code months} are the folds of its months (those begun),
     * over the same leaves: their reports are published before the quarter's, so the quarter hides
     * whatever their shown cells together with its own would disclose (docs/FORMATS.md §11).
     */
    public static TransparencyReport of(ReportFold fold, List<ReportFold> months, int threshold, boolean closed, Cited cited) {
        return of(fold, months, threshold, closed, cited, LedgerAttestations.NONE);
    }

    /**
     * The report of a fold and its months (as above), its ledgerAtPeriodEnd naming what attests the
     * ledger at the period's end as recorded when the cited checkpoint was stored.
     */
    public static TransparencyReport of(ReportFold fold, List<ReportFold> months, int threshold, boolean closed, Cited cited,
                                        LedgerAttestations attested) {
        if (threshold < 1) {
            throw new IllegalArgumentException("the suppression threshold must be at least 1, got " + threshold);
        }
        List<Suppression.Published> published = new ArrayList<>();
        for (ReportFold month : months) {
            PeriodTable table = PeriodTable.of(month, threshold);
            published.add(new Suppression.Published(table, Suppression.hidden(table, List.of(), threshold)));
        }
        PeriodTable table = PeriodTable.of(fold, threshold);
        Cells cells = table.cells;
        Set<Suppression.Cell> hidden = Suppression.hidden(table, published, threshold);
        Period p = fold.period();
        Map<String, Object> t = new TreeMap<>();
        t.put("format", FORMAT);
        t.put("version", (long) VERSION);
        t.put("period", p.id());
        t.put("start", CustodyEvent.formatTime(p.start()));
        t.put("end", CustodyEvent.formatTime(p.end()));
        t.put("status", closed ? "closed" : "provisional");
        if (!closed) {
            // A provisional report counts whole UTC days only, so a watcher sees it change once a day.
            t.put("countedBefore", CustodyEvent.formatTime(fold.cutoff()));
        }
        t.put("threshold", (long) threshold);
        t.put("checkpoint", Map.of("size", cited.size(), "rootHash", base64(cited.root()), "note", cited.note()));
        Map<String, Object> ledgerAtEnd = new TreeMap<>(Map.of("size", fold.sizeAtPeriodEnd(),
                "rootHash", base64(fold.rootAtPeriodEnd())));
        attested.putInto(ledgerAtEnd);
        t.put("ledgerAtPeriodEnd", ledgerAtEnd);
        List<Object> units = new ArrayList<>();
        for (Map.Entry<String, TreeMap<String, Object>> scope : cells.scopes().entrySet()) {
            Map<String, Object> nested = nest(scope.getKey(), scope.getValue(), hidden, threshold);
            if (scope.getKey().startsWith("unit:")) {
                nested.put("unit", scope.getKey().substring("unit:".length()));
                units.add(nested);
            } else {
                t.put(scope.getKey(), nested);
            }
        }
        t.put("units", units);
        return new TransparencyReport(t);
    }

    /** The dotted paths of one scope as nested objects, counts hidden as "suppressed", statistics resolved. */
    private static Map<String, Object> nest(String scope, Map<String, Object> metrics, Set<Suppression.Cell> hidden,
                                            int threshold) {
        Map<String, Object> root = new TreeMap<>();
        for (Map.Entry<String, Object> m : metrics.entrySet()) {
            Object value = m.getValue();
            if (hidden.contains(new Suppression.Cell(scope, m.getKey()))) {
                value = SUPPRESSED;
            } else if (value instanceof Cells.Statistic s) {
                Object count = metrics.get(s.countPath());
                boolean small = count instanceof Long n && n >= 1 && n < threshold;
                value = s.value() == null ? NONE
                        : small || hidden.contains(new Suppression.Cell(scope, s.countPath())) ? SUPPRESSED : s.value();
            }
            String[] parts = m.getKey().split("\\.");
            Map<String, Object> at = root;
            for (int i = 0; i < parts.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) at.computeIfAbsent(parts[i], k -> new TreeMap<>());
                at = next;
            }
            at.put(parts[parts.length - 1], value);
        }
        // A type no role acted on still has its (empty) byRole, so the shape does not depend on the data.
        if (root.get("events") instanceof Map<?, ?> events) {
            for (Object type : events.values()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> t = (Map<String, Object>) type;
                t.putIfAbsent("byRole", new TreeMap<>());
            }
        }
        return root;
    }

    private static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    /** The report's canonical JSON bytes: what is published, hashed and recomputed. */
    public byte[] json() {
        return json.clone();
    }

    /** The report's SHA-256 (hex) over {@link #json()}: what REPORT_PUBLISHED carries. */
    public String sha256Hex() {
        return sha256Hex(json);
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The report as nested maps (for embedding in a response). */
    public Map<String, Object> tree() {
        return tree;
    }

    /** The report as RFC 4180 CSV (see {@link ReportCsv}), rows in the canonical JSON's order. */
    public byte[] csv() {
        try {
            return ReportCsv.of(json).getBytes(StandardCharsets.UTF_8);
        } catch (org.custodyledger.custody.CustodyFormatException e) {
            throw new IllegalStateException("a report's own JSON did not parse", e);
        }
    }

    /** The JSON's text, for messages. */
    @Override
    public String toString() {
        return new String(json, StandardCharsets.UTF_8);
    }

}
