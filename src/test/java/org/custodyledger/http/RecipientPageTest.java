package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The recipient's page at /share/ is served to anyone (no sign-in: the capability is in the
 * fragment), with a strict policy, no referrer and no caching, and sets no cookie.
 */
class RecipientPageTest {
    @RegisterExtension
    static final RunningService service = new RunningService();

    @Test
    void thePageIsServedWithoutSignInWithStrictHeadersAndNoCookie() {
        Http anonymous = service.http();
        for (String path : new String[] {"/share/", "/share/share.js"}) {
            HttpResponse<String> r = anonymous.get(path);
            assertEquals(200, r.statusCode(), path + ": " + r.body());
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'")
                    && csp.contains("frame-ancestors 'none'"), csp);
            assertFalse(csp.contains("unsafe-inline"), csp);
            assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(""), path);
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""), path);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
            assertTrue(r.headers().allValues("Set-Cookie").isEmpty(), path + " sets no cookie: " + r.headers());
        }
        assertTrue(anonymous.get("/share/").body().contains("/share/share.js"), "the page loads its script from a file");
        // What it borrows from the workspace is public too, and opens no session.
        for (String asset : new String[] {"/app/app.css", "/app/ui.js"}) {
            HttpResponse<String> r = anonymous.get(asset);
            assertEquals(200, r.statusCode(), asset);
            assertTrue(r.headers().allValues("Set-Cookie").isEmpty(), asset + " sets no cookie: " + r.headers());
        }
    }

    @Test
    void theBarePathLeadsToThePageAndNothingElseIsServedThere() {
        Http anonymous = service.http();
        HttpResponse<String> bare = anonymous.get("/share");
        assertEquals(301, bare.statusCode());
        assertEquals("/share/", bare.headers().firstValue("Location").orElse(""));
        assertEquals(404, anonymous.get("/share/nothing-here.html").statusCode());
        HttpResponse<String> post = anonymous.send(HttpRequest.newBuilder(anonymous.uri("/share/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(404, post.statusCode(), "a page, read with GET: " + post.body());
    }
}
