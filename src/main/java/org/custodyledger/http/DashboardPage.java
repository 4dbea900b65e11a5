package org.custodyledger.http;

import static org.custodyledger.http.Problems.escape;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.complaint.Category;

/**
 * The public dashboard's HTML, rendered on the server from a transparency report (docs/FORMATS.md
 * §11) so every table reads without JavaScript; the page's script adds charts, trends, sorting,
 * filtering and CSV downloads to it. Every value from the report is escaped. Each figure's cell
 * carries its dotted path ({@code data-metric}) and its raw value, so scripts and tests find it.
 */
final class DashboardPage {
    static final String SUPPRESSED = "suppressed";
    /** The per-unit table's columns: a report path and its heading. */
    static final Map<String, String> UNIT_COLUMNS = columns(
            "footageRegistered.total", "Footage registered",
            "footageRegistered.uploaded", "Uploaded",
            "footageRegistered.hashOnly", "Hash only",
            "footageMinutes", "Minutes of footage",
            "registrationDelayMinutes.median", "Delay to register, median (min)",
            "registrationDelayMinutes.p90", "Delay to register, 90th percentile (min)",
            "events.VIEWED.total", "Views",
            "events.EXPORTED.total", "Exports",
            "events.SHARED.total", "Shares",
            "events.TRANSFERRED.total", "Transfers",
            "events.REDACTED.total", "Redactions",
            "verifications.passed", "Verifications passed",
            "verifications.failed", "Verifications failed",
            "holds.placed", "Holds placed",
            "holds.released", "Holds released",
            "holds.openAtEnd", "Holds open at end",
            "retentionSet", "Retention set",
            "disposals", "Disposals");
    private static final Map<String, String> LABELS = labels();

    private DashboardPage() {
    }

    /** The page for {@code report} (null when the ledger has no period yet) with the periods of {@code list}. */
    static String render(JsonObject list, JsonObject report) {
        String period = report == null ? "" : report.getString("period", "");
        StringBuilder h = new StringBuilder(24_000);
        h.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Transparency dashboard").append(period.isEmpty() ? "" : " — " + escape(period))
                .append(" — custody-ledger</title>\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n")
                .append("<link rel=\"stylesheet\" href=\"").append(PublicDashboard.ASSETS).append("dashboard.css\">\n")
                .append("<link rel=\"stylesheet\" href=\"").append(PublicDashboard.UPLOT).append("uPlot.min.css\">\n")
                .append("<script defer src=\"").append(PublicDashboard.UPLOT).append("uPlot.iife.min.js\"></script>\n")
                .append("<script defer src=\"").append(PublicDashboard.ASSETS).append("dashboard.js\"></script>\n")
                .append("</head>\n<body data-period=\"").append(escape(period)).append("\">\n")
                .append("<a class=\"skip\" href=\"#main\">Skip to content</a>\n")
                .append("<header class=\"bar\"><p class=\"brand\">custody-ledger <span>public transparency dashboard</span></p>")
                .append("<nav aria-label=\"Sections\"><a href=\"#units\">Units</a> <a href=\"#ledger\">Ledger</a> ")
                .append("<a href=\"#complain\">Make a complaint</a> <a href=\"#status\">Complaint status</a></nav></header>\n")
                .append("<main id=\"main\" tabindex=\"-1\">\n<h1>Transparency dashboard</h1>\n")
                .append("<p class=\"lead\">Every figure here is computed from the signed custody ledger alone and cites the")
                .append(" checkpoint it was computed at: anyone with the log can recompute it byte for byte")
                .append(" (<a href=\"#verify\">verify it yourself</a>).</p>\n");
        periodForm(h, list.getJsonArray("reports", new JsonArray()), period);
        if (report == null) {
            h.append("<p>The ledger has no events yet, so there is no period to report on.</p>\n");
        } else {
            reportSections(h, report);
        }
        ledger(h, report);
        complaintForms(h);
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void periodForm(StringBuilder h, JsonArray reports, String current) {
        h.append("<form id=\"period-form\" class=\"period\" method=\"get\" action=\"/\">\n")
                .append("<label for=\"period\">Period</label>\n<select id=\"period\" name=\"period\">\n");
        for (String kind : List.of("quarter", "month")) {
            h.append("<optgroup label=\"").append(kind.equals("quarter") ? "Quarters" : "Months").append("\">\n");
            for (int i = 0; i < reports.size(); i++) {
                JsonObject r = reports.getJsonObject(i);
                if (kind.equals(r.getString("kind"))) {
                    String p = escape(r.getString("period"));
                    h.append("<option value=\"").append(p).append('"').append(p.equals(escape(current)) ? " selected" : "")
                            .append('>').append(p).append(" (").append(escape(r.getString("status"))).append(")</option>\n");
                }
            }
            h.append("</optgroup>\n");
        }
        h.append("</select>\n<button type=\"submit\">Show</button>\n</form>\n");
    }

    private static void reportSections(StringBuilder h, JsonObject report) {
        String period = escape(report.getString("period"));
        String api = "/api/v1/transparency/reports/" + period;
        boolean closed = "closed".equals(report.getString("status"));
        h.append("<p id=\"period-status\"><strong>").append(period).append("</strong>, ")
                .append(escape(report.getString("start"))).append(" to ").append(escape(report.getString("end")))
                .append(": ").append(closed ? "closed" : "provisional — the period is not over; recomputed at most a minute ago")
                .append(". Counts from 1 to ").append(report.getValue("threshold")).append(" are ")
                .append("<a href=\"#why-suppressed\">suppressed</a>. ")
                .append("The report as <a href=\"").append(api).append("\">JSON</a> or <a href=\"").append(api)
                .append("?format=csv\">CSV</a>.</p>\n");
        h.append("<section id=\"trends\" aria-labelledby=\"trends-h\">\n<h2 id=\"trends-h\">Trends across quarters</h2>\n")
                .append("<p id=\"trends-status\" class=\"note\">The charts and their tables need JavaScript; each quarter's")
                .append(" own figures are in its report (choose it above).</p>\n<div id=\"trend-charts\"></div>\n</section>\n");
        h.append("<section id=\"agency\" aria-labelledby=\"agency-h\">\n<h2 id=\"agency-h\">The agency, ").append(period)
                .append("</h2>\n");
        metricTable(h, "agency-table", "Figures for the whole agency, " + period, report.getJsonObject("agency"));
        h.append("</section>\n");
        units(h, report.getJsonArray("units", new JsonArray()), period);
        h.append("<section id=\"complaints\" aria-labelledby=\"complaints-h\">\n<h2 id=\"complaints-h\">Complaints, ")
                .append(period).append("</h2>\n");
        metricTable(h, "complaints-table", "Complaints received and closed, " + period, report.getJsonObject("complaints"));
        h.append("</section>\n<section id=\"refusals\" aria-labelledby=\"refusals-h\">\n<h2 id=\"refusals-h\">Access refused, ")
                .append(period).append("</h2>\n<p class=\"note\">Requests refused for a missing or invalid sign-in (401) or")
                .append(" a role that may not do it (403), by what was asked for.</p>\n");
        metricTable(h, "refusals-table", "Access refusals, " + period, report.getJsonObject("accessRefusals"));
        h.append("</section>\n");
        h.append("<p id=\"why-suppressed\" class=\"note\"><strong>Why “suppressed”?</strong> A count from 1 to ")
                .append(report.getValue("threshold")).append(" could point to a person, so it is not published; where")
                .append(" a total would reveal a hidden count, another count is hidden too (complementary suppression).")
                .append(" Units with fewer than ").append(report.getValue("threshold"))
                .append(" events in the period are counted under “other”. A suppressed count is not zero.</p>\n");
    }

    /** A two-column table of every figure under {@code figures}, by dotted path. */
    private static void metricTable(StringBuilder h, String id, String caption, JsonObject figures) {
        h.append("<div class=\"table-box\" tabindex=\"0\" role=\"region\" aria-label=\"").append(escape(caption))
                .append("\">\n<table id=\"").append(id).append("\" class=\"data\">\n<caption>").append(escape(caption))
                .append("</caption>\n<thead><tr><th scope=\"col\">Figure</th><th scope=\"col\">Value</th></tr></thead>\n<tbody>\n");
        Map<String, Object> leaves = new LinkedHashMap<>();
        flatten("", figures == null ? new JsonObject() : figures, leaves);
        leaves.forEach((path, value) -> {
            h.append("<tr><th scope=\"row\">").append(escape(label(path))).append("</th>");
            cell(h, path, value);
            h.append("</tr>\n");
        });
        h.append("</tbody>\n</table>\n</div>\n");
    }

    private static void units(StringBuilder h, JsonArray units, String period) {
        h.append("<section id=\"units\" aria-labelledby=\"units-h\">\n<h2 id=\"units-h\">By unit, ").append(period)
                .append("</h2>\n<p class=\"note\">The acting officer's unit when the event was recorded; “unknown” for events")
                .append(" from before units were recorded.</p>\n")
                .append("<div class=\"table-box\" tabindex=\"0\" role=\"region\" aria-label=\"Figures by unit\">\n")
                .append("<table id=\"units-table\" class=\"data\">\n<caption>Figures by unit, ").append(period)
                .append("</caption>\n<thead><tr><th scope=\"col\" data-key=\"unit\">Unit</th>");
        UNIT_COLUMNS.forEach((path, heading) -> h.append("<th scope=\"col\" data-key=\"").append(path).append("\">")
                .append(escape(heading)).append("</th>"));
        h.append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < units.size(); i++) {
            JsonObject unit = units.getJsonObject(i);
            String name = escape(unit.getString("unit"));
            h.append("<tr data-unit=\"").append(name).append("\"><th scope=\"row\">").append(name).append("</th>");
            UNIT_COLUMNS.keySet().forEach(path -> cell(h, path, at(unit, path)));
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    /** A figure's cell: its number, "suppressed" (never 0) or "none", with the raw value for scripts. */
    private static void cell(StringBuilder h, String path, Object value) {
        String text = value == null ? "—" : escape(String.valueOf(value));
        h.append("<td data-metric=\"").append(escape(path)).append("\" data-value=\"").append(text).append('"');
        if (SUPPRESSED.equals(value)) {
            h.append(" class=\"suppressed\"><a href=\"#why-suppressed\" title=\"a count from 1 to the threshold, or one")
                    .append(" that would reveal such a count: not published\">suppressed</a></td>");
        } else if ("none".equals(value)) {
            h.append(" class=\"none\"><abbr title=\"no data to compute it from\">none</abbr></td>");
        } else {
            h.append('>').append(text).append("</td>");
        }
    }

    /** The live ledger panel (the page's script fills it) and the report's own checkpoint. */
    private static void ledger(StringBuilder h, JsonObject report) {
        h.append("<section id=\"ledger\" aria-labelledby=\"ledger-h\">\n<h2 id=\"ledger-h\">The ledger</h2>\n")
                .append("<dl class=\"facts\" id=\"ledger-facts\">\n")
                .append("<dt>Latest checkpoint size</dt><dd id=\"ledger-size\">see <a href=\"/api/v1/ledger/checkpoint\">")
                .append("/api/v1/ledger/checkpoint</a></dd>\n<dt>Root hash</dt><dd id=\"ledger-root\" class=\"hash\">—</dd>\n")
                .append("<dt>Age</dt><dd id=\"ledger-age\">—</dd>\n");
        if (report != null) {
            JsonObject cited = report.getJsonObject("checkpoint", new JsonObject());
            JsonObject atEnd = report.getJsonObject("ledgerAtPeriodEnd", new JsonObject());
            h.append("<dt>This report was computed at</dt><dd id=\"report-checkpoint\">size ")
                    .append(escape(String.valueOf(cited.getValue("size")))).append(", root <span class=\"hash\">")
                    .append(escape(cited.getString("rootHash"))).append("</span></dd>\n")
                    .append("<dt>The ledger at the period's end</dt><dd id=\"period-end-ledger\">size ")
                    .append(escape(String.valueOf(atEnd.getValue("size")))).append(", root <span class=\"hash\">")
                    .append(escape(atEnd.getString("rootHash"))).append("</span></dd>\n");
        }
        h.append("</dl>\n<div class=\"table-box\" tabindex=\"0\" role=\"region\" aria-label=\"Witnesses\">\n")
                .append("<table id=\"witnesses-table\" class=\"data\">\n<caption>Witnesses that cosign the checkpoints")
                .append(" (<a href=\"/api/v1/ledger/witnesses\">as JSON</a>)</caption>\n")
                .append("<thead><tr><th scope=\"col\">Witness</th><th scope=\"col\">State</th><th scope=\"col\">Cosigned size</th>")
                .append("<th scope=\"col\">Last cosignature</th><th scope=\"col\">Freshness</th></tr></thead>\n")
                .append("<tbody id=\"witnesses\"><tr><td colspan=\"5\">Shown with JavaScript.</td></tr></tbody>\n</table>\n</div>\n");
        String period = report == null ? "2026-Q3" : escape(report.getString("period"));
        h.append("<h3 id=\"verify\">Verify it yourself</h3>\n<p>Fetch the signed checkpoint and the report, then recompute the")
                .append(" report from a copy of the ledger (its checkpoint names the entries it counted); an evidence bundle")
                .append(" is checked offline the same way.</p>\n<pre id=\"verify-commands\" tabindex=\"0\"><code>")
                .append("curl -s SITE/api/v1/ledger/checkpoint\n")
                .append("curl -s -o report.json SITE/api/v1/transparency/reports/").append(period).append('\n')
                .append("java -jar custody-ledger.jar report --period ").append(period)
                .append(" --verify report.json --db-url URL\n")
                .append("java -jar custody-ledger.jar verify-bundle BUNDLE.json --key-file log.key</code></pre>\n")
                .append("<p class=\"note\">SITE is this site's address; URL a copy of its database.</p>\n</section>\n");
    }

    private static void complaintForms(StringBuilder h) {
        h.append("<section id=\"complain\" aria-labelledby=\"complain-h\">\n<h2 id=\"complain-h\">Make a complaint</h2>\n")
                .append("<p>Say what happened, when and where. You get a <strong>receipt</strong> signed into the ledger")
                .append(" and a <strong>secret</strong> to look up its status: keep both. This form needs JavaScript;")
                .append(" programs can POST the same JSON to <code>/api/v1/complaints</code>.</p>\n")
                .append("<form id=\"complaint-form\">\n<label for=\"c-category\">What is it about?</label>\n")
                .append("<select id=\"c-category\" name=\"category\" required>\n");
        for (String code : Category.codes()) {
            h.append("<option value=\"").append(escape(code)).append("\">").append(escape(code.replace('-', ' ')))
                    .append("</option>\n");
        }
        h.append("</select>\n")
                .append("<label for=\"c-from\">It began (your local time)</label>\n")
                .append("<input id=\"c-from\" name=\"occurredFrom\" type=\"datetime-local\" required>\n")
                .append("<label for=\"c-to\">It ended</label>\n<input id=\"c-to\" name=\"occurredTo\" type=\"datetime-local\" required>\n")
                .append("<label for=\"c-place\">Where (a description)</label>\n<input id=\"c-place\" name=\"place\" maxlength=\"500\" required>\n")
                .append("<label for=\"c-incident\">Incident number, if you have one</label>\n")
                .append("<input id=\"c-incident\" name=\"incident\" maxlength=\"256\">\n")
                .append("<p class=\"note\">Without an incident number, the time window may span at most 24 hours.</p>\n")
                .append("<label for=\"c-description\">What happened</label>\n")
                .append("<textarea id=\"c-description\" name=\"description\" rows=\"5\" maxlength=\"20000\" required></textarea>\n")
                .append("<label for=\"c-contact\">How to reach you (optional)</label>\n")
                .append("<input id=\"c-contact\" name=\"contact\" maxlength=\"500\">\n")
                .append("<button type=\"submit\">Send the complaint</button>\n</form>\n")
                .append("<div id=\"complaint-result\" role=\"status\" aria-live=\"polite\"></div>\n</section>\n");
        h.append("<section id=\"status\" aria-labelledby=\"status-h\">\n<h2 id=\"status-h\">Your complaint's status</h2>\n")
                .append("<form id=\"status-form\">\n<label for=\"s-id\">Complaint id (from your receipt)</label>\n")
                .append("<input id=\"s-id\" name=\"id\" required pattern=\"c-[0-9a-f]{32}\" autocomplete=\"off\">\n")
                .append("<label for=\"s-secret\">Status secret</label>\n")
                .append("<input id=\"s-secret\" name=\"secret\" type=\"password\" required autocomplete=\"off\">\n")
                .append("<button type=\"submit\">Look up</button>\n</form>\n")
                .append("<div id=\"status-result\" role=\"status\" aria-live=\"polite\"></div>\n</section>\n");
    }

    /** Every leaf under {@code node} by dotted path, in the report's (canonical, sorted) order. */
    static void flatten(String prefix, JsonObject node, Map<String, Object> into) {
        for (String key : node.fieldNames()) {
            Object v = node.getValue(key);
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (v instanceof JsonObject o) {
                flatten(path, o, into);
            } else {
                into.put(path, v);
            }
        }
    }

    /** The value at a dotted path, or null where the report has none. */
    static Object at(JsonObject node, String path) {
        Object v = node;
        for (String part : path.split("\\.")) {
            if (!(v instanceof JsonObject o)) {
                return null;
            }
            v = o.getValue(part);
        }
        return v;
    }

    /** A figure's heading: a known one in words, else its path (e.g. a role or category) made readable. */
    private static String label(String path) {
        String known = LABELS.get(path);
        if (known != null) {
            return known;
        }
        return path.replace("events.", "").replace(".byRole.", " by ").replace("byCategory.", "category: ")
                .replace("outcomes.", "outcome: ").replace("byStatus.", "HTTP ").replace("byRouteGroup.", "route group: ")
                .replace('.', ' ');
    }

    private static Map<String, String> labels() {
        Map<String, String> m = new LinkedHashMap<>(UNIT_COLUMNS);
        m.putAll(columns("received", "Complaints received", "closed", "Closed", "openAtEnd", "Open at the period's end",
                "overdueAtEnd", "Overdue at the period's end", "medianDaysToClose", "Median days to close",
                "withFootageFound", "With footage found", "total", "Refusals in all", "registrationDelayMinutes.known",
                "Registrations with a known recording time"));
        return m;
    }

    private static Map<String, String> columns(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
