package org.custodyledger.http;

import static org.custodyledger.testing.ApiCalls.history;
import static org.custodyledger.testing.ApiCalls.ofType;
import static org.custodyledger.testing.ApiCalls.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.custodyledger.testing.ApiCalls;
import org.custodyledger.testing.RunningService;
import org.custodyledger.testing.SessionClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cross-site use of the workspace session: a hostile page can make the browser navigate to an
 * event-writing GET with the (Lax) cookie attached. Refused when the browser says the request
 * is not same-origin; without that header, such GETs need the session's CSRF token.
 */
class WorkspaceCrossSiteTest {
    @RegisterExtension
    static final RunningService service = new RunningService();

    private static SessionClient signedIn(String subject) {
        SessionClient browser = new SessionClient(service.port(), false);
        assertEquals(303, browser.devSignIn(subject, "reviewer", "oversight", "admin").statusCode());
        return browser;
    }

    private static String footage(String name) {
        return ApiCalls.upload(service.officer("badge-x"), ApiCalls.bytes(2000, name.hashCode()),
                "filename=" + name + ".mp4&incident=INC-X");
    }

    private static HttpResponse<String> get(SessionClient browser, String path, String fetchSite, String csrfHeader) {
        HttpRequest.Builder r = HttpRequest.newBuilder(browser.uri(path)).GET();
        if (fetchSite != null) {
            r.header("Sec-Fetch-Site", fetchSite);
        }
        if (csrfHeader != null) {
            r.header("X-CSRF-Token", csrfHeader);
        }
        return browser.send(r);
    }

    private static int events(String id, String type) {
        return ofType(history(service.reviewer("counter"), id), type).size();
    }

    @Test
    void aRequestFromAnotherSiteWithTheSessionIsRefusedAndWritesNoEvent() {
        SessionClient browser = signedIn("victim-1");
        String id = footage("cross");
        for (String site : List.of("cross-site", "same-site", "none")) {
            for (String path : List.of("/api/v1/footage/" + id + "/content?purpose=forged",
                    "/api/v1/footage/" + id + "/verify", "/api/v1/footage/" + id + "/bundle?purpose=forged",
                    "/api/v1/footage")) {
                String detail = problem(get(browser, path, site, null), 403);
                assertTrue(detail.contains("Sec-Fetch-Site: " + site), detail);
            }
        }
        assertEquals(0, events(id, "VIEWED"));
        assertEquals(0, events(id, "EXPORTED"));
        assertEquals(0, events(id, "VERIFIED"));
        String audit = service.oversight("auditor").get("/api/v1/audit/access-failures?limit=100").body();
        assertTrue(audit.contains("victim-1") && audit.contains("Sec-Fetch-Site"), audit);

        assertEquals(200, get(browser, "/api/v1/footage/" + id + "/content?purpose=review", "same-origin", null)
                .statusCode(), "our own pages' <video src> is same-origin");
        assertEquals(1, events(id, "VIEWED"));
        assertEquals(200, get(browser, "/api/v1/footage", "same-origin", null).statusCode());
        assertEquals(200, service.reviewer("bearer").send(HttpRequest.newBuilder(service.http()
                .uri("/api/v1/footage/" + id + "/verify")).header("Sec-Fetch-Site", "cross-site").GET()).statusCode(),
                "a bearer token is never attached by a browser on its own: no such check");
    }

    @Test
    void withoutSecFetchSiteAnEventWritingGetNeedsTheCsrfToken() {
        SessionClient browser = signedIn("victim-2");
        String csrf = browser.csrfToken();
        String id = footage("old-browser");
        for (String path : List.of("/api/v1/footage/" + id + "/content?purpose=forged",
                "/api/v1/footage/" + id + "/verify", "/api/v1/footage/" + id + "/bundle?purpose=forged",
                "/api/v1/cases/NO-CASE/bundle?purpose=forged",
                "/api/v1/complaints/c-00000000000000000000000000000000/bundle?purpose=forged")) {
            String detail = problem(get(browser, path, null, null), 403);
            assertTrue(detail.contains("CSRF") && detail.contains("'csrf' query parameter"), path + ": " + detail);
            problem(get(browser, path + (path.contains("?") ? "&" : "?") + "csrf=guess", null, null), 403);
        }
        assertEquals(0, events(id, "VIEWED") + events(id, "EXPORTED") + events(id, "VERIFIED"));

        assertEquals(200, get(browser, "/api/v1/footage/" + id + "/content?purpose=review&csrf=" + csrf, null, null)
                .statusCode(), "a <video src> or download link carries the token in the query");
        assertEquals(200, get(browser, "/api/v1/footage/" + id + "/verify", null, csrf).statusCode(),
                "fetch carries it in the header");
        assertEquals(1, events(id, "VIEWED"));
        assertEquals(1, events(id, "VERIFIED"));
        assertEquals(200, get(browser, "/api/v1/footage", null, null).statusCode(), "reads that record nothing need no token");
        String unknown = problem(get(browser, "/api/v1/footage?csrf=" + csrf, null, null), 400);
        assertTrue(unknown.contains("unknown parameter 'csrf'"), "only event-writing GETs take it: " + unknown);
        String malformed = problem(get(browser, "/api/v1/footage/" + id + "/verify?csrf=" + csrf + "&x=%C3%28", null, null), 400);
        assertTrue(!malformed.contains(csrf), "the token is never echoed: " + malformed);
    }
}
