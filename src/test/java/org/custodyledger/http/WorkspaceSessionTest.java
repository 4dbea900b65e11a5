package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.custodyledger.testing.OidcProvider;
import org.custodyledger.testing.RunningService;
import org.custodyledger.testing.SessionClient;
import org.custodyledger.testing.TestTokens;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The workspace session against a real OpenID Connect provider, without a browser: sign-in
 * through the provider's redirects, roles from the claim, the API answering the cookie with the
 * bearer rules, CSRF on every state change, sign-out, and bearer tokens untouched.
 */
class WorkspaceSessionTest {
    @RegisterExtension
    @Order(1)
    static final OidcProvider provider = new OidcProvider();
    @RegisterExtension
    @Order(2)
    static final RunningService service = new RunningService(provider::service);

    private static SessionClient signedIn(String subject, String... roles) {
        provider.nextSignIn(subject, "Name of " + subject, "Unit 9", roles);
        SessionClient browser = new SessionClient(service.port(), true);
        HttpResponse<String> landed = browser.signInThroughProvider();
        assertEquals(200, landed.statusCode(), landed.body());
        assertEquals("/app/", landed.uri().getPath(), "the sign-in ends on the workspace home");
        return browser;
    }

    private static HttpRequest.Builder upload(SessionClient browser, String name) {
        return HttpRequest.newBuilder(browser.uri("/api/v1/footage?filename=" + name + "&incident=INC-77"))
                .PUT(HttpRequest.BodyPublishers.ofString("not really video " + name));
    }

    private static String accessAudit() {
        HttpResponse<String> r = service.oversight("auditor").get("/api/v1/audit/access-failures?limit=100");
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    @Test
    void signingInThroughTheProviderGivesTheClaimedRolesNameAndUnit() {
        SessionClient browser = signedIn("det-ruiz", "reviewer", "oversight", "chief-of-everything");
        JsonObject me = browser.session();
        assertEquals("det-ruiz", me.getString("subject"));
        assertEquals("Name of det-ruiz", me.getString("name"));
        assertEquals("Unit 9", me.getString("unit"));
        assertEquals(new JsonArray().add("reviewer").add("oversight"), me.getJsonArray("roles"),
                "roles come from the claim; unknown names are ignored");
        assertTrue(me.getString("csrfToken").length() >= 40, me.encode());
        assertEquals(200, browser.get("/api/v1/footage").statusCode(), "the API accepts the session cookie");
    }

    @Test
    void aRolesClaimAsOneStringCountsToo() {
        provider.nextSignIn("sgt-ng", Map.of("roles", "admin officer"));
        SessionClient browser = new SessionClient(service.port(), true);
        assertEquals(200, browser.signInThroughProvider().statusCode());
        assertEquals(new JsonArray().add("officer").add("admin"), browser.session().getJsonArray("roles"));
    }

    @Test
    void noSessionBeforeSignInAndTheCookieIsHttpOnlyAndLax() {
        provider.nextSignIn("badge-1", null, null, "officer");
        SessionClient browser = new SessionClient(service.port(), false);
        HttpResponse<String> toProvider = browser.get("/app/login");
        assertEquals(302, toProvider.statusCode());
        assertEquals(null, browser.cookie("custody-session"), "starting a sign-in creates no session");
        assertNotEquals(null, browser.cookie("custody-signin"), "the sign-in under way is bound to this browser");
        String authorize = toProvider.headers().firstValue("Location").orElseThrow();
        assertTrue(authorize.startsWith(provider.issuer() + "/authorize?"), authorize);
        assertTrue(authorize.contains("code_challenge_method=S256") && authorize.contains("code_challenge="), authorize);
        assertTrue(authorize.contains("nonce=") && authorize.contains("state="), authorize);
        HttpResponse<String> back = browser.send(HttpRequest.newBuilder(java.net.URI.create(authorize)).GET());
        assertEquals(302, back.statusCode(), back.body());
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(java.net.URI.create(
                back.headers().firstValue("Location").orElseThrow())).GET());
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        String setCookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("custody-session=")).findFirst().orElseThrow();
        assertTrue(setCookie.toLowerCase(java.util.Locale.ROOT).contains("; httponly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Lax"), setCookie);
        assertFalse(setCookie.contains("Secure"), "no Secure flag without an https public URL: " + setCookie);
        assertTrue(signedIn.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("custody-signin=;")
                && c.contains("Max-Age=0")), "the sign-in cookie is spent: " + signedIn.headers().allValues("Set-Cookie"));
        assertEquals("badge-1", browser.session().getString("subject"));
    }

    @Test
    void aCallbackWithAnotherStateIsRefused() {
        SessionClient browser = new SessionClient(service.port(), false);
        assertEquals(302, browser.get("/app/login").statusCode());
        HttpResponse<String> forged = browser.get("/app/callback?code=stolen&state=not-the-one");
        assertEquals(400, forged.statusCode(), forged.body());
        assertEquals(Problems.CONTENT_TYPE, forged.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(401, browser.get("/app/session").statusCode());
    }

    /** The state the service sent the browser to the provider with. */
    private static String stateOf(HttpResponse<String> toProvider) {
        String location = toProvider.headers().firstValue("Location").orElseThrow();
        return java.util.regex.Pattern.compile("[?&]state=([^&]+)").matcher(location).results().findFirst()
                .orElseThrow().group(1);
    }

    @Test
    void startingSignInsStoresNoSessionsAndAStateIsGoodOnlyInItsBrowserAndOnce() {
        double before = WorkspaceDevSignInTest.storedSessions(service);
        for (int i = 0; i < 20; i++) {
            SessionClient anonymous = new SessionClient(service.port(), false);
            assertEquals(302, anonymous.get("/app/login").statusCode());
            assertEquals(null, anonymous.cookie("custody-session"));
        }
        assertEquals(before, WorkspaceDevSignInTest.storedSessions(service), "sign-ins under way are not sessions");
        SessionClient started = new SessionClient(service.port(), false);
        String state = stateOf(started.get("/app/login"));
        SessionClient other = new SessionClient(service.port(), false);
        assertEquals(400, other.get("/app/callback?code=x&state=" + state).statusCode(),
                "another browser cannot finish this browser's sign-in");
        HttpResponse<String> denied = started.get("/app/callback?error=access_denied&state=" + state);
        assertEquals(401, denied.statusCode(), denied.body());
        assertTrue(denied.body().contains("did not sign you in: access_denied"), denied.body());
        assertEquals(400, started.get("/app/callback?error=access_denied&state=" + state).statusCode(),
                "a state is consumed by its first answer");
    }

    @Test
    void anErrorAnswerIsCheckedAgainstTheStateFirstAndNotEchoed() {
        SessionClient browser = new SessionClient(service.port(), false);
        HttpResponse<String> noState = browser.get("/app/callback?error=access_denied&error_description=Hi");
        assertEquals(400, noState.statusCode(), "an error without this browser's state is not an answer to us");
        String state = stateOf(browser.get("/app/login"));
        HttpResponse<String> odd = browser.send(HttpRequest.newBuilder(browser.uri("/app/callback?state=" + state
                + "&error=%3Cscript%3Ealert(1)%3C%2Fscript%3E&error_description=" + "A".repeat(3000)))
                .header("Accept", "text/html,application/xhtml+xml").GET());
        assertEquals(401, odd.statusCode(), odd.body());
        assertTrue(odd.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"),
                "a browser navigation gets a page: " + odd.headers().map());
        assertTrue(odd.body().contains("href=\"/app/login\""), odd.body());
        assertFalse(odd.body().contains("<script>") || odd.body().contains("AAAA"), odd.body());
        assertFalse(accessAudit().contains("AAAA"), "the audit keeps no text the provider's answer made up");
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() {
        provider.nextSignIn("badge-nonce", null, null, "officer");
        SessionClient browser = new SessionClient(service.port(), false);
        String authorize = browser.get("/app/login").headers().firstValue("Location").orElseThrow();
        // The provider is asked for a token bearing a nonce this sign-in did not choose.
        String swapped = authorize.replaceFirst("nonce=[^&]+", "nonce=someone-elses-nonce");
        HttpResponse<String> back = browser.send(HttpRequest.newBuilder(java.net.URI.create(swapped)).GET());
        assertEquals(302, back.statusCode(), back.body());
        HttpResponse<String> refused = browser.send(HttpRequest.newBuilder(java.net.URI.create(
                back.headers().firstValue("Location").orElseThrow())).GET());
        assertEquals(401, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("nonce"), refused.body());
        assertEquals(null, browser.cookie("custody-session"));
        assertEquals(401, browser.get("/app/session").statusCode());
    }

    @Test
    void deletesAndJsonPostsWithTheSessionNeedTheCsrfTokenToo() {
        SessionClient browser = signedIn("rev-csrf", "reviewer", "admin");
        HttpResponse<String> post = browser.send(HttpRequest.newBuilder(browser.uri("/api/v1/cases"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"caseNumber\":\"2026-CSRF-1\",\"title\":\"t\"}")));
        assertEquals(403, post.statusCode(), post.body());
        assertTrue(post.body().contains("CSRF"), post.body());
        HttpResponse<String> delete = browser.send(HttpRequest.newBuilder(browser.uri(
                "/api/v1/cases/2026-CSRF-1/footage/f-00000000000000000000000000000000?reason=x")).DELETE());
        assertEquals(403, delete.statusCode(), delete.body());
        assertTrue(delete.body().contains("CSRF"), delete.body());
        HttpResponse<String> withToken = browser.send(HttpRequest.newBuilder(browser.uri("/api/v1/cases"))
                .header("Content-Type", "application/json").header("X-CSRF-Token", browser.csrfToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"caseNumber\":\"2026-CSRF-1\",\"title\":\"t\"}")));
        assertEquals(201, withToken.statusCode(), withToken.body());
    }

    @Test
    void aSignedInPageCarriesSecurityHeadersAndIsNotCachedPublicly() {
        SessionClient browser = signedIn("rev-page", "reviewer");
        HttpResponse<String> page = browser.get("/app/index.html");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("frame-ancestors 'none'"));
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        java.net.URI issuer = java.net.URI.create(provider.issuer());
        assertTrue(csp.endsWith("form-action 'self' " + issuer.getScheme() + "://" + issuer.getRawAuthority()),
                "sign-out may end at the provider's end_session_endpoint: " + csp);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElseThrow());
        assertEquals("no-cache, private", page.headers().firstValue("Cache-Control").orElseThrow());
    }

    @Test
    void anEncodedPagePathNeedsSignInToo() {
        SessionClient browser = new SessionClient(service.port(), false);
        HttpResponse<String> encoded = browser.get("/app/index.htm%6C");
        assertEquals(302, encoded.statusCode(), "served as /app/index.html, so guarded as it: " + encoded.body());
        assertTrue(encoded.headers().firstValue("Location").orElseThrow().startsWith("/app/login"));
        assertEquals(302, browser.get("/app/%69ndex.html").statusCode());
    }

    @Test
    void aStateChangeWithTheSessionNeedsItsCsrfToken() {
        SessionClient browser = signedIn("badge-4711", "officer");
        HttpResponse<String> without = browser.send(upload(browser, "no-token.mp4"));
        assertEquals(403, without.statusCode(), without.body());
        assertEquals(Problems.CONTENT_TYPE, without.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(without.body().contains("CSRF"), without.body());
        HttpResponse<String> wrong = browser.send(upload(browser, "wrong-token.mp4").header("X-CSRF-Token", "guess"));
        assertEquals(403, wrong.statusCode(), wrong.body());
        HttpResponse<String> with = browser.send(upload(browser, "with-token.mp4")
                .header("X-CSRF-Token", browser.csrfToken()));
        assertEquals(201, with.statusCode(), with.body());
        assertTrue(with.body().contains("\"badge-4711\""), "the event records the session's subject: " + with.body());
        String audit = accessAudit();
        assertTrue(audit.contains("badge-4711") && audit.contains("CSRF"), "the refusal is in the access audit: " + audit);
    }

    @Test
    void aCrossRoleAttemptWithTheSessionIsRefusedAndAudited() {
        SessionClient browser = signedIn("badge-cross", "officer");
        HttpResponse<String> r = browser.get("/api/v1/audit/access-failures");
        assertEquals(403, r.statusCode(), r.body());
        assertEquals(Problems.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(accessAudit().contains("badge-cross"));
    }

    @Test
    void signingOutEndsTheSession() {
        SessionClient browser = signedIn("rev-out", "reviewer");
        String csrf = browser.csrfToken();
        HttpResponse<String> noToken = browser.send(HttpRequest.newBuilder(browser.uri("/app/logout"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("")));
        assertEquals(403, noToken.statusCode(), "sign-out needs the CSRF token too: " + noToken.body());
        String cookie = browser.cookie("custody-session").getValue();
        HttpResponse<String> out = new SessionClient(service.port(), false).send(HttpRequest.newBuilder(
                        browser.uri("/app/logout")).header("Cookie", "custody-session=" + cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf)));
        assertEquals(303, out.statusCode(), out.body());
        String to = out.headers().firstValue("Location").orElseThrow();
        assertTrue(to.startsWith(provider.issuer() + "/endsession") && to.contains("id_token_hint="),
                "RP-initiated logout at the provider: " + to);
        HttpResponse<String> after = service.http().send(HttpRequest.newBuilder(service.http().uri("/api/v1/footage"))
                .header("Cookie", "custody-session=" + cookie).GET());
        assertEquals(401, after.statusCode(), "the old cookie names no session: " + after.body());
        assertTrue(after.body().contains("session has ended"), after.body());
        assertEquals(401, browser.get("/app/session").statusCode());
    }

    @Test
    void bearerTokensWorkAsBeforeAndNeedNoCsrfToken() {
        SessionClient anonymous = new SessionClient(service.port(), false);
        HttpResponse<String> r = service.officer("badge-bearer").send(upload(anonymous, "bearer.mp4"));
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(r.headers().allValues("Set-Cookie").isEmpty(), "a bearer client gets no session cookie");
        assertEquals(401, service.http().get("/api/v1/footage").statusCode());
        // A bearer token wins over a cookie: the request acts as the token says.
        SessionClient officer = signedIn("badge-both", "officer");
        HttpResponse<String> both = officer.send(HttpRequest.newBuilder(officer.uri("/api/v1/audit/access-failures"))
                .header("Authorization", "Bearer " + TestTokens.oversight("aud-1")).GET());
        assertEquals(200, both.statusCode(), both.body());
    }

    @Test
    void pagesNeedSignInAndCarrySecurityHeaders() {
        SessionClient browser = new SessionClient(service.port(), false);
        HttpResponse<String> home = browser.get("/app/");
        assertEquals(302, home.statusCode());
        assertEquals("/app/login?return=/app/", home.headers().firstValue("Location").orElseThrow());
        String csp = home.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertEquals("nosniff", home.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("no-referrer", home.headers().firstValue("Referrer-Policy").orElseThrow());
        assertEquals(200, browser.get("/app/session.js").statusCode(), "scripts are not secret");
        HttpResponse<String> session = browser.get("/app/session");
        assertEquals(401, session.statusCode());
        assertEquals(Problems.CONTENT_TYPE, session.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(404, browser.get("/app/dev-sign-in").statusCode(),
                "no development sign-in once an identity provider is configured");
        assertEquals(404, browser.send(HttpRequest.newBuilder(browser.uri("/app/dev-sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("subject=x&roles=admin"))).statusCode());
    }
}
