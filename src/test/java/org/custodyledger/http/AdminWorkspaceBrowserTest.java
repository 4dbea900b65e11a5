package org.custodyledger.http;

import static org.custodyledger.testing.ApiCalls.bytes;
import static org.custodyledger.testing.ApiCalls.history;
import static org.custodyledger.testing.ApiCalls.ofType;
import static org.custodyledger.testing.ApiCalls.post;
import static org.custodyledger.testing.ApiCalls.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.custodyledger.testing.Browser;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.OidcProvider;
import org.custodyledger.testing.RunningService;
import org.custodyledger.testing.SessionClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The cases, admin and oversight pages in a real Chromium, signed in through a real OpenID
 * Connect provider, against a real service whose footage is seeded through the API: a case
 * opened from an incident, a bulk hold and a bulk disposal refused item by item, an audit job,
 * the filtered access audit; CSRF and cross-role attempts refused. Screenshots under target/screenshots/.
 */
class AdminWorkspaceBrowserTest {
    @RegisterExtension
    @Order(1)
    static final OidcProvider provider = new OidcProvider();
    @RegisterExtension
    @Order(2)
    static final RunningService service = new RunningService(provider::service);
    static Http officer;
    static Http reviewer;

    @BeforeAll
    static void seed() {
        officer = service.officer("badge-7001");
        reviewer = service.reviewer("det-seed");
    }

    private static String app(String path) {
        return "http://localhost:" + service.port() + path;
    }

    private static void type(Browser b, String id, String text) {
        WebElement input = b.find(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private static void choose(Browser b, String id, String value) {
        new Select(b.find(By.id(id))).selectByValue(value);
    }

    /** Waits until the element {@code id} says {@code expected}, and answers its whole text. */
    private static String waitForText(Browser b, String id, String expected) {
        return b.waitUntil(d -> {
            String t = d.findElement(By.id(id)).getText();
            return t.contains(expected) ? t : null;
        });
    }

    private static List<List<String>> rows(Browser b, String tbodyId) {
        return b.driver().findElements(By.cssSelector("#" + tbodyId + " tr")).stream()
                .map(tr -> tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
    }

    /** Scrolls {@code id} to the top of the window, so a screenshot shows it (e.g. an outcome table). */
    private static void scrollTo(Browser b, String id) {
        ((JavascriptExecutor) b.driver()).executeScript("arguments[0].scrollIntoView(true)", b.find(By.id(id)));
    }

    private static List<String> uploads(String incident, int n, long seed) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> upload(officer, bytes(2000, seed + i), "filename=cam-" + i + ".mp4&incident=" + incident))
                .toList();
    }

    @Test
    void aReviewerOpensACaseFromAnIncidentSeesItsFootageRemovesOneAndDownloadsTheBundle() {
        List<String> ids = uploads("INC-UI-CASE", 3, 100);
        provider.nextSignIn("det-ruiz", "Det. A. Ruiz", "Major Crimes", "reviewer");
        try (Browser b = Browser.open("cases")) {
            b.get(app("/app/cases.html"));
            b.textOf("who-name");
            type(b, "case-number", "CR-2026-0117");
            type(b, "case-title", "Harbour Street assault");
            type(b, "case-incident", "INC-UI-CASE");
            type(b, "case-reason", "charging decision");
            b.find(By.cssSelector("#open-form button")).click();

            b.waitUntil(d -> d.getCurrentUrl().contains("/app/case.html?number=CR-2026-0117"));
            assertEquals("Case opened; 3 footage added from the incident.", waitForText(b, "page-status", "Case opened"));
            waitForText(b, "footage-status", "3 shown");
            List<String> linked = b.driver().findElements(By.cssSelector("#footage a")).stream()
                    .map(a -> a.getAttribute("href")).toList();
            assertEquals(ids.stream().map(id -> app("/app/footage.html?id=" + id)).toList(), linked);
            assertEquals("Case CR-2026-0117", b.find(By.tagName("h1")).getText());
            b.screenshot("case-page");

            type(b, "remove-id", ids.get(1));
            type(b, "remove-reason", "recorded at another address");
            b.find(By.cssSelector("#remove-form button")).click();
            waitForText(b, "manage-status", ids.get(1) + " removed");
            waitForText(b, "footage-status", "2 shown");
            assertEquals(1, ofType(history(reviewer, ids.get(1)), "CASE_REMOVED").size());

            type(b, "bundle-purpose", "disclosure to the prosecutor");
            b.find(By.cssSelector("#bundle-form button")).click();
            waitForText(b, "bundle-status", "Downloaded case-CR-2026-0117.bundle.json");
            assertEquals("disclosure to the prosecutor", ofType(history(reviewer, ids.get(0)), "EXPORTED").get(0)
                    .getString("purpose"));

            // The list finds it by the start of its title; a refused add shows the API's reason.
            b.get(app("/app/cases.html"));
            type(b, "q", "harbour");
            b.find(By.cssSelector("#search-form button")).click();
            waitForText(b, "list-status", "1 shown");
            assertEquals("CR-2026-0117", rows(b, "cases").get(0).get(0));
            b.screenshot("cases-search");
            b.get(app("/app/case.html?number=CR-2026-0117"));
            waitForText(b, "footage-status", "2 shown");
            b.resize(360, 740);
            b.screenshot("case-page-360px");
        }
    }

    @Test
    void anAdminHoldsAnIncidentInBulkAndTheBulkDisposalIsRefusedItemByItemBecauseHeld() {
        List<String> ids = uploads("INC-UI-BULK", 3, 200);
        provider.nextSignIn("records-1", "R. Chen", "Records", "admin");
        try (Browser b = Browser.open("holds")) {
            b.get(app("/app/holds.html"));
            b.textOf("who-name");
            type(b, "bulk-target", "INC-UI-BULK");
            choose(b, "bulk-action", "hold");
            type(b, "bulk-reason", "civil claim filed");
            type(b, "bulk-matter", "Doe v. City");
            b.find(By.id("bulk-run")).click();
            assertEquals("So far, over 1 page(s): 3 done, 0 refused.", waitForText(b, "bulk-totals", "3 done"));
            waitForText(b, "bulk-status", "Finished");
            List<List<String>> held = rows(b, "bulk-outcomes");
            assertEquals(ids, held.stream().map(r -> r.get(0)).toList());
            assertTrue(held.stream().allMatch(r -> r.get(1).equals("done") && r.get(2).startsWith("HOLD_PLACED at ledger index")),
                    held.toString());
            scrollTo(b, "bulk-status");
            b.screenshot("bulk-hold");

            choose(b, "bulk-action", "dispose");
            type(b, "bulk-purpose", "retention period over");
            b.find(By.id("bulk-run")).click();
            assertTrue(waitForText(b, "bulk-status", "Tick the confirmation").contains("Tick"), "no disposal without the box");
            b.find(By.id("bulk-confirm")).click();
            b.find(By.id("bulk-run")).click();
            waitForText(b, "bulk-totals", "0 done, 3 refused");
            List<List<String>> refused = rows(b, "bulk-outcomes");
            assertEquals(3, refused.size());
            for (List<String> r : refused) {
                assertEquals("refused", r.get(1));
                assertTrue(r.get(2).contains("Doe v. City") && r.get(2).contains("HTTP 409"), r.toString());
            }
            scrollTo(b, "bulk-status");
            b.screenshot("bulk-disposal-refused");
            for (String id : ids) {
                assertTrue(ofType(history(reviewer, id), "DISPOSED").isEmpty(), "nothing held was disposed");
            }

            // One footage: its open hold is listed, and releasing it is a signed event.
            type(b, "one-id", ids.get(0));
            b.find(By.cssSelector("#one-form button")).click();
            waitForText(b, "one-status", "Showing " + ids.get(0));
            assertTrue(rows(b, "one-holds").get(0).containsAll(List.of("Doe v. City", "civil claim filed", "open")));
            type(b, "release-reason", "claim settled");
            b.find(By.cssSelector("#release-form button")).click();
            waitForText(b, "one-status", "Release: done (ledger index");
            assertTrue(rows(b, "one-holds").get(0).get(3).startsWith("released"), rows(b, "one-holds").toString());
            assertEquals(1, ofType(history(reviewer, ids.get(0)), "HOLD_RELEASED").size());

            // Released, it can go: without the confirmation nothing happens; with it, DISPOSED.
            type(b, "dispose-purpose", "claim settled, no further use");
            b.find(By.cssSelector("#dispose-form button")).click();
            waitForText(b, "one-status", "Tick the confirmation");
            b.find(By.id("dispose-confirm")).click();
            b.find(By.cssSelector("#dispose-form button")).click();
            waitForText(b, "one-status", "Disposal: done (ledger index");
            String disposedAt = b.find(By.xpath("//dl[@id='one-facts']/dt[.='Disposed']/following-sibling::dd[1]")).getText();
            assertTrue(disposedAt.startsWith("20"), "the page shows when: " + disposedAt);
            assertEquals(1, ofType(history(reviewer, ids.get(0)), "DISPOSED").size());
            // A second footage still held: its disposal is refused with the API's reason.
            type(b, "one-id", ids.get(1));
            b.find(By.cssSelector("#one-form button")).click();
            waitForText(b, "one-status", "Showing " + ids.get(1));
            type(b, "dispose-purpose", "tidy up");
            b.find(By.cssSelector("#dispose-form button")).click();
            assertTrue(waitForText(b, "one-status", "Disposal refused").contains("Doe v. City"));
        }
    }

    /**
     * More footage than one request takes (201 > 200): opening a case from the incident and a
     * bulk action both follow nextCursor, and the case's footage list pages.
     */
    @Test
    void pagesFollowNextCursorBeyondOneRequest() {
        for (int i = 0; i < 201; i++) {
            JsonObject reg = new JsonObject().put("sha256", String.format("%064x", 0xabc000 + i)).put("size", 1000 + i)
                    .put("filename", "many-" + i + ".mp4").put("incident", "INC-UI-MANY").put("storageLocation", "nas:/m/" + i);
            assertEquals(201, post(officer, "/api/v1/footage/by-hash", reg).statusCode());
        }
        provider.nextSignIn("det-many", "Det. L. Park", "Major Crimes", "reviewer");
        try (Browser b = Browser.open("cases-many")) {
            b.get(app("/app/cases.html"));
            b.textOf("who-name");
            type(b, "case-number", "CR-MANY");
            type(b, "case-title", "Stadium disorder");
            type(b, "case-incident", "INC-UI-MANY");
            b.find(By.cssSelector("#open-form button")).click();
            assertEquals("Case opened; 201 footage added from the incident.", waitForText(b, "page-status", "Case opened"));
            waitForText(b, "footage-status", "Page 1: 50 shown, more follow");
            b.find(By.id("next")).click();
            waitForText(b, "footage-status", "Page 2: 50 shown");
            b.find(By.id("prev")).click();
            waitForText(b, "footage-status", "Page 1: 50 shown");
        }
        provider.nextSignIn("records-3", "R. Chen", "Records", "admin");
        try (Browser b = Browser.open("holds-many")) {
            b.get(app("/app/holds.html"));
            b.textOf("who-name");
            choose(b, "bulk-scope", "case");
            type(b, "bulk-target", "CR-MANY");
            choose(b, "bulk-action", "retention");
            b.find(By.id("bulk-until")).sendKeys("01012040");
            type(b, "bulk-purpose", "appeal window");
            b.find(By.id("bulk-run")).click();
            waitForText(b, "bulk-totals", "200 done, 0 refused");
            assertEquals(200, rows(b, "bulk-outcomes").size());
            b.find(By.id("bulk-next")).click();
            assertEquals("So far, over 2 page(s): 201 done, 0 refused.", waitForText(b, "bulk-totals", "201 done"));
            waitForText(b, "bulk-status", "Finished");
            assertEquals(1, rows(b, "bulk-outcomes").size());
            assertFalse(b.find(By.id("bulk-next")).isDisplayed());
        }
    }

    @Test
    void oversightRunsAnAuditJobAndSeesItsProgressAndACleanResult() {
        String first = uploads("INC-UI-AUDIT", 2, 300).get(0);
        assertEquals(201, post(reviewer, "/api/v1/footage/" + first + "/events", new JsonObject().put("type", "VIEWED")
                .put("purpose", "use-of-force review").put("location", "HQ room 4")).statusCode());
        provider.nextSignIn("ovs-1", "M. Lindqvist", "Civilian Oversight", "oversight");
        try (Browser b = Browser.open("audits")) {
            b.get(app("/app/audits.html"));
            b.textOf("who-name");
            b.find(By.id("start")).click();
            String done = waitForText(b, "job-status", "Finished");
            assertTrue(done.contains("clean — no divergence in"), done);
            WebElement bar = b.find(By.id("job-progress"));
            assertEquals(bar.getAttribute("max"), bar.getAttribute("value"), "progress reached the whole ledger");
            assertTrue(Integer.parseInt(bar.getAttribute("value")) >= 2, "the entries it checked: " + bar.getAttribute("value"));
            assertFalse(b.find(By.id("job-summary")).getText().isBlank());
            waitForText(b, "recent", "clean");
            scrollTo(b, "job");
            b.screenshot("audit-clean");

            // The footage's custody history, decoded: who, in which role, what, why, where.
            b.get(app("/app/histories.html?id=" + first));
            waitForText(b, "history-status", "Page 1: 2 shown, end of the list");
            List<List<String>> events = rows(b, "events");
            assertEquals(List.of("REGISTERED", "VIEWED"), events.stream().map(r -> r.get(2)).toList());
            assertEquals("badge-7001 (officer)", events.get(0).get(3));
            assertEquals(List.of("det-seed (reviewer)", "use-of-force review", "HQ room 4"), events.get(1).subList(3, 6));
            assertEquals(app("/app/footage.html?id=" + first),
                    b.find(By.cssSelector("#footage-link a")).getAttribute("href"));
            b.screenshot("history");
        }
    }

    @Test
    void oversightFiltersTheAccessFailureAudit() {
        for (int i = 0; i < 2; i++) {
            assertEquals(403, service.officer("ofc-curious").get("/api/v1/ledger/audits").statusCode());
        }
        assertEquals(403, service.officer("ofc-other").get("/api/v1/ledger/audits").statusCode());
        assertEquals(401, service.http().get("/api/v1/cases").statusCode());
        provider.nextSignIn("ovs-2", "K. Osei", "Civilian Oversight", "oversight");
        try (Browser b = Browser.open("access-audit")) {
            b.get(app("/app/access-audit.html"));
            waitForText(b, "list-status", "Page 1");
            type(b, "actor", "ofc-curious");
            choose(b, "status", "403");
            b.find(By.cssSelector("#filter-form button")).click();
            waitForText(b, "list-status", "2 shown");
            List<List<String>> shown = rows(b, "failures");
            assertEquals(2, shown.size(), shown.toString());
            assertTrue(shown.stream().allMatch(r -> r.get(1).equals("403") && r.get(2).startsWith("ofc-curious")
                    && r.get(3).equals("GET /api/v1/ledger/audits")), shown.toString());
            b.screenshot("filtered");

            type(b, "actor", "");
            choose(b, "status", "401");
            b.find(By.cssSelector("#filter-form button")).click();
            waitForText(b, "list-status", "1 shown");
            assertEquals("anonymous", rows(b, "failures").get(0).get(2));
        }
    }

    @Test
    void anOfficerIsRefusedTheAdminPageAndTheApiAndAStateChangeWithoutTheCsrfTokenIs403() {
        provider.nextSignIn("badge-7002", "Ofc. P. Nowak", null, "officer");
        try (Browser b = Browser.open("officer-refused")) {
            b.get(app("/app/holds.html"));
            String refusal = waitForText(b, "page-status", "This page is for admin");
            assertTrue(refusal.contains("your roles (officer)"), refusal);
            assertFalse(b.find(By.id("bulk-form")).isDisplayed(), "the bulk form is hidden");
            b.screenshot("holds");
        }
        provider.nextSignIn("badge-7002", "Ofc. P. Nowak", null, "officer");
        SessionClient officerSession = new SessionClient(service.port(), true);
        officerSession.signInThroughProvider();
        HttpResponse<String> asOfficer = officerSession.send(bulkHold(officerSession, "INC-UI-X")
                .header("X-CSRF-Token", officerSession.csrfToken()));
        assertEquals(403, asOfficer.statusCode(), "an officer's bulk hold: " + asOfficer.body());

        String held = uploads("INC-UI-CSRF", 1, 400).get(0);
        provider.nextSignIn("records-2", "S. Adeyemi", "Records", "admin");
        SessionClient admin = new SessionClient(service.port(), true);
        admin.signInThroughProvider();
        HttpResponse<String> forged = admin.send(bulkHold(admin, "INC-UI-CSRF"));
        assertEquals(403, forged.statusCode(), forged.body());
        assertTrue(forged.body().contains("CSRF"), forged.body());
        assertTrue(ofType(history(reviewer, held), "HOLD_PLACED").isEmpty(), "the forged request did nothing");
        HttpResponse<String> genuine = admin.send(bulkHold(admin, "INC-UI-CSRF").header("X-CSRF-Token", admin.csrfToken()));
        assertEquals(200, genuine.statusCode(), genuine.body());
        assertEquals(1, new JsonObject(genuine.body()).getInteger("done"));
        assertEquals(201, post(reviewer, "/api/v1/cases", new JsonObject().put("caseNumber", "CSRF-1").put("title", "t"))
                .statusCode(), "bearer tokens need no CSRF token");
    }

    private static HttpRequest.Builder bulkHold(SessionClient client, String incident) {
        return HttpRequest.newBuilder(client.uri("/api/v1/holds/bulk")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("incident", incident)
                        .put("reason", "preservation letter").put("matter", "M-1").encode()));
    }
}
