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

    /** Sessions that end three seconds after sign-in however busy (and after an hour unused). */
    @RegisterExtension
    static final RunningService shortLived = new RunningService((dir, db) -> AppConfig.builder(dir).dbUrl(db)
            .workspace(new AppConfig.Workspace(null, null, null, null, Duration.ofHours(1), Duration.ofSeconds(3))).build());

    /** Flooded with sign-ins by one test (its buckets stay empty for a minute). */
    @RegisterExtension
    static final RunningService flooded = new RunningService();

    private static HttpResponse<String> withCookie(RunningService service, String path, String cookie) {
        return service.http().send(HttpRequest.newBuilder(service.http().uri(path))
                .header("Cookie", "custody-session=" + cookie).GET());
    }

    /** The workspace sessions the service holds now, as /metrics reports them. */
    static double storedSessions(RunningService service) {
        HttpResponse<String> r = service.oversight("metrics-reader").get("/metrics");
        assertEquals(200, r.statusCode(), r.body());
        return r.body().lines().filter(l -> l.startsWith("custody_workspace_sessions ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no custody_workspace_sessions in /metrics"));
    }

    @Test
    void anUnusedSessionEnds() {
        SessionClient browser = new SessionClient(shortIdle.port(), false);
        browser.devSignIn("dev-idle", "reviewer");
        String cookie = browser.cookie("custody-session").getValue();
        // Used every 300 ms for longer than the idle time: each use keeps it alive.
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() - until < 0) {
            assertEquals(200, withCookie(shortIdle, "/api/v1/footage", cookie).statusCode(), "used: still signed in");
            sleepQuietly(300);
        }
        // The server saw the last use before this sleep began: more than the idle time passes unused.
        sleepQuietly(2300);
        HttpResponse<String> late = withCookie(shortIdle, "/api/v1/footage", cookie);
        assertEquals(401, late.statusCode(), late.body());
        assertTrue(late.body().contains("session has ended"), late.body());
    }

    @Test
    void aSessionEndsAtItsMaximumAgeHoweverBusy() {
        SessionClient browser = new SessionClient(shortLived.port(), false);
        assertEquals(303, browser.devSignIn("dev-busy", "reviewer").statusCode());
        String cookie = browser.cookie("custody-session").getValue();
        long signedIn = System.nanoTime();
        long deadline = signedIn + Duration.ofSeconds(20).toNanos();
        int status;
        do {
            status = withCookie(shortLived, "/api/v1/footage", cookie).statusCode();
            if (status == 200) {
                assertTrue(System.nanoTime() - signedIn < Duration.ofSeconds(5).toNanos(),
                        "still signed in well after the three-second maximum age");
                sleepQuietly(200);
            }
        } while (status == 200 && System.nanoTime() - deadline < 0);
        assertEquals(401, status, "used every 200 ms, and still ended");
        assertTrue(System.nanoTime() - signedIn >= Duration.ofSeconds(3).toNanos(), "not before the maximum age");
        assertEquals(401, browser.get("/app/session").statusCode());
    }

    @Test
    void anonymousRequestsStoreNoSession() {
        double before = storedSessions(sample);
        for (int i = 0; i < 20; i++) {
            SessionClient anonymous = new SessionClient(sample.port(), false);
            assertEquals(302, anonymous.get("/app/login").statusCode());
            assertEquals(302, anonymous.get("/app/").statusCode());
            assertEquals(401, anonymous.get("/app/session").statusCode());
            assertEquals(401, withCookie(sample, "/api/v1/footage", "made-up-" + i + "-0123456789012345678901234567890123")
                    .statusCode());
            assertEquals(401, withCookie(sample, "/app/session", "made-up-" + i + "-0123456789012345678901234567890123")
                    .statusCode());
            assertEquals(null, anonymous.cookie("custody-session"), "no cookie for anyone not signed in");
        }
        assertEquals(before, storedSessions(sample), "anonymous requests and made-up cookies store nothing");
        SessionClient browser = new SessionClient(sample.port(), false);
        browser.devSignIn("dev-counted", "reviewer");
        assertEquals(before + 1, storedSessions(sample), "a sign-in stores one");
        String csrf = browser.csrfToken();
        HttpResponse<String> out = browser.send(HttpRequest.newBuilder(browser.uri("/app/logout")).header("Origin",
                        "http://localhost:" + sample.port()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf)));
        assertEquals(303, out.statusCode(), out.body());
        assertEquals(before, storedSessions(sample), "sign-out removes it");
    }

    @Test
    void aFormOnAnotherSiteCannotSignTheBrowserIn() {
        SessionClient victim = new SessionClient(sample.port(), false);
        HttpResponse<String> forged = victim.devSignInFrom("https://attacker.example", "attacker", "admin");
        assertEquals(403, forged.statusCode(), forged.body());
        assertEquals(Problems.CONTENT_TYPE, forged.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(403, victim.devSignInFrom(null, "attacker", "admin").statusCode(), "no Origin, no Sec-Fetch-Site");
        HttpResponse<String> crossSite = victim.send(HttpRequest.newBuilder(victim.uri("/app/dev-sign-in"))
                .header("Sec-Fetch-Site", "cross-site").header("Origin", "http://localhost:" + sample.port())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("subject=attacker&roles=admin")));
        assertEquals(403, crossSite.statusCode(), "Sec-Fetch-Site wins over a matching Origin: " + crossSite.body());
        assertEquals(null, victim.cookie("custody-session"));
        assertEquals(401, victim.get("/app/session").statusCode());
    }

    @Test
    void theDevelopmentSignInPageCarriesSecurityHeadersAndTheSessionOpensMetricsToo() {
        SessionClient browser = new SessionClient(sample.port(), false);
        HttpResponse<String> page = browser.get("/app/dev-sign-in");
        assertEquals(200, page.statusCode());
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("form-action 'self'"), csp);
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElseThrow());
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
        browser.devSignIn("dev-metrics", "oversight");
        HttpResponse<String> metrics = browser.get("/metrics");
        assertEquals(200, metrics.statusCode(), "the session is the same credential on every staff route: "
                + metrics.body());
    }

    @Test
    void signInsAreRateLimited() {
        SessionClient client = new SessionClient(flooded.port(), false);
        int limited = 0;
        for (int i = 0; i < Workspace.SIGN_INS_PER_ADDRESS_PER_MINUTE + 5 && limited == 0; i++) {
            HttpResponse<String> r = client.get("/app/login");
            if (r.statusCode() == 429) {
                limited++;
                assertEquals(Problems.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElseThrow());
                assertTrue(r.headers().firstValue("Retry-After").isPresent());
                assertEquals(429, client.devSignIn("dev-flood", "reviewer").statusCode(), "the same bucket");
            } else {
                assertEquals(302, r.statusCode(), r.body());
            }
        }
        assertEquals(1, limited, "a flood of sign-in starts from one address is turned away");
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
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
        HttpResponse<String> in = new SessionClient(behindTls.port(), false).devSignInFrom(
                "https://evidence.agency.example", "dev-tls", "reviewer");
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
            assertEquals(List.of("Holds & retention", "Cases", "Histories", "Access audit", "Audits", "Complaints"),
                    b.driver().findElements(By.cssSelector("#nav-list a")).stream().map(e -> e.getText()).toList());
            b.screenshot("home");
        }
    }
}
