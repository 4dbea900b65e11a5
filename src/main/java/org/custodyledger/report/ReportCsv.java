package org.custodyledger.report;

import java.util.List;
import java.util.Map;
import org.custodyledger.custody.CanonicalJson;
import org.custodyledger.custody.CustodyFormatException;

/**
 * A report as RFC 4180 CSV: header {@code scope,metric,value}, CRLF line ends, one row per leaf
 * value of the JSON. Scope is {@code report} (format, period, checkpoint, …), {@code agency},
 * {@code unit:<name>}, {@code complaints} or {@code accessRefusals}; metric the dotted path.
 */
public final class ReportCsv {
    private static final String CRLF = "\r\n";
    private static final List<String> SECTIONS = List.of("agency", "complaints", "accessRefusals");

    private ReportCsv() {
    }

    /** The CSV of a report's canonical JSON bytes (a published report's, as stored). */
    public static String of(byte[] reportJson) throws CustodyFormatException {
        if (!(CanonicalJson.parse(reportJson) instanceof Map<?, ?> m)) {
            throw new CustodyFormatException("a report is a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) m;
        return of(report);
    }

    static String of(Map<String, Object> report) {
        StringBuilder out = new StringBuilder("scope,metric,value").append(CRLF);
        for (Map.Entry<String, Object> e : report.entrySet()) {
            if (!SECTIONS.contains(e.getKey()) && !e.getKey().equals("units")) {
                rows(out, "report", e.getKey(), e.getValue());
            }
        }
        rows(out, "agency", "", report.get("agency"));
        for (Object u : (List<?>) report.get("units")) {
            Map<?, ?> unit = (Map<?, ?>) u;
            String scope = "unit:" + unit.get("unit");
            unit.forEach((k, v) -> {
                if (!k.equals("unit")) {
                    rows(out, scope, (String) k, v);
                }
            });
        }
        rows(out, "complaints", "", report.get("complaints"));
        rows(out, "accessRefusals", "", report.get("accessRefusals"));
        return out.toString();
    }

    private static void rows(StringBuilder out, String scope, String path, Object value) {
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> rows(out, scope, path.isEmpty() ? (String) k : path + "." + k, v));
            return;
        }
        if (value instanceof List<?> list) {
            // ledgerAtPeriodEnd.witnesses: the element's index is its path segment (witnesses.0.name).
            for (int i = 0; i < list.size(); i++) {
                rows(out, scope, path + "." + i, list.get(i));
            }
            return;
        }
        out.append(field(scope)).append(',').append(field(path)).append(',').append(field(String.valueOf(value))).append(CRLF);
    }

    /**
     * RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. A field
     * a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return —
     * a unit name comes from a token's claim) gets a leading apostrophe and is quoted, as OWASP's
     * CSV injection guidance says; report figures are non-negative integers, so no number is touched.
     */
    static String field(String s) {
        boolean formula = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0;
        if (!formula && s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\r') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + (formula ? "'" : "") + s.replace("\"", "\"\"") + '"';
    }
}
