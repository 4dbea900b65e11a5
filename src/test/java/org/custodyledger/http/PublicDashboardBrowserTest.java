package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.config.AppConfig;
import org.custodyledger.testing.Browser;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The public dashboard at {@code /} in a real Chromium against a real service whose ledger has
 * footage, views, exports, holds and complaints from officers of several units in two quarters:
 * the page's numbers are the JSON report's, period and unit filter switch, sorting sorts, each
 * CSV download is its table, the complaint form gets a receipt whose status the look-up shows,
 * the page fits a 360 px screen, the tables are there with JavaScript off, and the console stays
 * clean. Screenshots under target/screenshots/public-dashboard-*.png.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublicDashboardBrowserTest {
    @RegisterExtension
    static final RunningService service = new RunningService((dir, db) -> AppConfig.builder(dir).dbUrl(db)
            .complaints(new AppConfig.Complaints(Duration.ofMinutes(30), 90, 1000, 1000)).build());
    static final String CURRENT = DashboardSeed.CURRENT_QUARTER;
    static final String EARLIER = DashboardSeed.EARLIER_QUARTER;

    private Browser browser;

    @BeforeAll
    static void seed() throws Exception {
        DashboardSeed.seed(service);
    }

    @AfterEach
    void noConsoleErrors() {
        if (browser != null) {
            try {
                assertEquals(List.of(), browser.consoleErrors(), "the page logged errors");
            } finally {
                browser.close();
            }
        }
    }

    private Browser open(String name) {
        browser = Browser.open("public-dashboard-" + name);
        return browser;
    }

    private static String site(String path) {
        return "http://localhost:" + service.port() + path;
    }

    static JsonObject report(String period) {
        HttpResponse<String> r = service.http().get("/api/v1/transparency/reports/" + period);
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    /** Every figure cell of a table, by its path (per unit: "unit/path"), as the page shows its raw value. */
    static Map<String, String> cells(Browser b, String tableId) {
        return b.waitUntil(d -> {
            try {
                Map<String, String> out = new LinkedHashMap<>();
                for (WebElement td : d.findElements(By.cssSelector("#" + tableId + " tbody td[data-metric]"))) {
                    String unit = td.findElement(By.xpath("..")).getAttribute("data-unit");
                    out.put((unit == null ? "" : unit + "/") + td.getAttribute("data-metric"), td.getText().trim());
                }
                return out.isEmpty() ? null : out;
            } catch (StaleElementReferenceException e) {
                return null;
            }
        });
    }

    /** What the page must show for {@code value}: the number, or the word "suppressed"/"none" — never 0 for those. */
    static String shown(Object value) {
        return value == null ? "—" : String.valueOf(value);
    }

    static Map<String, String> expected(JsonObject figures, String unitPrefix) {
        Map<String, Object> leaves = new LinkedHashMap<>();
        DashboardPage.flatten("", figures, leaves);
        Map<String, String> out = new LinkedHashMap<>();
        leaves.forEach((k, v) -> out.put(unitPrefix + k, shown(v)));
        return out;
    }

    static void assertPageIsTheReport(Browser b, JsonObject report) {
        assertEquals(expected(report.getJsonObject("agency"), ""), cells(b, "agency-table"));
        assertEquals(expected(report.getJsonObject("complaints"), ""), cells(b, "complaints-table"));
        assertEquals(expected(report.getJsonObject("accessRefusals"), ""), cells(b, "refusals-table"));
        Map<String, String> units = new LinkedHashMap<>();
        for (Object u : report.getJsonArray("units")) {
            JsonObject unit = (JsonObject) u;
            for (String path : DashboardPage.UNIT_COLUMNS.keySet()) {
                units.put(unit.getString("unit") + "/" + path, shown(DashboardPage.at(unit, path)));
            }
        }
        assertEquals(units, cells(b, "units-table"));
    }

    private static String csvOf(Browser b, String tableId) {
        String href = b.find(By.id(tableId + "-csv")).getAttribute("href");
        String prefix = "data:text/csv;charset=utf-8,";
        assertTrue(href.startsWith(prefix), href);
        return URLDecoder.decode(href.substring(prefix.length()).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The table as a reader sees it: header and visible rows, raw figures ("suppressed", not a link's title). */
    @SuppressWarnings("unchecked")
    private static List<List<String>> visibleRows(Browser b, String tableId) {
        return (List<List<String>>) ((JavascriptExecutor) b.driver()).executeScript(
                "const t = document.getElementById(arguments[0]);"
                        + "return [t.tHead.rows[0]].concat(Array.from(t.tBodies[0].rows).filter(r => !r.hidden))"
                        + ".map(r => Array.from(r.cells).map(c => c.innerText.trim()));", tableId);
    }

    private static List<List<String>> parseCsv(String csv) {
        assertTrue(csv.endsWith("\r\n"), "RFC 4180 lines end in CRLF");
        List<List<String>> rows = new ArrayList<>();
        for (String line : csv.split("\r\n")) {
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    fields.add(f.toString());
                    f.setLength(0);
                } else {
                    f.append(c);
                }
            }
            fields.add(f.toString());
            rows.add(fields);
        }
        return rows;
    }

    @Test
    void theNumbersOnThePageAreTheJsonReportsForTheCurrentQuarterAndTheTrends() {
        Browser b = open("current");
        b.get(site("/"));
        assertPageIsTheReport(b, report(CURRENT));
        assertEquals(CURRENT, new Select(b.find(By.id("period"))).getFirstSelectedOption().getAttribute("value"));
        b.waitForText("trends-status", "The last 2 quarters");
        // Each trend's table holds both quarters' figures from their reports.
        JsonObject earlier = report(EARLIER);
        JsonObject current = report(CURRENT);
        List<List<String>> registrations = visibleRows(b, "trend-registrations-table");
        assertEquals(List.of(List.of("Quarter", "Registered"),
                List.of(EARLIER, shown(DashboardPage.at(earlier, "agency.footageRegistered.total"))),
                List.of(CURRENT + " (provisional)", shown(DashboardPage.at(current, "agency.footageRegistered.total")))),
                registrations);
        List<List<String>> complaints = visibleRows(b, "trend-complaints-table");
        assertEquals(shown(DashboardPage.at(current, "complaints.received")), complaints.get(2).get(1));
        assertEquals(6, b.driver().findElements(By.cssSelector("#trend-charts figure canvas")).size(), "six charts drawn");
        b.waitUntil(d -> !d.findElement(By.id("ledger-size")).getText().startsWith("see"));
        String checkpoint = service.http().get("/api/v1/ledger/checkpoint").body();
        assertTrue(Long.parseLong(b.find(By.id("ledger-size")).getText()) >= Long.parseLong(checkpoint.split("\n")[1]));
        b.screenshot("current");
    }

    @Test
    void switchingThePeriodShowsItsReportAndTheUnitFilterAndSortingWork() {
        Browser b = open("switch");
        b.get(site("/"));
        new Select(b.find(By.id("period"))).selectByValue(EARLIER);
        b.find(By.cssSelector("#period-form button")).click();
        b.waitUntil(d -> d.getCurrentUrl().endsWith("/?period=" + EARLIER));
        JsonObject report = report(EARLIER);
        assertPageIsTheReport(b, report);
        assertTrue(b.find(By.id("units-h")).getText().endsWith(EARLIER));

        b.type("unit-filter", "cent");
        b.waitForText("unit-count", "1 of " + report.getJsonArray("units").size() + " units shown");
        List<List<String>> shownRows = visibleRows(b, "units-table");
        assertEquals(2, shownRows.size());
        assertEquals("Central", shownRows.get(1).get(0));
        assertEquals(shownRows, parseCsv(csvOf(b, "units-table")), "the CSV is the table as filtered");
        b.screenshot("filtered");

        // Emptied as a person does (clear() alone fires no input event).
        b.find(By.id("unit-filter")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        b.waitForText("unit-count", report.getJsonArray("units").size() + " of ");
        WebElement sort = b.find(By.cssSelector("#units-table th[data-key='footageRegistered.total'] button"));
        sort.click();
        assertEquals("ascending", b.find(By.cssSelector("#units-table th[data-key='footageRegistered.total']"))
                .getAttribute("aria-sort"));
        assertSortedBy(b, report, true);
        // Keyboard: the header is a button, Enter sorts the other way.
        sort.sendKeys(Keys.ENTER);
        assertSortedBy(b, report, false);
        assertEquals(visibleRows(b, "units-table"), parseCsv(csvOf(b, "units-table")), "the CSV follows the sort");
        b.screenshot("sorted");
    }

    /** The unit rows in the order of their registrations (numbers by value, suppressed last). */
    private static void assertSortedBy(Browser b, JsonObject report, boolean ascending) {
        List<JsonObject> units = new ArrayList<>();
        report.getJsonArray("units").forEach(u -> units.add((JsonObject) u));
        List<Object> values = new ArrayList<>();
        List<String> names = visibleRows(b, "units-table").stream().skip(1).map(r -> r.get(0)).toList();
        for (String name : names) {
            values.add(units.stream().filter(u -> u.getString("unit").equals(name)).findFirst().orElseThrow()
                    .getJsonObject("footageRegistered").getValue("total"));
        }
        List<Long> numbers = values.stream().filter(v -> v instanceof Number).map(v -> ((Number) v).longValue()).toList();
        List<Long> sorted = new ArrayList<>(numbers);
        sorted.sort(ascending ? null : java.util.Comparator.reverseOrder());
        assertEquals(sorted, numbers, "sorted " + (ascending ? "up" : "down") + ": " + names);
        assertTrue(numbers.size() >= 2, "at least two units have a number to sort by: " + values);
        int firstWord = values.indexOf(values.stream().filter(v -> !(v instanceof Number)).findFirst().orElse(null));
        assertTrue(firstWord == -1 || values.subList(firstWord, values.size()).stream().noneMatch(v -> v instanceof Number),
                "suppressed last: " + values);
    }

    @Test
    void everyCsvDownloadIsItsTable() {
        Browser b = open("csv");
        b.get(site("/?period=" + EARLIER));
        b.waitForText("trends-status", "The last 2 quarters");
        List<String> ids = b.driver().findElements(By.cssSelector("table.data")).stream()
                .map(t -> t.getAttribute("id")).toList();
        assertTrue(ids.containsAll(List.of("agency-table", "units-table", "complaints-table", "refusals-table",
                "trend-registrations-table", "trend-hours-table", "trend-access-table", "trend-holds-table",
                "trend-complaints-table", "trend-days-table", "witnesses-table")), ids.toString());
        for (String id : ids) {
            assertEquals(visibleRows(b, id), parseCsv(csvOf(b, id)), id);
        }
        // And the agency table's figures are the API's own CSV of the report (scope agency), value for value.
        HttpResponse<String> api = service.http().send(HttpRequest.newBuilder(service.http()
                .uri("/api/v1/transparency/reports/" + EARLIER + "?format=csv")).GET());
        assertEquals(200, api.statusCode(), api.body());
        List<String> fromApi = parseCsv(api.body()).stream().filter(r -> r.get(0).equals("agency")).map(r -> r.get(2)).toList();
        List<String> fromPage = parseCsv(csvOf(b, "agency-table")).stream().skip(1).map(r -> r.get(1)).toList();
        assertEquals(fromApi, fromPage);
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: its complaint changes the current quarter's figures the other tests compare
    void aComplaintSentFromThePageGetsAReceiptAndItsStatusIsLookedUp() {
        Browser b = open("complaint");
        b.get(site("/#complain"));
        new Select(b.find(By.id("c-category"))).selectByValue("discourtesy");
        JavascriptExecutor js = (JavascriptExecutor) b.driver();
        // datetime-local takes the browser's local time; set through the DOM to be independent of the locale's format.
        js.executeScript("document.getElementById('c-from').value = '2026-11-20T10:00';"
                + "document.getElementById('c-to').value = '2026-11-20T11:00';");
        b.type("c-place", "the station front desk");
        b.type("c-incident", "INC-DASH-9");
        b.type("c-description", "I was spoken to rudely at the front desk.");
        b.find(By.cssSelector("#complaint-form button")).click();
        String id = b.textOf("receipt-id");
        assertTrue(id.matches("c-[0-9a-f]{32}"), id);
        String secret = b.find(By.id("receipt-secret")).getText();
        String href = b.find(By.id("receipt-download")).getAttribute("href");
        JsonObject receipt = new JsonObject(URLDecoder.decode(href.substring(href.indexOf(',') + 1).replace("+", "%2B"),
                StandardCharsets.UTF_8));
        assertEquals("custody-ledger-complaint-receipt", receipt.getString("format"));
        assertEquals(id, receipt.getString("complaintId"));
        assertEquals(id + ".receipt.json", b.find(By.id("receipt-download")).getAttribute("download"));
        b.screenshot("receipt");

        assertEquals(id, b.find(By.id("s-id")).getAttribute("value"), "the look-up is filled in with the new id");
        b.type("s-secret", secret);
        b.find(By.cssSelector("#status-form button")).click();
        assertEquals("received", b.textOf("status-value"));
        JsonObject api = new JsonObject(service.http().send(HttpRequest.newBuilder(service.http()
                .uri("/api/v1/complaints/" + id + "/status")).header("Receipt-Secret", secret).GET()).body());
        assertEquals(api.getString("status"), b.find(By.id("status-value")).getText());
        b.screenshot("status");
    }

    @Test
    void thePageFitsA360PixelScreen() {
        Browser b = open("360px");
        b.resize(360, 740);
        b.get(site("/"));
        b.waitForText("trends-status", "The last 2 quarters");
        long viewport = (Long) ((JavascriptExecutor) b.driver()).executeScript("return document.documentElement.clientWidth");
        long scroll = (Long) ((JavascriptExecutor) b.driver()).executeScript("return document.documentElement.scrollWidth");
        assertTrue(viewport <= 360 && scroll <= viewport, "no horizontal page scroll: scrollWidth " + scroll + ", viewport " + viewport);
        b.screenshot("top");
        ((JavascriptExecutor) b.driver()).executeScript("document.getElementById('units').scrollIntoView()");
        b.screenshot("units");
    }

    @Test
    void withJavaScriptOffTheTablesAndThePeriodSelectorWork() {
        browser = Browser.withoutJavaScript("public-dashboard-no-js");
        Browser b = browser;
        b.get(site("/"));
        assertPageIsTheReport(b, report(CURRENT));
        assertTrue(b.find(By.id("trends-status")).getText().contains("need JavaScript"));
        new Select(b.find(By.id("period"))).selectByValue(EARLIER);
        b.find(By.cssSelector("#period-form button")).click();
        b.waitUntil(d -> d.getCurrentUrl().endsWith("/?period=" + EARLIER));
        assertPageIsTheReport(b, report(EARLIER));
        b.screenshot("earlier");
    }

    @Test
    void thePageIsServedWithStrictHeadersAndABadPeriodIsAProblem() {
        HttpResponse<String> page = service.http().get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && csp.contains("default-src 'none'"), csp);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        HttpResponse<String> chart = service.http().get(PublicDashboard.UPLOT + "uPlot.iife.min.js");
        assertEquals(200, chart.statusCode());
        assertTrue(chart.body().contains("uPlot"));
        assertEquals(404, service.http().get("/webjars/uplot/1.6.30/package.json").statusCode(),
                "only the chart library's dist folder is served from the WebJar");
        HttpResponse<String> bad = service.http().get("/?period=2026-Q9");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(400, service.http().get("/?colour=red").statusCode(), "unknown parameters are refused");
        assertEquals(405, service.http().send(HttpRequest.newBuilder(service.http().uri("/"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))).statusCode(), "the page is only read");
    }
}
