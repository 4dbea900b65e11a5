package org.custodyledger.http;

import static org.custodyledger.testing.ApiCalls.history;
import static org.custodyledger.testing.ApiCalls.ofType;
import static org.custodyledger.testing.ApiCalls.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.testing.Browser;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.OidcProvider;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The officer, reviewer and recipient pages in a real Chromium, signed in through a real OpenID
 * Connect provider: upload with progress and receipt; search, footage page, play after a purpose
 * (the VIEWED event then in the timeline), verify, export, share; a second, signed-out browser
 * opens the link and plays until the reviewer revokes it (410). Screenshots under target/screenshots/.
 */
class StaffPagesBrowserTest {
    @RegisterExtension
    @Order(1)
    static final OidcProvider provider = new OidcProvider();
    @RegisterExtension
    @Order(2)
    static final RunningService service = new RunningService(provider::service);

    private static final Path CLIP = Path.of("src/test/resources/media/bodycam-nyc.mp4").toAbsolutePath();

    /**
     * The clip with a top-level MP4 {@code free} box appended (players skip it): still playable,
     * but other bytes, so each test registers its own footage rather than re-submitting another's.
     */
    private static byte[] clip(String tag) throws IOException {
        byte[] original = Files.readAllBytes(CLIP);
        byte[] payload = tag.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(original.length + 8 + payload.length);
        out.put(original).putInt(8 + payload.length).put("free".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put(payload);
        return out.array();
    }

    private static String app(String path) {
        return "http://localhost:" + service.port() + path;
    }

    private static Browser signedIn(String name, String path, String subject, String person, String role) {
        provider.nextSignIn(subject, person, "Unit 7", role);
        Browser b = Browser.open(name);
        b.get(app(path));
        b.textOf("who-name");
        return b;
    }

    private static void type(Browser b, String id, String text) {
        WebElement input = b.find(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private static String waitForText(Browser b, String id, String contains) {
        return b.waitUntil(d -> {
            String t = d.findElement(By.id(id)).getText();
            return t.contains(contains) ? t : null;
        });
    }

    private static WebElement waitFor(Browser b, String css) {
        return b.waitUntil(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
    }

    private static void scrollTo(Browser b, String id) {
        ((org.openqa.selenium.JavascriptExecutor) b.driver())
                .executeScript("document.getElementById(arguments[0]).scrollIntoView();", id);
    }

    /** Elements sticking out of the viewport's width (tables scroll inside their wrapper and do not count). */
    private static String overflowing(Browser b) {
        return (String) ((org.openqa.selenium.JavascriptExecutor) b.driver()).executeScript(
                "const w = document.documentElement.clientWidth;"
                + "if (document.documentElement.scrollWidth <= w) return '';"
                + "return [...document.querySelectorAll('body *')].filter(e => !e.closest('.table-wrap')"
                + " && e.getBoundingClientRect().right > w + 1).slice(0, 5)"
                + ".map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')"
                + " || ('scrollWidth ' + document.documentElement.scrollWidth + ' of ' + w + ': '"
                + " + [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 6)"
                + ".map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', '));");
    }

    private static long videoReadyState(WebDriver d) {
        return (Long) ((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return document.getElementById('player').readyState;");
    }

    @Test
    void anOfficerUploadsWithAProgressBarAndGetsAPrintableReceipt() throws IOException {
        try (Browser b = signedIn("officer", "/app/upload.html", "badge-2201", "Ofc. J. Mensah", "officer")) {
            type(b, "up-incident", "INC-UI-OFFICER");
            type(b, "up-device", "Axon Body 4 X60A9");
            byte[] bytes = clip("officer-upload");
            Path file = Files.createDirectories(Path.of("target", "browser-files")).resolve("bodycam-nyc.mp4");
            Files.write(file, bytes);
            b.find(By.id("up-file")).sendKeys(file.toAbsolutePath().toString());
            b.find(By.id("up-submit")).click();
            waitFor(b, "#receipt:not([hidden])");
            String sha = Sha256Hasher.hash(bytes).hex();
            assertEquals(sha, b.textOf("receipt-sha256"), "the receipt names the file's SHA-256");
            assertEquals("100", b.find(By.id("up-progress")).getDomProperty("value"), "the progress bar reached the end");
            long index = Long.parseLong(b.textOf("receipt-index"));
            assertTrue(Long.parseLong(b.textOf("receipt-tree-size")) > index, "the checkpoint includes the entry");
            assertFalse(b.textOf("receipt-root").isBlank());
            assertTrue(b.find(By.id("receipt-print")).isDisplayed(), "printable");
            b.screenshot("upload-receipt");

            b.get(app("/app/footage/mine.html"));
            WebElement row = waitFor(b, "#results-body tr");
            assertTrue(row.getText().contains("bodycam-nyc.mp4") && row.getText().contains("INC-UI-OFFICER"), row.getText());
            b.screenshot("my-footage");
        }
    }

    @Test
    void aReviewerSearchesPlaysVerifiesExportsAndSharesAndTheRecipientPlaysUntilRevoked() throws IOException {
        Http officerApi = service.officer("badge-3301");
        byte[] bytes = clip("reviewer-journey");
        String id = upload(officerApi, bytes, "filename=stop-4471.mp4&incident=INC-UI-REVIEW&device=cam-12");
        Http reviewerApi = service.reviewer("audit-reader");
        String link;
        try (Browser reviewer = signedIn("reviewer", "/app/search.html", "det-ruiz", "Det. A. Ruiz", "reviewer")) {
            type(reviewer, "q-incident", "INC-UI-REVIEW");
            reviewer.find(By.cssSelector("#search-form button[type=submit]")).click();
            waitForText(reviewer, "results-status", "1 shown.");
            WebElement hit = waitFor(reviewer, "#results-body tr[data-footage-id='" + id + "']");
            reviewer.screenshot("search");
            hit.findElement(By.tagName("a")).click();

            waitFor(reviewer, "#timeline-body tr[data-type='REGISTERED']");
            assertTrue(reviewer.textOf("meta").contains("INC-UI-REVIEW"));
            // Play: the purpose first; the VIEWED event is signed before the bytes and then shows in the timeline.
            type(reviewer, "play-purpose", "review for charging decision");
            reviewer.find(By.cssSelector("#play-form button")).click();
            WebElement viewed = waitFor(reviewer, "#timeline-body tr[data-type='VIEWED']");
            assertTrue(viewed.getText().contains("review for charging decision") && viewed.getText().contains("det-ruiz"),
                    viewed.getText());
            reviewer.waitUntil(d -> videoReadyState(d) >= 1 ? true : null);
            assertEquals(1, ofType(history(reviewerApi, id), "VIEWED").size());

            scrollTo(reviewer, "main");
            reviewer.screenshot("footage-page");
            scrollTo(reviewer, "timeline-h");
            reviewer.screenshot("footage-timeline");

            reviewer.find(By.id("verify")).click();
            waitForText(reviewer, "verify-status", "VERIFIED");
            List<WebElement> checks = reviewer.driver().findElements(By.cssSelector("#checks li"));
            assertFalse(checks.isEmpty());
            checks.forEach(c -> assertEquals("true", c.getDomAttribute("data-ok"), c.getText()));
            scrollTo(reviewer, "verify-h");
            reviewer.screenshot("footage-verified");

            type(reviewer, "export-purpose", "disclosure to the defence");
            reviewer.find(By.cssSelector("#export-form button")).click();
            waitForText(reviewer, "export-status", "Bundle downloaded: " + id + ".bundle.json");
            waitFor(reviewer, "#timeline-body tr[data-type='EXPORTED']");
            assertEquals("disclosure to the defence", ofType(history(reviewerApi, id), "EXPORTED").get(0).getString("purpose"));

            type(reviewer, "share-name", "A. Prosecutor");
            type(reviewer, "share-org", "County DA");
            type(reviewer, "share-email", "ap@da.example");
            type(reviewer, "share-purpose", "disclosure for 2026-CR-9");
            reviewer.find(By.cssSelector("#share-form button[type=submit]")).click();
            link = reviewer.waitUntil(d -> {
                String v = d.findElement(By.id("share-link")).getDomProperty("value");
                return v == null || v.isEmpty() ? null : v;
            });
            assertTrue(link.startsWith(app("/share/#")), link);
            waitFor(reviewer, "#timeline-body tr[data-type='SHARED']");
            reviewer.screenshot("footage-shared");

            type(reviewer, "ev-note", "faces of bystanders at 00:41 need redaction");
            reviewer.find(By.cssSelector("#event-form button[type=submit]")).click();
            WebElement note = waitFor(reviewer, "#timeline-body tr[data-type='ANNOTATED']");
            assertTrue(note.getText().contains("faces of bystanders"), note.getText());
            reviewer.resize(360, 740);
            scrollTo(reviewer, "main");
            assertEquals("", overflowing(reviewer), "nothing wider than a 360 px phone but the tables' own scrollers");
            reviewer.screenshot("footage-360px");
            reviewer.resize(1280, 900);

            try (Browser recipient = Browser.open("recipient")) {
                recipient.get(link);
                WebElement card = waitFor(recipient, "#footage-list li[data-footage-id='" + id + "']");
                assertTrue(card.getText().contains(Sha256Hasher.hash(bytes).hex()));
                card.findElement(By.cssSelector("button.play")).click();
                recipient.waitUntil(d -> videoReadyState(d) >= 1 ? true : null);
                JsonObject seen = ofType(history(reviewerApi, id), "VIEWED").stream()
                        .filter(e -> "recipient".equals(e.getString("actorRole"))).findFirst().orElseThrow();
                assertTrue(seen.getString("actorId").startsWith("share:"), seen.encode());
                recipient.screenshot("shared");

                reviewer.get(app("/app/shares.html"));
                WebElement form = waitFor(reviewer, "form.revoke");
                form.findElement(By.name("reason")).sendKeys("disclosure complete");
                form.findElement(By.tagName("button")).click();
                waitFor(reviewer, "#shares-body td[data-state='revoked']");
                reviewer.screenshot("shares-revoked");

                recipient.driver().navigate().refresh();
                String said = recipient.waitUntil(d -> {
                    WebElement state = d.findElement(By.id("share-state"));
                    return "gone".equals(state.getDomAttribute("data-state")) ? state.getText() : null;
                });
                assertTrue(said.contains("revoked"), said);
                recipient.screenshot("revoked");

                recipient.get(app("/share/#" + "A".repeat(43)));
                String unknown = recipient.waitUntil(d -> {
                    WebElement state = d.findElement(By.id("share-state"));
                    return "unknown".equals(state.getDomAttribute("data-state")) ? state.getText() : null;
                });
                assertTrue(unknown.contains("not known"), unknown);
            }
        }
        HttpResponse<String> gone = service.http().get("/api/v1/shared/" + link.substring(link.indexOf('#') + 1));
        assertEquals(410, gone.statusCode(), gone.body());
    }

    @Test
    void anOfficerIsRefusedAReviewersPagesAndActionsAndSeesWhy() throws IOException {
        try (Browser b = signedIn("officer-refused", "/app/shares.html", "badge-5501", "Ofc. K. Lee", "officer")) {
            String said = b.waitUntil(d -> {
                String t = d.findElement(By.id("shares-status")).getText();
                return t.contains("HTTP 403") ? t : null;
            });
            assertTrue(said.length() > "(HTTP 403)".length() + 5, "the problem's detail is shown: " + said);
            String own = upload(service.officer("badge-5501"), clip("officer-refused"), "filename=own.mp4&incident=INC-UI-5501");
            b.get(app("/app/footage.html?id=" + own));
            waitFor(b, "#timeline-body tr[data-type='REGISTERED']");
            assertFalse(b.find(By.id("verify")).isDisplayed(), "no Verify for an officer");
            String cookie = b.cookie("custody-session").getValue();
            HttpResponse<String> verify = service.http().send(HttpRequest.newBuilder(service.http()
                    .uri("/api/v1/footage/" + own + "/verify")).header("Cookie", "custody-session=" + cookie).GET());
            assertEquals(403, verify.statusCode(), "the officer's session asking the verify endpoint: " + verify.body());
            b.screenshot("officer-footage");
        }
    }
}
