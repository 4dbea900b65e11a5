package org.custodyledger.http;

import static org.custodyledger.testing.ApiCalls.bytes;
import static org.custodyledger.testing.ApiCalls.delete;
import static org.custodyledger.testing.ApiCalls.history;
import static org.custodyledger.testing.ApiCalls.ofType;
import static org.custodyledger.testing.ApiCalls.post;
import static org.custodyledger.testing.ApiCalls.problem;
import static org.custodyledger.testing.ApiCalls.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Cases through the API: opened from an incident or by hand, footage in and out as signed events, one bundle for all. */
class CaseApiTest {
    @RegisterExtension
    static final RunningService service = new RunningService();
    static Http officer;
    static Http reviewer;
    static Http oversight;
    static Http admin;

    @BeforeAll
    static void start() {
        officer = service.officer("officer-5");
        reviewer = service.reviewer("det-lindqvist");
        oversight = service.oversight("ombud-3");
        admin = service.admin("records-3");
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    @Test
    void aCaseFromAnIncidentHoldsItsFootageAndEveryMoveIsAnEventInTheHistory() {
        String a = upload(officer, bytes(3000, 1), "filename=a.mp4&incident=INC-C1");
        String b = upload(officer, bytes(3000, 2), "filename=b.mp4&incident=INC-C1");
        String other = upload(officer, bytes(3000, 3), "filename=c.mp4&incident=INC-C2");

        HttpResponse<String> created = post(reviewer, "/api/v1/cases", new JsonObject().put("caseNumber", "2026-CR-0101")
                .put("title", "Burglary, Elm Street").put("incident", "INC-C1"));
        assertEquals(201, created.statusCode(), created.body());
        JsonObject added = new JsonObject(created.body()).getJsonObject("added");
        assertEquals(2, added.getInteger("done"), created.body());
        assertNull(added.getString("nextCursor"));
        assertEquals(409, post(admin, "/api/v1/cases", new JsonObject().put("caseNumber", "2026-CR-0101")
                .put("title", "again")).statusCode(), "a case number is taken once");
        assertTrue(problem(post(admin, "/api/v1/cases", new JsonObject().put("caseNumber", "2026-cr-0101")
                .put("title", "again, typed in lower case")), 409).contains("ignoring letter case"));

        // By hand: one more in, one out, each a signed event about that footage naming the case.
        HttpResponse<String> one = post(admin, "/api/v1/cases/2026-CR-0101/footage",
                new JsonObject().put("footageId", other).put("reason", "same suspect"));
        assertEquals(201, one.statusCode(), one.body());
        assertTrue(problem(post(admin, "/api/v1/cases/2026-CR-0101/footage",
                new JsonObject().put("footageId", other).put("reason", "twice")), 409).contains("already in case"));
        HttpResponse<String> out = delete(reviewer, "/api/v1/cases/2026-CR-0101/footage/" + a + "?reason=wrong%20address");
        assertEquals(200, out.statusCode(), out.body());
        problem(delete(reviewer, "/api/v1/cases/2026-CR-0101/footage/" + a + "?reason=again"), 409);
        problem(delete(reviewer, "/api/v1/cases/2026-CR-0101/footage/" + a), 400);

        JsonObject addedEvent = ofType(history(oversight, other), "CASE_ADDED").get(0);
        assertEquals("2026-CR-0101", addedEvent.getJsonObject("details").getString("case"));
        assertEquals("same suspect", addedEvent.getString("purpose"));
        assertEquals("records-3", addedEvent.getString("actorId"));
        JsonObject removed = ofType(history(oversight, a), "CASE_REMOVED").get(0);
        assertEquals("wrong address", removed.getString("purpose"));
        assertEquals(1, ofType(history(oversight, a), "CASE_ADDED").size());

        // The case now holds b and other, in registration order; searchable as footage too.
        JsonObject got = new JsonObject(oversight.get("/api/v1/cases/2026-CR-0101").body());
        assertEquals("Burglary, Elm Street", got.getString("title"));
        assertEquals(List.of(b, other), ids(got.getJsonObject("footage")));
        JsonObject firstPage = new JsonObject(oversight.get("/api/v1/cases/2026-CR-0101?limit=1").body());
        assertEquals(List.of(b), ids(firstPage.getJsonObject("footage")));
        String cursor = firstPage.getJsonObject("footage").getString("nextCursor");
        assertEquals(List.of(other), ids(new JsonObject(oversight.get("/api/v1/cases/2026-CR-0101?limit=1&cursor=" + cursor)
                .body()).getJsonObject("footage")));
        assertEquals(List.of(b, other), ids(new JsonObject(reviewer.get("/api/v1/footage?case=2026-CR-0101").body())));
        assertEquals(List.of(b), ids(new JsonObject(reviewer.get("/api/v1/footage?case=2026-CR-0101&incident=INC-C1")
                .body())));

        JsonArray listed = new JsonObject(oversight.get("/api/v1/cases?q=burglary").body()).getJsonArray("items");
        assertEquals(1, listed.size());
        assertEquals("2026-CR-0101", listed.getJsonObject(0).getString("caseNumber"));
        assertEquals(0, new JsonObject(oversight.get("/api/v1/cases?q=zzz").body()).getJsonArray("items").size());
        problem(oversight.get("/api/v1/cases/NO-SUCH"), 404);
        problem(oversight.get("/api/v1/cases/bad%20number"), 400);
        assertEquals(403, officer.get("/api/v1/cases").statusCode());
    }

    @Test
    void badCaseRequestsAreRefusedSayingWhy() {
        assertTrue(problem(post(reviewer, "/api/v1/cases", new JsonObject().put("caseNumber", "has space")
                .put("title", "t")), 400).contains("caseNumber"));
        assertTrue(problem(post(reviewer, "/api/v1/cases", new JsonObject().put("caseNumber", "OK-1")), 400)
                .contains("title"));
        assertTrue(problem(post(reviewer, "/api/v1/cases", new JsonObject().put("caseNumber", "OK-1").put("title", "t")
                .put("owner", "me")), 400).contains("owner"));
        post(reviewer, "/api/v1/cases", new JsonObject().put("caseNumber", "OK-2").put("title", "t"));
        assertTrue(problem(post(reviewer, "/api/v1/cases/OK-2/footage", new JsonObject().put("reason", "r")), 400)
                .contains("exactly one"));
        problem(post(reviewer, "/api/v1/cases/NOPE/footage", new JsonObject().put("reason", "r")
                .put("footageId", "f-" + "0".repeat(32))), 404);
    }

    @Test
    void aCaseBundleVerifiesOfflineAndFailsWhenAByteChanges(@TempDir Path dir) throws Exception {
        String a = upload(officer, bytes(4000, 7), "filename=a.mp4&incident=INC-B1");
        String b = upload(officer, bytes(4000, 8), "filename=b.mp4&incident=INC-B1");
        assertEquals(201, post(reviewer, "/api/v1/cases", new JsonObject().put("caseNumber", "B-1").put("title", "bundle")
                .put("incident", "INC-B1")).statusCode());
        problem(oversight.get("/api/v1/cases/B-1/bundle"), 400);
        HttpResponse<String> r = oversight.get("/api/v1/cases/B-1/bundle?purpose=disclosure%20to%20defence");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject bundle = new JsonObject(r.body());
        assertEquals("custody-ledger-bundle-set", bundle.getString("format"));
        assertEquals(new JsonObject().put("case", "B-1").put("title", "bundle"), bundle.getJsonObject("of"));
        assertEquals(2, bundle.getJsonArray("members").size());
        for (String id : List.of(a, b)) {
            JsonObject exported = ofType(history(oversight, id), "EXPORTED").get(0);
            assertEquals("B-1", exported.getJsonObject("details").getString("case"));
            assertEquals("bundle-set", exported.getJsonObject("details").getString("via"));
        }
        String key = service.http().get("/api/v1/ledger/key").body().lines().findFirst().orElseThrow();
        Path file = dir.resolve("case.json");
        Files.writeString(file, r.body());
        Cli.Result ok = Cli.run("verify-bundle", file.toString(), "--key", key);
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("CASE VERIFIED: all 2 footage bundles verified"), ok.out());
        assertTrue(ok.out().contains("ok    set-membership: CASE_ADDED@"), ok.out());
        Cli.Result asJson = Cli.run("verify-bundle", file.toString(), "--key", key, "--json");
        JsonObject report = new JsonObject(asJson.out());
        assertEquals(true, report.getBoolean("verified"), asJson.out());
        assertEquals("B-1", report.getJsonObject("of").getString("case"));

        // One byte of one member's leaf changed: that member fails, and so does the case.
        JsonObject event = bundle.getJsonArray("members").getJsonObject(1).getJsonArray("events").getJsonObject(0);
        byte[] leaf = Base64.getDecoder().decode(event.getString("leaf"));
        String text = new String(leaf, StandardCharsets.UTF_8);
        event.put("leaf", Base64.getEncoder().encodeToString(text.replace("b.mp4", "x.mp4")
                .getBytes(StandardCharsets.UTF_8)));
        Files.writeString(file, bundle.encodePrettily());
        Cli.Result bad = Cli.run("verify-bundle", file.toString(), "--key", key);
        assertEquals(1, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.out().contains("CASE NOT VERIFIED: 1 of 2"), bad.out());

        problem(oversight.get("/api/v1/cases/NOPE/bundle?purpose=x"), 404);
        post(reviewer, "/api/v1/cases", new JsonObject().put("caseNumber", "EMPTY-1").put("title", "nothing"));
        problem(oversight.get("/api/v1/cases/EMPTY-1/bundle?purpose=x"), 422);
    }

    @Test
    void anIncidentJoinsACaseALimitedPageAtATime() {
        String a = upload(officer, bytes(3000, 21), "filename=a.mp4&incident=INC-L1");
        String b = upload(officer, bytes(3000, 22), "filename=b.mp4&incident=INC-L1");
        post(reviewer, "/api/v1/cases", new JsonObject().put("caseNumber", "L-1").put("title", "limited"));
        HttpResponse<String> first = post(reviewer, "/api/v1/cases/L-1/footage", new JsonObject().put("incident", "INC-L1")
                .put("reason", "same incident").put("limit", 1));
        assertEquals(200, first.statusCode(), first.body());
        JsonObject page = new JsonObject(first.body());
        assertEquals(1, page.getInteger("done"), first.body());
        String cursor = page.getString("nextCursor");
        HttpResponse<String> second = post(reviewer, "/api/v1/cases/L-1/footage", new JsonObject().put("incident", "INC-L1")
                .put("reason", "same incident").put("limit", 1).put("cursor", cursor));
        assertEquals(200, second.statusCode(), second.body());
        assertEquals(1, new JsonObject(second.body()).getInteger("done"), second.body());
        assertEquals(List.of(a, b), ids(new JsonObject(oversight.get("/api/v1/cases/L-1").body()).getJsonObject("footage")));
        assertTrue(problem(post(reviewer, "/api/v1/cases/L-1/footage", new JsonObject().put("incident", "INC-L1")
                .put("reason", "r").put("limit", 201)), 400).contains("limit must be an integer from 1 to 200"));
    }

    @Test
    void aMemberFromAnotherCaseOrOneRemovedFromTheCaseFailsItsMembership(@TempDir Path dir) throws Exception {
        String a = upload(officer, bytes(4100, 11), "filename=a.mp4&incident=INC-M1");
        String b = upload(officer, bytes(4100, 12), "filename=b.mp4&incident=INC-M1");
        String c = upload(officer, bytes(4100, 13), "filename=c.mp4&incident=INC-M2");
        post(reviewer, "/api/v1/cases", new JsonObject().put("caseNumber", "M-1").put("title", "one").put("incident", "INC-M1"));
        post(reviewer, "/api/v1/cases", new JsonObject().put("caseNumber", "M-2").put("title", "two").put("incident", "INC-M2"));
        JsonObject one = new JsonObject(oversight.get("/api/v1/cases/M-1/bundle?purpose=disclosure").body());
        JsonObject two = new JsonObject(oversight.get("/api/v1/cases/M-2/bundle?purpose=disclosure").body());
        String key = service.http().get("/api/v1/ledger/key").body().lines().findFirst().orElseThrow();
        Path file = dir.resolve("set.json");

        // M-2's member, signed and included, put in M-1's set in place of b: every check of its own passes but membership.
        JsonObject swapped = one.copy();
        swapped.getJsonArray("members").set(1, two.getJsonArray("members").getJsonObject(0));
        Files.writeString(file, swapped.encodePrettily());
        Cli.Result bad = Cli.run("verify-bundle", file.toString(), "--key", key);
        assertEquals(1, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.out().contains("FAIL  set-membership: its history never adds it to case M-1"), bad.out());
        assertTrue(bad.out().contains("CASE NOT VERIFIED: 1 of 2"), bad.out());
        assertEquals(1, bad.out().lines().filter(l -> l.startsWith("  FAIL  ")).count(), "one failed check: " + bad.out());

        // b removed from M-1, then its own bundle (which shows the removal) passed off as M-1's member.
        assertEquals(200, delete(reviewer, "/api/v1/cases/M-1/footage/" + b + "?reason=wrong%20incident").statusCode());
        JsonObject removed = new JsonObject(reviewer.get("/api/v1/footage/" + b + "/bundle?purpose=check").body());
        JsonObject stale = one.copy();
        stale.getJsonArray("members").set(1, removed);
        Files.writeString(file, stale.encodePrettily());
        Cli.Result gone = Cli.run("verify-bundle", file.toString(), "--key", key, "--json");
        assertEquals(1, gone.exit(), gone.out() + gone.err());
        JsonObject member = new JsonObject(gone.out()).getJsonArray("members").getJsonObject(1);
        JsonObject membership = member.getJsonArray("checks").stream().map(o -> (JsonObject) o)
                .filter(ch -> ch.getString("name").equals("set-membership")).findFirst().orElseThrow();
        assertEquals(false, membership.getBoolean("ok"), gone.out());
        assertTrue(membership.getString("detail").startsWith("it was removed from case M-1 at index"), gone.out());
        assertTrue(c.startsWith("f-") && a.startsWith("f-"));
    }

    @Test
    void aCaseCanBeSharedWholeAndTheRecipientSeesItsFootage() {
        String a = upload(officer, bytes(2000, 9), "filename=s.mp4&incident=INC-SH");
        post(reviewer, "/api/v1/cases", new JsonObject().put("caseNumber", "SH-1").put("title", "shared")
                .put("incident", "INC-SH"));
        HttpResponse<String> made = post(reviewer, "/api/v1/shares", new JsonObject().put("case", "SH-1")
                .put("recipient", new JsonObject().put("name", "D. Counsel").put("organisation", "Public Defender"))
                .put("purpose", "defence disclosure").put("expiresAt", java.time.Instant.now().plusSeconds(86400).toString()));
        assertEquals(201, made.statusCode(), made.body());
        String url = new JsonObject(made.body()).getString("url");
        JsonObject opened = new JsonObject(service.http().get(url).body());
        assertEquals("SH-1", opened.getString("case"));
        assertEquals(a, opened.getJsonArray("footage").getJsonObject(0).getString("id"));
        assertEquals("SH-1", ofType(history(oversight, a), "SHARED").get(0).getJsonObject("details").getString("case"));
    }
}
