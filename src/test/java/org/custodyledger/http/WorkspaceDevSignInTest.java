package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.custodyledger.config.AppConfig;
import org.custodyledger.testing.Browser;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.RunningService;
import org.custodyledger.testing.SessionClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The DEVELOPMENT ONLY sign-in: there while the public sample issuer is trusted and no identity
 * provider is configured, absent (404) once real issuer keys are; and the cookie's Secure flag
 * (with the __Host- prefix) once the public URL is https.
 */
class WorkspaceDevSignInTest {
    /** The sample issuer, no provider: a development set-up. */
    @RegisterExtension
    static final RunningService sample = new RunningService();
    /** An agency's own issuer key, no provider yet. */
    @RegisterExtension
    static final RunningService agencyKeys = new RunningService((dir, db) -> {
        Path keys = Files.createDirectories(dir.resolve("idp-keys"));
        Cli.Result made = Cli.run("keygen", "--out", keys.toString(), "--name", "idp");
        assertEquals(0, made.exit(), made.err());
        return AppConfig.builder(dir).dbUrl(db).tokenIssuerKeys(List.of(keys.resolve("idp.pub.pem"))).build();
    });
    /** Reached over TLS (a proxy in front): the cookie must be Secure. */
    @RegisterExtension
    static final RunningService behindTls = new RunningService((dir, db) -> AppConfig.builder(dir).dbUrl(db)
            .workspace(new AppConfig.Workspace(null, null, null, "https://evidence.agency.example", null)).build());

    /** Sessions that end after two seconds unused. */
    @RegisterExtension
    static final RunningService shortIdle = new RunningService((dir, db) -> AppConfig.builder(dir).dbUrl(db)
            .workspace(new AppConfig.Workspace(null, null, null, null, Duration.ofSeconds(2))).build());

    @Test
    void anUnusedSessionEnds() throws InterruptedException {
        SessionClient browser = new SessionClient(shortIdle.port(), false);
        browser.devSignIn("dev-idle", "reviewer");
        Thread.sleep(1000);
        assertEquals(200, browser.get("/api/v1/footage").statusCode(), "used within the idle time: still signed in");
        String cookie = browser.cookie("custody-session").getValue();
        Thread.sleep(4000);
        HttpResponse<String> late = shortIdle.http().send(HttpRequest.newBuilder(shortIdle.http().uri("/api/v1/footage"))
                .header("Cookie", "custody-session=" + cookie).GET());
        assertEquals(401, late.statusCode(), late.body());
        assertTrue(late.body().contains("session has ended"), late.body());
    }

    @Test
    void withTheSampleIssuerAnyoneMaySignInAsAnyoneSaysSo() {
        SessionClient browser = new SessionClient(sample.port(), false);
        HttpResponse<String> login = browser.get("/app/login?return=/app/index.html");
        assertEquals(302, login.statusCode());
        assertEquals("/app/dev-sign-in?return=/app/index.html", login.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> page = browser.get("/app/dev-sign-in");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("DEVELOPMENT ONLY"), page.body());
        HttpResponse<String> in = browser.devSignIn("dev-officer", "officer", "emperor");
        assertEquals(303, in.statusCode(), in.body());
        assertEquals("/app/", in.headers().firstValue("Location").orElseThrow());
        JsonObject me = browser.session();
        assertEquals("dev-officer", me.getString("subject"));
        assertEquals(new JsonArray().add("officer"), me.getJsonArray("roles"));
        HttpResponse<String> noSubject = new SessionClient(sample.port(), false).devSignIn(" ", "admin");
        assertEquals(400, noSubject.statusCode(), noSubject.body());
        assertEquals(Problems.CONTENT_TYPE, noSubject.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void signingInReplacesASessionIdPlantedBeforehand() {
        SessionClient browser = new SessionClient(sample.port(), false);
        browser.devSignIn("first", "reviewer");
        String before = browser.cookie("custody-session").getValue();
        browser.devSignIn("second", "reviewer");
        assertTrue(!before.equals(browser.cookie("custody-session").getValue()), "a new session id at each sign-in");
        HttpResponse<String> old = sample.http().send(HttpRequest.newBuilder(sample.http().uri("/app/session"))
                .header("Cookie", "custody-session=" + before).GET());
        assertEquals(401, old.statusCode(), "the id known before sign-in no longer names a session");
    }

    @Test
    void withRealIssuerKeysThereIsNoDevelopmentSignIn() {
        SessionClient browser = new SessionClient(agencyKeys.port(), false);
        assertEquals(404, browser.get("/app/dev-sign-in").statusCode());
        HttpResponse<String> post = browser.devSignIn("intruder", "admin");
        assertEquals(404, post.statusCode(), post.body());
        assertEquals(401, browser.get("/app/session").statusCode());
        HttpResponse<String> login = browser.get("/app/login");
        assertEquals(404, login.statusCode());
        assertTrue(login.body().contains("--oidc-issuer"), login.body());
    }

    @Test
    void behindTlsTheCookieIsSecureWithTheHostPrefix() {
        HttpResponse<String> in = new SessionClient(behindTls.port(), false).devSignIn("dev-tls", "reviewer");
        assertEquals(303, in.statusCode(), in.body());
        String setCookie = in.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("__Host-custody-session="))
                .findFirst().orElseThrow(() -> new AssertionError(in.headers().map().toString()));
        String flags = setCookie.toLowerCase(Locale.ROOT);
        assertTrue(flags.contains("; secure") && flags.contains("; httponly") && flags.contains("samesite=lax")
                && flags.contains("path=/"), setCookie);
        HttpResponse<String> plain = new SessionClient(sample.port(), false).devSignIn("dev-plain", "reviewer");
        assertTrue(plain.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.toLowerCase(Locale.ROOT)
                .contains("; secure")), "plain http: no Secure flag");
    }

    @Test
    void theDevelopmentSignInWorksInChromium() {
        try (Browser b = Browser.open("dev-sign-in")) {
            b.get("http://localhost:" + sample.port() + "/app/");
            b.waitUntil(d -> d.getCurrentUrl().contains("/app/dev-sign-in"));
            assertTrue(b.find(By.cssSelector("[role=alert]")).getText().contains("DEVELOPMENT ONLY"));
            b.find(By.id("subject")).clear();
            b.find(By.id("subject")).sendKeys("dev-admin");
            b.find(By.id("role-admin")).click();
            b.find(By.id("role-oversight")).click();
            b.screenshot("form");
            b.find(By.id("dev-sign-in")).click();
            assertEquals("Dev User", b.textOf("who-name"));
            assertEquals(List.of("Holds & retention", "Histories", "Access audit", "Audits", "Complaints"),
                    b.driver().findElements(By.cssSelector("#nav-list a")).stream().map(e -> e.getText()).toList());
            b.screenshot("home");
        }
    }
}
