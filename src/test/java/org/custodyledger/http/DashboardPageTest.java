package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's server-side HTML from a report shaped as docs/FORMATS.md §11 (a fixture with
 * suppressed cells, "none" figures and hostile names): every figure as the report has it,
 * suppressed shown as such (never 0), and nothing from the report parsed as markup.
 */
class DashboardPageTest {
    private static JsonObject fixture(String name) throws Exception {
        return new JsonObject(Files.readString(Path.of("src/test/resources/dashboard", name)));
    }

    private static String page() throws Exception {
        return DashboardPage.render(fixture("sample-list.json"), fixture("sample-report.json"));
    }

    @Test
    void everyUnitCellIsTheReportsFigureAndSuppressedIsNeverZero() throws Exception {
        JsonObject report = fixture("sample-report.json");
        String html = page();
        for (Object u : report.getJsonArray("units")) {
            JsonObject unit = (JsonObject) u;
            String name = Problems.escape(unit.getString("unit"));
            int row = html.indexOf("<tr data-unit=\"" + name + "\">");
            assertTrue(row > 0, name);
            String cells = html.substring(row, html.indexOf("</tr>", row));
            for (String path : DashboardPage.UNIT_COLUMNS.keySet()) {
                Matcher m = Pattern.compile("<td data-metric=\"" + Pattern.quote(path) + "\" data-value=\"([^\"]*)\"[^>]*>(.*?)</td>")
                        .matcher(cells);
                assertTrue(m.find(), name + " " + path);
                Object expected = DashboardPage.at(unit, path);
                assertEquals(String.valueOf(expected), m.group(1), name + " " + path);
                if ("suppressed".equals(expected)) {
                    assertTrue(m.group(2).contains(">suppressed</a>"), m.group(2));
                    assertTrue(m.group(0).contains("class=\"suppressed\""), m.group(0));
                } else if ("none".equals(expected)) {
                    assertTrue(m.group(2).contains(">none</abbr>"), m.group(2));
                } else {
                    assertEquals(String.valueOf(expected), m.group(2), name + " " + path);
                }
            }
        }
        // The fixture's other unit has suppressed registrations: shown as the word, with the reason linked.
        assertTrue(html.contains("id=\"why-suppressed\""));
    }

    @Test
    void theAgencyComplaintAndRefusalFiguresAreAllThere() throws Exception {
        JsonObject report = fixture("sample-report.json");
        String html = page();
        for (String section : new String[] {"agency", "complaints", "accessRefusals"}) {
            java.util.Map<String, Object> leaves = new java.util.LinkedHashMap<>();
            DashboardPage.flatten("", report.getJsonObject(section), leaves);
            String table = html.substring(html.indexOf("<table id=\"" + (section.equals("accessRefusals") ? "refusals"
                    : section) + "-table\""));
            table = table.substring(0, table.indexOf("</table>"));
            for (var leaf : leaves.entrySet()) {
                assertTrue(table.contains("data-metric=\"" + Problems.escape(leaf.getKey()) + "\" data-value=\""
                        + leaf.getValue() + "\""), section + " " + leaf);
            }
        }
    }

    @Test
    void namesFromTheReportAreEscaped() throws Exception {
        String html = page();
        assertTrue(html.contains("North &lt;script&gt;"), "a unit's name is text");
        assertFalse(html.contains("<script>"), "no script element but the page's own (which have src)");
        assertFalse(html.contains("<b>x</b>"), "a route group's name is text");
        assertTrue(html.contains("&lt;b&gt;x&lt;/b&gt;"));
    }

    @Test
    void thePeriodSelectorListsQuartersAndMonthsAndMarksTheShownOne() throws Exception {
        String html = page();
        assertTrue(html.contains("<form id=\"period-form\" class=\"period\" method=\"get\" action=\"/\">"));
        assertTrue(html.contains("<option value=\"2026-Q3\" selected>2026-Q3 (closed)</option>"), html);
        assertTrue(html.contains("<option value=\"2026-Q4\">2026-Q4 (provisional)</option>"));
        assertTrue(html.indexOf("label=\"Months\"") < html.indexOf("<option value=\"2026-12\""));
    }
}
