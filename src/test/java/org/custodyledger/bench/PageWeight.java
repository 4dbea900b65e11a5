package org.custodyledger.bench;

import java.util.List;
import java.util.Map;
import org.custodyledger.testing.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * What each workspace page costs a browser: {@code PageWeight BASE_URL PAGE…} signs in through
 * the development sign-in (a `serve` trusting the sample issuer) with every role, opens each
 * page in headless Chromium, lets its first API answers arrive, and prints the bytes it
 * transferred (navigation + every resource: HTML, CSS, modules, API JSON) from the browser's
 * Resource Timing, with the cache disabled (a first visit).
 */
public final class PageWeight {
    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        String base = args[0];
        for (String page : List.of(args).subList(1, args.length)) {
            // A fresh browser per page: nothing cached, as on a first visit.
            try (Browser b = Browser.open("page-weight")) {
                b.get(base + "/app/dev-sign-in");
                b.find(By.id("subject")).clear();
                b.find(By.id("subject")).sendKeys("bench-weight");
                for (String role : List.of("reviewer", "oversight", "admin")) {
                    b.find(By.id("role-" + role)).click();
                }
                b.find(By.id("dev-sign-in")).click();
                b.waitUntil(d -> d.getCurrentUrl().endsWith("/app/"));
                JavascriptExecutor js = (JavascriptExecutor) b.driver();
                b.get(base + page);
                b.waitUntil(d -> "complete".equals(js.executeScript("return document.readyState")));
                Thread.sleep(1000); // lets the page's first API requests finish (a bench, not a test)
                List<Map<String, Object>> entries = (List<Map<String, Object>>) js.executeScript(
                        "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                                + ".map(e => ({name: e.name, transfer: e.transferSize, body: e.decodedBodySize}))");
                long transfer = 0;
                long decoded = 0;
                for (Map<String, Object> e : entries) {
                    transfer += ((Number) e.get("transfer")).longValue();
                    decoded += ((Number) e.get("body")).longValue();
                }
                System.out.printf("%-32s %3d requests  %,8d bytes transferred  %,8d bytes of bodies%n", page,
                        entries.size(), transfer, decoded);
                for (Map<String, Object> e : entries) {
                    System.out.printf("    %,8d  %s%n", ((Number) e.get("transfer")).longValue(), e.get("name"));
                }
            }
        }
    }
}
