package org.custodyledger.http;

import static org.custodyledger.testing.ApiCalls.bytes;
import static org.custodyledger.testing.ApiCalls.bytesOf;
import static org.custodyledger.testing.ApiCalls.history;
import static org.custodyledger.testing.ApiCalls.ofType;
import static org.custodyledger.testing.ApiCalls.post;
import static org.custodyledger.testing.ApiCalls.problem;
import static org.custodyledger.testing.ApiCalls.upload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.custodyledger.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** External shares end to end: a reviewer shares, a recipient with only the link views and downloads, revocation and expiry close it. */
class ShareApiTest {
    @RegisterExtension
    static final RunningService service = new RunningService();
    static Http officer;
    static Http reviewer;
    static Http oversight;
    static Http anonymous;

    @BeforeAll
    static void start() {
        officer = service.officer("officer-3");
        reviewer = service.reviewer("det-okafor");
        oversight = service.oversight("ombud-2");
        anonymous = service.http();
    }

    private static String inDays(int days) {
        return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static JsonObject shareRequest(JsonArray ids, String expiresAt) {
        return new JsonObject().put("footageIds", ids)
                .put("recipient", new JsonObject().put("name", "A. Prosecutor").put("organisation", "County DA")
                        .put("email", "ap@da.example"))
                .put("purpose", "disclosure for case 2026-CR-9").put("expiresAt", expiresAt);
    }

    private static JsonObject share(JsonArray ids) {
        HttpResponse<String> r = post(reviewer, "/api/v1/shares", shareRequest(ids, inDays(30)));
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        return new JsonObject(r.body());
    }

    @Test
    void aRecipientSeesOnlyWhatWasSharedPlaysItWithRangesAndEveryAccessIsAnEventNamingTheShare() {
        byte[] video = bytes(150_000, 11);
        String shared = upload(officer, video, "filename=door.mp4&incident=INC-S1");
        String notShared = upload(officer, bytes(1000, 12), "filename=other.mp4&incident=INC-S1");
        JsonObject made = share(new JsonArray().add(shared));
        String capability = made.getString("capability");
        String shareId = made.getJsonObject("share").getString("id");
        // 256 bits, base64url, and only its hash is stored.
        assertEquals(32, Base64.getUrlDecoder().decode(capability).length);
        assertEquals("/api/v1/shared/" + capability, made.getString("url"));
        assertEquals("/share/#" + capability, made.getString("page"), "the recipient's page, the capability in the fragment");
        assertEquals(0, service.sql().count("SELECT count(*) FROM shares WHERE encode(secret_sha256, 'hex') = '"
                + capability + "' OR position('" + capability + "' in recipient_name || purpose) > 0"));
        assertEquals(1, service.sql().count("SELECT count(*) FROM shares WHERE secret_sha256 = sha256('"
                + capability + "'::bytea)"));
        // One SHARED event per footage, naming the share, the recipient and the expiry.
        JsonObject sharedEvent = ofType(history(reviewer, shared), "SHARED").get(0);
        assertEquals(shareId, sharedEvent.getJsonObject("details").getString("share"));
        assertEquals("A. Prosecutor (County DA)", sharedEvent.getJsonObject("details").getString("recipient"));
        assertEquals(made.getJsonObject("share").getString("expiresAt").substring(0, 19),
                sharedEvent.getJsonObject("details").getString("expiresAt").substring(0, 19));

        // The recipient, with no token: what was shared, with private headers.
        HttpResponse<String> opened = anonymous.get("/api/v1/shared/" + capability);
        assertEquals(200, opened.statusCode(), opened.body());
        assertEquals("no-store", opened.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("no-referrer", opened.headers().firstValue("Referrer-Policy").orElse(""));
        JsonObject view = new JsonObject(opened.body());
        assertEquals(1, view.getJsonArray("footage").size());
        JsonObject item = view.getJsonArray("footage").getJsonObject(0);
        assertEquals(shared, item.getString("id"));
        assertEquals(Sha256Hasher.hash(video).hex(), item.getString("sha256"));
        assertFalse(item.containsKey("uploadedBy"), "the agency's people are not shown: " + item);

        // A player: open-ended, then a seek; one VIEWED event for both.
        String content = item.getString("content");
        HttpResponse<byte[]> first = bytesOf(anonymous, content, "bytes=0-");
        assertEquals(206, first.statusCode());
        assertArrayEquals(video, first.body());
        assertEquals("no-store", first.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("no-referrer", first.headers().firstValue("Referrer-Policy").orElse(""));
        // Random bytes are of no type a browser may show inline: an attachment (a real video plays inline, below).
        assertTrue(first.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment"));
        HttpResponse<byte[]> seek = bytesOf(anonymous, content, "bytes=1000-1999");
        assertEquals(206, seek.statusCode());
        assertArrayEquals(Arrays.copyOfRange(video, 1000, 2000), seek.body());
        assertEquals(first.headers().firstValue(ContentHandler.EVENT_HEADER),
                seek.headers().firstValue(ContentHandler.EVENT_HEADER));
        HttpResponse<byte[]> download = bytesOf(anonymous, content + "?download=true", null);
        assertEquals(200, download.statusCode());
        assertArrayEquals(video, download.body());
        assertTrue(download.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment"));

        List<JsonObject> events = history(oversight, shared);
        List<JsonObject> viewed = ofType(events, "VIEWED");
        List<JsonObject> exported = ofType(events, "EXPORTED");
        assertEquals(1, viewed.size(), events.toString());
        assertEquals(1, exported.size(), events.toString());
        for (JsonObject e : Stream.concat(viewed.stream(), exported.stream()).toList()) {
            assertEquals("share:" + shareId, e.getString("actorId"));
            assertEquals("recipient", e.getString("actorRole"));
            assertEquals("disclosure for case 2026-CR-9", e.getString("purpose"));
            assertEquals(shareId, e.getJsonObject("details").getString("share"));
            assertEquals("A. Prosecutor (County DA)", e.getJsonObject("details").getString("recipient"));
        }

        // Nothing else through this link; nothing at all through a wrong one.
        problem(anonymous.get("/api/v1/shared/" + capability + "/footage/" + notShared + "/content"), 404);
        problem(anonymous.get("/api/v1/shared/" + capability.substring(1) + "x"), 404);
        problem(anonymous.get("/api/v1/shared/not-a-capability"), 404);
        assertTrue(ofType(history(oversight, notShared), "VIEWED").isEmpty());
        // The link is no credential for the staff API.
        assertEquals(401, anonymous.as(capability).get("/api/v1/footage/" + shared).statusCode());
    }

    @Test
    void revokingClosesTheLinkWith410AndRecordsAnEventPerFootage() {
        String a = upload(officer, bytes(2000, 21), "filename=a.mp4");
        String b = upload(officer, bytes(2000, 22), "filename=b.mp4");
        JsonObject made = share(new JsonArray().add(a).add(b));
        String capability = made.getString("capability");
        String shareId = made.getJsonObject("share").getString("id");
        String content = "/api/v1/shared/" + capability + "/footage/" + a + "/content";
        assertEquals(200, bytesOf(anonymous, content, null).statusCode());

        problem(post(reviewer, "/api/v1/shares/" + shareId + "/revoke", new JsonObject()), 400);
        HttpResponse<String> revoked = post(reviewer, "/api/v1/shares/" + shareId + "/revoke",
                new JsonObject().put("reason", "sent to the wrong office"));
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals(2, new JsonObject(revoked.body()).getJsonArray("events").size());
        for (String id : List.of(a, b)) {
            JsonObject e = ofType(history(reviewer, id), "SHARE_REVOKED").get(0);
            assertEquals(shareId, e.getJsonObject("details").getString("share"));
            assertEquals("sent to the wrong office", e.getString("purpose"));
        }
        // Also a player mid-session: its live session does not outlive the share.
        assertTrue(problem(anonymous.get(content), 410).contains("revoked"));
        assertTrue(problem(anonymous.get("/api/v1/shared/" + capability), 410).contains("revoked"));
        assertEquals(409, post(reviewer, "/api/v1/shares/" + shareId + "/revoke",
                new JsonObject().put("reason", "again")).statusCode());
        JsonObject listed = new JsonObject(oversight.get("/api/v1/shares?limit=500").body());
        assertTrue(listed.getJsonArray("items").stream().map(o -> (JsonObject) o)
                .anyMatch(s -> s.getString("id").equals(shareId) && s.getString("revokedAt") != null), listed.encode());
    }

    @Test
    void anExpiredShareAnswers410() {
        String a = upload(officer, bytes(2000, 31), "filename=c.mp4");
        JsonObject made = share(new JsonArray().add(a));
        String capability = made.getString("capability");
        String shareId = made.getJsonObject("share").getString("id");
        assertEquals(200, anonymous.get("/api/v1/shared/" + capability).statusCode());
        // Time passes: the service's clock is the system's, so the share's dates move back instead
        // (as its owner could; the runtime role cannot), to a share that ended a second ago.
        service.sql().run("BEGIN; ALTER TABLE shares DISABLE TRIGGER shares_revoke_only;"
                + " UPDATE shares SET created_at = now() - interval '31 days', expires_at = now() - interval '1 second'"
                + " WHERE id = '" + shareId + "'; ALTER TABLE shares ENABLE TRIGGER shares_revoke_only; COMMIT;");
        assertTrue(problem(anonymous.get("/api/v1/shared/" + capability), 410).contains("expired"));
        assertTrue(problem(anonymous.get("/api/v1/shared/" + capability + "/footage/" + a + "/content"), 410)
                .contains("expired"));
        assertTrue(ofType(history(reviewer, a), "VIEWED").isEmpty());
    }

    @Test
    void badSharesAreRefusedSayingWhy() {
        String a = upload(officer, bytes(2000, 41), "filename=d.mp4");
        JsonArray ids = new JsonArray().add(a);
        assertTrue(problem(post(reviewer, "/api/v1/shares", shareRequest(ids, "2020-01-01T00:00:00Z")), 422)
                .contains("not in the future"));
        assertTrue(problem(post(reviewer, "/api/v1/shares", shareRequest(ids, inDays(400))), 422)
                .contains("365 days"));
        assertTrue(problem(post(reviewer, "/api/v1/shares", shareRequest(ids, "next tuesday")), 400)
                .contains("expiresAt"));
        assertTrue(problem(post(reviewer, "/api/v1/shares", shareRequest(ids, inDays(3)).put("recipient",
                new JsonObject().put("name", "X"))), 400).contains("recipient.organisation"));
        assertTrue(problem(post(reviewer, "/api/v1/shares", shareRequest(new JsonArray(), inDays(3))), 400)
                .contains("footageIds or case"));
        assertTrue(problem(post(reviewer, "/api/v1/shares", shareRequest(ids, inDays(3)).put("extra", "x")), 400)
                .contains("extra"));
        problem(post(reviewer, "/api/v1/shares", shareRequest(new JsonArray().add("f-" + "0".repeat(32)), inDays(3))),
                404);
        assertEquals(0, ofType(history(reviewer, a), "SHARED").size());
        assertEquals(403, post(officer, "/api/v1/shares", shareRequest(ids, inDays(3))).statusCode());
        // "recipient" is a role of links, never of tokens: a token claiming it holds no role here.
        assertEquals(403, service.as(TestTokens.of("someone", "recipient")).get("/api/v1/shares").statusCode());
    }

    @Test
    void onlyFootageWhoseBytesAreHereCanBeSharedAndADisposalEndsItsAccess() {
        HttpResponse<String> byHash = post(officer, "/api/v1/footage/by-hash", new JsonObject()
                .put("sha256", Sha256Hasher.hash(bytes(10, 61)).hex()).put("size", 10).put("filename", "elsewhere.mp4"));
        assertEquals(201, byHash.statusCode(), byHash.body());
        String hashOnly = new JsonObject(byHash.body()).getString("id");
        assertTrue(problem(post(reviewer, "/api/v1/shares", shareRequest(new JsonArray().add(hashOnly), inDays(3))), 409)
                .contains("only the hash"));

        String a = upload(officer, bytes(2000, 62), "filename=f.mp4");
        String capability = share(new JsonArray().add(a)).getString("capability");
        HttpResponse<String> disposed = service.admin("records-5").send(java.net.http.HttpRequest.newBuilder(
                service.http().uri("/api/v1/footage/" + a + "?purpose=court%20order")).DELETE());
        assertEquals(200, disposed.statusCode(), disposed.body());
        JsonObject item = new JsonObject(anonymous.get("/api/v1/shared/" + capability).body())
                .getJsonArray("footage").getJsonObject(0);
        assertTrue(item.containsKey("disposedAt") && !item.containsKey("content"), item.encode());
        problem(anonymous.get("/api/v1/shared/" + capability + "/footage/" + a + "/content"), 410);
    }

    @Test
    void theCapabilityNeverReachesTheLog() {
        JsonObject made = share(new JsonArray().add(upload(officer, bytes(2000, 51), "filename=e.mp4")));
        String capability = made.getString("capability");
        // A 404 inside the share and a refused parameter both log nothing of the path's secret.
        anonymous.get("/api/v1/shared/" + capability + "/footage/f-" + "1".repeat(32) + "/content");
        HttpResponse<String> bad = anonymous.get("/api/v1/shared/" + capability + "?x=1");
        assertFalse(bad.body().contains(capability), bad.body());
        assertEquals("/api/v1/shared/…", new JsonObject(bad.body()).getString("instance"));
        // Every log line and audit row takes its path from here.
        assertEquals("/api/v1/shared/…/footage/f-1/content",
                LoggedPaths.of("/api/v1/shared/" + capability + "/footage/f-1/content"));
    }

    @Test
    void theCapabilityStaysOutOfLogsProblemsAndTheAuditHoweverThePathIsSpelt() {
        JsonObject made = share(new JsonArray().add(upload(officer, bytes(2000, 52), "filename=g.mp4")));
        String capability = made.getString("capability");
        String escaped = "%" + Integer.toHexString(capability.charAt(0)).toUpperCase() + capability.substring(1);
        List<String> spellings = List.of(
                "/api/v1/%73hared/" + capability + "?x=1",
                "/api/v1/x/../shared/" + capability + "?x=1",
                "/api/v1/shared/" + escaped + "?x=1",
                "/api/v1/%73hared/" + capability + "/footage/f-" + "2".repeat(32) + "/content",
                "/api/v1/shared/" + capability + "/%zz",
                "/api/v1/%73hared/" + capability + "/%zz",
                "/api/v1/shared/" + capability + "/nothing/here");
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream logged = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                err.write(b);
                logged.write(b);
            }
        }, true));
        try {
            for (String path : spellings) {
                org.custodyledger.testing.RawHttp.Answer a = org.custodyledger.testing.RawHttp.exchange(service.port(),
                        "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close", null);
                assertTrue(a.status() >= 400 && a.status() < 500, path + " → " + a.status() + " " + a.body());
                assertFalse(a.body().contains(capability) || a.body().contains(capability.substring(1)), path + " → " + a.body());
                assertEquals("no-store", a.header("Cache-Control"), path + " → " + a.headers());
                assertEquals("no-referrer", a.header("Referrer-Policy"), path + " → " + a.headers());
            }
        } finally {
            System.setErr(err);
        }
        String log = logged.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(log.contains(capability.substring(1)), log);
        assertEquals(0, service.sql().count("SELECT count(*) FROM access_failures WHERE position('"
                + capability.substring(1) + "' in route) > 0"));
        assertEquals("/api/v1/shared/…", LoggedPaths.of("/api/v1/shared/" + capability));
        assertEquals("/api/v1/other/…/x", LoggedPaths.of("/api/v1/other/" + escaped + "/x"));
    }

    @Test
    void uploadedMarkupIsNeverRenderedOnTheServicesOriginButVideoStillPlaysInline() throws Exception {
        byte[] html = "<!DOCTYPE html><html><body><script>fetch('/api/v1/footage')</script></body></html>"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String page = upload(officer, html, "filename=evil.html");
        byte[] mp4 = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("src/test/resources/media/bodycam-nyc.mp4"));
        String video = upload(officer, mp4, "filename=clip.mp4");
        String capability = share(new JsonArray().add(page).add(video)).getString("capability");
        for (String path : List.of("/api/v1/footage/" + page + "/content?purpose=review",
                "/api/v1/shared/" + capability + "/footage/" + page + "/content")) {
            HttpResponse<byte[]> r = bytesOf(path.startsWith("/api/v1/shared") ? anonymous : reviewer, path, null);
            assertEquals(200, r.statusCode(), path);
            assertArrayEquals(html, r.body());
            assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElse(null), path);
            assertTrue(r.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment;"), path);
            assertEquals("sandbox; default-src 'none'", r.headers().firstValue("Content-Security-Policy").orElse(null), path);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), path);
        }
        HttpResponse<byte[]> played = bytesOf(anonymous, "/api/v1/shared/" + capability + "/footage/" + video + "/content",
                "bytes=0-99");
        assertEquals(206, played.statusCode());
        assertTrue(played.headers().firstValue("Content-Type").orElse("").startsWith("video/"), played.headers().toString());
        assertTrue(played.headers().firstValue("Content-Disposition").orElse("").startsWith("inline;"));
        assertEquals("sandbox; default-src 'none'", played.headers().firstValue("Content-Security-Policy").orElse(null));
        assertFalse(ContentSender.playable("image/svg+xml"));
        assertTrue(ContentSender.playable("image/jpeg"));
        assertFalse(ContentSender.playable("text/html; charset=UTF-8"));
    }

    @Test
    void aReviewerCannotForgeAShareAccessThroughTheEventsEndpoint() {
        String a = upload(officer, bytes(2000, 61), "filename=h.mp4");
        String shareId = share(new JsonArray().add(a)).getJsonObject("share").getString("id");
        String detail = problem(post(reviewer, "/api/v1/footage/" + a + "/events", new JsonObject().put("type", "VIEWED")
                .put("purpose", "looked").put("details", new JsonObject().put("via", "share").put("share", shareId))), 400);
        assertTrue(detail.contains("is recorded by the service itself"), detail);
        assertEquals(0, ofType(history(reviewer, a), "VIEWED").size());
    }
}
