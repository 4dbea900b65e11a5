package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.custodyledger.testing.Browser;
import org.custodyledger.testing.OidcProvider;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

/**
 * The workspace in a real (headless) Chromium against a real OpenID Connect provider: sign-in
 * through the provider lands on /app/ showing the person and their roles' navigation; the
 * cookie's flags; sign-out ends the session. Screenshots under target/screenshots/.
 */
class WorkspaceBrowserTest {
    @RegisterExtension
    @Order(1)
    static final OidcProvider provider = new OidcProvider();
    @RegisterExtension
    @Order(2)
    static final RunningService service = new RunningService(provider::service);

    private static String app(String path) {
        return "http://localhost:" + service.port() + path;
    }

    private static List<String> navLabels(Browser b) {
        b.textOf("who-name");
        return b.driver().findElements(By.cssSelector("#nav-list a")).stream().map(WebElement::getText).toList();
    }

    @Test
    void aReviewerSignsInThroughTheProviderAndSeesTheirNavigation() {
        provider.nextSignIn("det-ruiz", "Det. A. Ruiz", "Major Crimes", "reviewer");
        try (Browser b = Browser.open("oidc-reviewer")) {
            b.get(app("/app/"));
            String who = b.textOf("who-name");
            assertEquals(app("/app/"), b.currentUrl(), "back on the workspace home after the provider");
            assertEquals("Det. A. Ruiz · Major Crimes", who);
            assertEquals(List.of("Search", "Cases", "Shares"), navLabels(b));
            assertTrue(b.find(By.id("roles-line")).getText().contains("reviewer"));
            b.screenshot("home");
            b.resize(360, 740);
            b.screenshot("home-360px");
            Cookie cookie = b.cookie("custody-session");
            assertNotNull(cookie, "the session cookie");
            assertTrue(cookie.isHttpOnly(), "scripts cannot read the session cookie");
            assertEquals("Lax", cookie.getSameSite());
            assertFalse(cookie.isSecure(), "not Secure without an https public URL");
            assertEquals(200, withCookie(cookie.getValue(), "/api/v1/footage").statusCode(),
                    "the API acts as the signed-in reviewer");
        }
    }

    @Test
    void eachRoleSeesItsOwnNavigationAndSigningOutEndsTheSession() {
        provider.nextSignIn("badge-4711", "Ofc. B. Okafor", null, "officer");
        try (Browser b = Browser.open("oidc-officer")) {
            b.get(app("/app/"));
            assertEquals(List.of("My footage", "Upload"), navLabels(b));
            assertEquals("Ofc. B. Okafor", b.textOf("who-name"));
            String cookie = b.cookie("custody-session").getValue();
            assertEquals(403, withCookie(cookie, "/api/v1/audit/access-failures").statusCode(),
                    "an officer reading the access audit: refused");
            b.find(By.cssSelector("#sign-out button")).click();
            b.waitUntil(d -> d.getCurrentUrl().endsWith("/app/signed-out.html"));
            b.screenshot("signed-out");
            assertEquals(401, withCookie(cookie, "/api/v1/footage").statusCode(), "the old cookie is worth nothing");
            assertEquals(null, b.cookie("custody-session"), "sign-out expired the cookie in the browser");
            // The mock provider signs in again without asking: what proves the sign-out is a new session.
            provider.nextSignIn("badge-4711", "Ofc. B. Okafor", null, "officer");
            b.get(app("/app/"));
            b.waitUntil(d -> d.getCurrentUrl().equals(app("/app/")));
            assertEquals("Ofc. B. Okafor", b.textOf("who-name"));
            assertNotEquals(cookie, b.cookie("custody-session").getValue(), "signed in again, through the provider");
        }
    }

    @Test
    void severalRolesSeeEachRolesPages() {
        provider.nextSignIn("ovs-1", "M. Lindqvist", "Civilian Oversight", "oversight", "admin");
        try (Browser b = Browser.open("oidc-oversight-admin")) {
            b.get(app("/app/"));
            assertEquals(List.of("Holds & retention", "Cases", "Histories", "Access audit", "Audits", "Complaints"), navLabels(b));
            b.screenshot("home");
        }
    }

    private static HttpResponse<String> withCookie(String cookie, String path) {
        return service.http().send(HttpRequest.newBuilder(service.http().uri(path))
                .header("Cookie", "custody-session=" + cookie).GET());
    }
}
