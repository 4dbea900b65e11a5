package org.custodyledger.http;

import static org.custodyledger.testing.ApiCalls.history;
import static org.custodyledger.testing.ApiCalls.ofType;
import static org.custodyledger.testing.ApiCalls.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.custodyledger.config.AppConfig;
import org.custodyledger.testing.Browser;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.OidcProvider;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The oversight complaint pages in a real Chromium, signed in through the test OpenID Connect
 * provider, against a real service: a public complaint (no token) that matched an officer's
 * footage is found in the list, opened, assigned, moved to investigation (a backwards move is
 * refused with the API's reason), exported and closed with an outcome; an officer is refused.
 */
class ComplaintPagesBrowserTest {
    @RegisterExtension
    @Order(1)
    static final OidcProvider provider = new OidcProvider();
    @RegisterExtension
    @Order(2)
    static final RunningService service = new RunningService((dir, db) -> AppConfig.builder(dir).dbUrl(db)
            .workspace(new AppConfig.Workspace(provider.issuer(), OidcProvider.CLIENT_ID, OidcProvider.CLIENT_SECRET, null, null))
            .complaints(new AppConfig.Complaints(Duration.ofMinutes(30), 90, 1000, 1000)).build());
    static Http officer;
    static Http oversight;
    static String footageId;
    static String matched;
    static String unmatched;

    @BeforeAll
    static void seed() {
        officer = service.officer("badge-221");
        oversight = service.oversight("ombud-seed");
        JsonObject reg = new JsonObject().put("sha256", "c0".repeat(32)).put("size", 1000)
                .put("filename", "cam-221.mp4").put("recordedAt", "2026-03-01T21:10:00Z").put("incident", "INC-CMP-1");
        HttpResponse<String> r = post(officer, "/api/v1/footage/by-hash", reg);
        assertEquals(201, r.statusCode(), r.body());
        footageId = new JsonObject(r.body()).getString("id");
        matched = submit(new JsonObject().put("category", "use-of-force").put("occurredFrom", "2026-03-01T21:00:00Z")
                .put("occurredTo", "2026-03-01T21:30:00Z").put("incident", "INC-CMP-1").put("place", "outside the bakery")
                .put("description", "An officer pushed me to the ground.\nI want this looked at.").put("contact", "jo@example.org"));
        unmatched = submit(new JsonObject().put("category", "discourtesy").put("occurredFrom", "2025-01-01T10:00:00Z")
                .put("occurredTo", "2025-01-01T11:00:00Z").put("place", "the station front desk")
                .put("description", "I was spoken to rudely."));
    }

    /** A public complaint, sent without a token as a member of the public would; answers its id. */
    private static String submit(JsonObject complaint) {
        HttpResponse<String> r = post(service.http(), "/api/v1/complaints", complaint);
        assertEquals(201, r.statusCode(), r.body());
        return new JsonObject(r.body()).getString("complaintId");
    }

    private static String app(String path) {
        return "http://localhost:" + service.port() + path;
    }

    private static List<String> row(Browser b, String tbodyId, String firstCell) {
        return b.waitUntil(d -> {
            try {
                return d.findElements(By.cssSelector("#" + tbodyId + " tr")).stream()
                        .map(tr -> tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
                        .filter(cells -> !cells.isEmpty() && cells.get(0).equals(firstCell)).findFirst().orElse(null);
            } catch (StaleElementReferenceException e) {
                return null;
            }
        });
    }

    private static void move(Browser b, String status, String outcome) {
        new Select(b.find(By.id("to-status"))).selectByValue(status);
        if (outcome != null) {
            new Select(b.find(By.id("outcome"))).selectByValue(outcome);
        }
        b.find(By.cssSelector("#move-form button")).click();
    }

    @Test
    void oversightFindsTheComplaintSeesItsFootageAssignsInvestigatesExportsAndCloses() throws Exception {
        provider.nextSignIn("ombud-1", "M. Lindqvist", "Civilian Oversight", "oversight");
        try (Browser b = Browser.open("complaints")) {
            b.get(app("/app/"));
            b.waitUntil(d -> d.findElements(By.linkText("Complaints")).stream().findFirst().orElse(null)).click();
            b.waitUntil(d -> d.getCurrentUrl().endsWith("/app/complaints.html"));
            b.waitForText("list-status", "2 shown");
            List<String> first = row(b, "complaints", matched);
            assertEquals(List.of("use-of-force", "Received", "No", "1 matched"),
                    List.of(first.get(1), first.get(4), first.get(5), first.get(6)));
            JsonObject api = new JsonObject(oversight.get("/api/v1/complaints/" + matched).body());
            assertEquals(List.of(api.getString("receivedAt"), api.getString("dueBy")), first.subList(2, 4));
            assertEquals("No footage found", row(b, "complaints", unmatched).get(6));

            new Select(b.find(By.id("category"))).selectByValue("discourtesy");
            b.find(By.cssSelector("#filter-form button")).click();
            b.waitForText("list-status", "1 shown");
            assertEquals(unmatched, b.find(By.cssSelector("#complaints td")).getText());
            assertTrue(b.currentUrl().endsWith("/app/complaints.html?category=discourtesy"), b.currentUrl());
            b.screenshot("complaints-list");

            new Select(b.find(By.id("category"))).selectByValue("");
            b.type("footageId", footageId);
            b.find(By.cssSelector("#filter-form button")).click();
            row(b, "complaints", matched);
            assertEquals(1, b.driver().findElements(By.cssSelector("#complaints tr")).size());
            b.find(By.linkText(matched)).click();

            b.waitUntil(d -> d.getCurrentUrl().equals(app("/app/complaint.html?id=" + matched)));
            b.waitForText("matches-status", "1 footage matched and held");
            assertEquals("Complaint " + matched, b.find(By.tagName("h1")).getText());
            assertEquals("An officer pushed me to the ground.\nI want this looked at.", b.textOf("description"));
            assertEquals(app("/app/footage.html?id=" + footageId), b.find(By.cssSelector("#matches a")).getAttribute("href"));
            assertEquals("at intake", row(b, "matches", footageId).get(1));

            b.type("investigator", "inv-77");
            b.find(By.cssSelector("#assign-form button")).click();
            b.waitForText("assign-status", "Assigned to inv-77.");
            b.waitForText("facts", "inv-77");

            move(b, "under-investigation", null);
            b.waitForText("move-status", "Now under investigation.");
            b.waitForText("complaint-status", "Under investigation");
            // Backwards (or again) is refused by the API; the page shows its reason.
            move(b, "under-investigation", null);
            String refusal = b.waitForText("move-status", "Refused:");
            assertTrue(refusal.contains("(HTTP 409)"), refusal);

            b.type("bundle-purpose", "independent review of the use of force");
            b.find(By.cssSelector("#bundle-form button")).click();
            b.waitForText("bundle-status", "Downloaded " + matched + ".bundle.json");
            JsonObject exported = ofType(history(oversight, footageId), "EXPORTED").get(0);
            assertEquals("independent review of the use of force", exported.getString("purpose"));
            assertEquals(matched, exported.getJsonObject("details").getString("complaint"));
            ((JavascriptExecutor) b.driver()).executeScript("window.scrollTo(0, 0)");
            // README's docs/screenshots/complaint.png is copied by hand from target/screenshots/complaints-complaint-page.png,
            // so a test run leaves the source tree as it found it.
            b.screenshot("complaint-page");

            move(b, "closed", "not-sustained");
            b.waitForText("move-status", "Closed: not-sustained.");
            b.waitForText("complaint-status", "Closed — outcome: not-sustained");
            b.waitUntil(d -> !d.findElement(By.id("move-form")).isDisplayed());
            b.resize(360, 740);
            b.screenshot("complaint-page-360px");
        }
        JsonObject read = new JsonObject(oversight.get("/api/v1/complaints/" + matched).body());
        assertEquals("closed", read.getString("status"));
        assertEquals("not-sustained", read.getString("outcome"));
        assertEquals("inv-77", read.getString("investigator"));
    }

    @Test
    void anOfficerIsRefusedByThePageAndTheApi() {
        provider.nextSignIn("badge-221", "PC J. Okafor", "Response", "officer");
        try (Browser b = Browser.open("complaint-officer")) {
            b.get(app("/app/complaint.html?id=" + matched));
            String refusal = b.waitForText("page-status", "This page is for oversight or admin");
            assertTrue(refusal.contains("officer"), refusal);
            assertFalse(b.find(By.id("facts")).isDisplayed());
            assertEquals("", b.find(By.id("description")).getText());
            b.screenshot("complaint-refused");
        }
        HttpResponse<String> r = officer.send(HttpRequest.newBuilder(officer.uri("/api/v1/complaints/" + matched)).GET());
        assertEquals(403, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }
}
