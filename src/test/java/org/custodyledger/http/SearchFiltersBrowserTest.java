package org.custodyledger.http;

import static org.custodyledger.testing.ApiCalls.bytes;
import static org.custodyledger.testing.ApiCalls.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.custodyledger.testing.Browser;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.OidcProvider;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/** The search page's recorded range and device filters in a real Chromium, against a real service. */
class SearchFiltersBrowserTest {
    @RegisterExtension
    @Order(1)
    static final OidcProvider provider = new OidcProvider();
    @RegisterExtension
    @Order(2)
    static final RunningService service = new RunningService(provider::service);

    @Test
    void aReviewerSearchesByRecordedRangeAndDevice() {
        Http officer = service.officer("badge-0601");
        // Noon UTC, so that a local day's range holds it whatever the browser's zone (within ±12 h).
        String a = upload(officer, bytes(500, 21), "filename=a.mp4&device=CAM-9&recordedAt=2026-05-01T12:00:00Z");
        upload(officer, bytes(500, 22), "filename=b.mp4&device=CAM-8&recordedAt=2026-05-01T12:30:00Z");
        upload(officer, bytes(500, 23), "filename=c.mp4&device=CAM-9&recordedAt=2026-05-03T12:00:00Z");
        provider.nextSignIn("det-ruiz", "Det. A. Ruiz", "Major Crimes", "reviewer");
        try (Browser b = Browser.open("search-filters")) {
            b.get("http://localhost:" + service.port() + "/app/search.html");
            b.textOf("who-name");
            // A datetime-local input's typing is locale-shaped; its value is not.
            ((JavascriptExecutor) b.driver()).executeScript(
                    "document.getElementById('q-from').value = '2026-05-01T00:00';"
                            + "document.getElementById('q-to').value = '2026-05-02T00:00';");
            b.type("q-device", "CAM-9");
            b.find(By.cssSelector("#search-form button[type=submit]")).click();
            b.waitUntil(d -> d.getCurrentUrl().contains("device=CAM-9"));
            b.waitForText("results-status", "1 shown.");
            List<String> found = b.driver().findElements(By.cssSelector("#results-body tr")).stream()
                    .map(tr -> tr.getAttribute("data-footage-id")).toList();
            assertEquals(List.of(a), found);
            b.screenshot("search-range-device");

            // Device alone is not bounded by an index: the API's reason is shown.
            ((JavascriptExecutor) b.driver()).executeScript(
                    "document.getElementById('q-from').value = ''; document.getElementById('q-to').value = '';");
            b.find(By.cssSelector("#search-form button[type=submit]")).click();
            String refusal = b.waitForText("results-status", "HTTP 400");
            assertTrue(refusal.contains("give one of those too"), refusal);
        }
    }
}
