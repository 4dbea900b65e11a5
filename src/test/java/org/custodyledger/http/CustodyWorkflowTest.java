package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.merkle.ProofResult;
import org.custodyledger.merkle.ProofVerifier;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.custodyledger.testing.Sql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.io.UncheckedIOException;
import java.nio.file.attribute.PosixFilePermissions;

/** The custody workflow through the API: access recorded before bytes, holds, retention, disposal, redactions. */
class CustodyWorkflowTest {
    @RegisterExtension
    static final RunningService service = new RunningService();
    static Sql sql;
    static Http officer;
    static Http otherOfficer;
    static Http reviewer;
    static Http oversight;
    static Http admin;

    @BeforeAll
    static void start() {
        sql = service.sql();
        officer = service.officer("officer-7");
        otherOfficer = service.officer("officer-8");
        reviewer = service.reviewer("det-ruiz");
        oversight = service.oversight("ombud-1");
        admin = service.admin("records-1");
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static JsonObject upload(Http as, byte[] body, String query) {
        HttpResponse<String> r = as.send(HttpRequest.newBuilder(as.uri("/api/v1/footage?" + query))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertEquals(201, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private static HttpResponse<String> post(Http as, String path, JsonObject body) {
        return as.send(HttpRequest.newBuilder(as.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    private static HttpResponse<String> put(Http as, String path, JsonObject body) {
        return as.send(HttpRequest.newBuilder(as.uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    private static void assertDetail(HttpResponse<String> refused, String detail) {
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(new JsonObject(refused.body()).getString("detail").contains(detail), refused.body());
    }

    private static HttpResponse<String> delete(Http as, String path) {
        return as.send(HttpRequest.newBuilder(as.uri(path)).DELETE());
    }

    private static HttpResponse<byte[]> content(Http as, String id, String query, String range) {
        HttpRequest.Builder req = HttpRequest.newBuilder(as.uri("/api/v1/footage/" + id + "/content?" + query)).GET();
        if (range != null) {
            req.header("Range", range);
        }
        return as.sendBytes(req);
    }

    private static List<JsonObject> history(Http as, String id) {
        HttpResponse<String> r = as.get("/api/v1/footage/" + id + "/history");
        assertEquals(200, r.statusCode(), r.body());
        List<JsonObject> events = new ArrayList<>();
        new JsonObject(r.body()).getJsonArray("items").forEach(o -> events.add((JsonObject) o));
        return events;
    }

    private static long count(List<JsonObject> events, String type) {
        return events.stream().filter(e -> type.equals(e.getString("type"))).count();
    }

    private static Path blobOf(String sha256) {
        return service.dataDir().resolve("blobs/sha256/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256);
    }

    @Test
    void viewingRecordsWhoAndWhyAndAPlayersRangeRequestsShareOneEvent() {
        byte[] video = bytes(200_000, 1);
        String id = upload(officer, video, "filename=stop.mp4&incident=INC-71").getString("id");

        // A player's typical pattern: open-ended first request, a seek, and the tail for the index.
        HttpResponse<byte[]> first = content(reviewer, id, "purpose=charging%20review", "bytes=0-");
        assertEquals(206, first.statusCode());
        assertArrayEquals(video, first.body());
        assertEquals("bytes 0-199999/200000", first.headers().firstValue("Content-Range").orElseThrow());
        assertEquals("bytes", first.headers().firstValue("Accept-Ranges").orElseThrow());
        assertEquals("sha-256=:" + Sha256Hasher.hash(video).base64() + ":",
                first.headers().firstValue("Repr-Digest").orElseThrow());
        String eventIndex = first.headers().firstValue(ContentHandler.EVENT_HEADER).orElseThrow();

        HttpResponse<byte[]> seek = content(reviewer, id, "purpose=charging%20review", "bytes=100000-100999");
        assertEquals(206, seek.statusCode());
        assertArrayEquals(Arrays.copyOfRange(video, 100_000, 101_000), seek.body());
        HttpResponse<byte[]> tail = content(reviewer, id, "purpose=charging%20review", "bytes=-500");
        assertEquals(206, tail.statusCode());
        assertArrayEquals(Arrays.copyOfRange(video, 199_500, 200_000), tail.body());
        assertEquals(eventIndex, seek.headers().firstValue(ContentHandler.EVENT_HEADER).orElseThrow());
        assertEquals(eventIndex, tail.headers().firstValue(ContentHandler.EVENT_HEADER).orElseThrow());

        List<JsonObject> events = history(oversight, id);
        assertEquals(1, count(events, "VIEWED"), events.toString());
        JsonObject viewed = events.stream().filter(e -> e.getString("type").equals("VIEWED")).findFirst().orElseThrow();
        assertEquals("det-ruiz", viewed.getString("actorId"));
        assertEquals("reviewer", viewed.getString("actorRole"));
        assertEquals("charging review", viewed.getString("purpose"));
        assertEquals(Long.parseLong(eventIndex), viewed.getLong("index"));
        assertEquals(Sha256Hasher.hash(video).hex(), viewed.getString("sha256"));

        // A download is an export: its own event, an attachment, the whole file.
        HttpResponse<byte[]> download = content(reviewer, id, "purpose=disclosure%20to%20defence&download=true", null);
        assertEquals(200, download.statusCode());
        assertArrayEquals(video, download.body());
        assertTrue(download.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment"));
        List<JsonObject> after = history(reviewer, id);
        assertEquals(1, count(after, "EXPORTED"));
        assertEquals("disclosure to defence", after.get(after.size() - 1).getString("purpose"));

        // The owner may view (one event of their own), not export.
        assertEquals(200, content(officer, id, "purpose=report%20writing", null).statusCode());
        assertEquals(403, content(officer, id, "purpose=copy&download=true", null).statusCode());
        assertEquals(2, count(history(officer, id), "VIEWED"));
    }

    @Test
    void contentNeedsAPurposeAndASatisfiableRange() {
        String id = upload(officer, bytes(1000, 2), "filename=a.mp4").getString("id");
        long before = sql.count("SELECT count(*) FROM log_entries");
        HttpResponse<byte[]> noPurpose = content(reviewer, id, "", null);
        assertEquals(400, noPurpose.statusCode());
        assertTrue(new String(noPurpose.body()).contains("purpose is required"));
        assertEquals(before, sql.count("SELECT count(*) FROM log_entries"));
        HttpResponse<byte[]> beyond = content(reviewer, id, "purpose=x", "bytes=5000-");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */1000", beyond.headers().firstValue("Content-Range").orElseThrow());
    }

    @Test
    void noEventNoBytes() {
        byte[] video = bytes(50_000, 3);
        String id = upload(officer, video, "filename=b.mp4").getString("id");
        // The database refuses VIEWED events (as a full disk or a failed commit would): nothing may be served.
        sql.refuseLogInserts("test_refuse_viewed", "NEW.event_type = 'VIEWED'");
        try {
            HttpResponse<byte[]> r = content(reviewer, id, "purpose=review", null);
            assertEquals(500, r.statusCode());
            assertEquals(Problems.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElseThrow());
            assertFalse(containsRun(r.body(), Arrays.copyOf(video, 64)), "footage bytes were served without an event");
            assertEquals(0, count(history(reviewer, id), "VIEWED"));
        } finally {
            sql.allowLogInserts("test_refuse_viewed");
        }
        assertEquals(200, content(reviewer, id, "purpose=review", null).statusCode());
    }

    @Test
    void aFileChangedOnDiskIsNeverServedAsTheRegisteredOneAndTheFailureIsRecorded() throws Exception {
        byte[] video = bytes(600_000, 41);
        String id = upload(officer, video, "filename=tampered.mp4").getString("id");
        assertEquals(200, content(reviewer, id, "purpose=before", null).statusCode());
        Path blob = blobOf(Sha256Hasher.hash(video).hex());
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-------"));
        byte[] changed = video.clone();
        changed[changed.length - 10] ^= 1;
        Files.write(blob, changed);

        // The whole file: the last block is withheld, so the client never sees a complete transfer.
        assertThrows(UncheckedIOException.class, () -> content(reviewer, id, "purpose=after", null),
                "a transfer of changed bytes must not end cleanly");
        // A range: refused before a byte leaves.
        HttpResponse<byte[]> range = content(reviewer, id, "purpose=after2", "bytes=0-99");
        assertEquals(500, range.statusCode());
        assertFalse(range.headers().firstValue(ReprDigest.HEADER).isPresent(), "nothing vouches for changed bytes");
        assertTrue(new String(range.body()).contains("no longer matches its registered SHA-256"));

        List<JsonObject> failed = history(reviewer, id).stream().filter(e -> "VERIFIED".equals(e.getString("type"))).toList();
        assertEquals(2, failed.size(), "each detection is a custody fact");
        JsonObject details = failed.get(0).getJsonObject("details");
        assertEquals("failed", details.getString("outcome"));
        assertEquals("file-hash", details.getString("failed"));
        assertEquals(Sha256Hasher.hash(changed).hex(), details.getString("actualSha256"));
        assertEquals("det-ruiz", failed.get(0).getString("actorId"));
    }

    @Test
    void anUnchangedFileIsServedInRangesAfterOneFullCheck() throws Exception {
        byte[] video = bytes(300_000, 42);
        String id = upload(officer, video, "filename=ranges.mp4").getString("id");
        HttpResponse<byte[]> first = content(reviewer, id, "purpose=play", "bytes=100-199");
        assertEquals(206, first.statusCode());
        assertArrayEquals(Arrays.copyOfRange(video, 100, 200), first.body());
        HttpResponse<byte[]> whole = content(reviewer, id, "purpose=play", null);
        assertEquals(200, whole.statusCode());
        assertArrayEquals(video, whole.body());
        assertEquals(String.valueOf(video.length), whole.headers().firstValue("Content-Length").orElseThrow());
    }

    @Test
    void anOfficerReSubmittingAnotherOfficersBytesLearnsNothingOfTheirRecord() throws Exception {
        byte[] video = bytes(5000, 43);
        JsonObject first = upload(officer, video, "filename=mine.mp4&incident=INC-SECRET&device=CAM-7&notes=witness%20named");
        HttpResponse<String> again = otherOfficer.send(HttpRequest.newBuilder(otherOfficer.uri(
                "/api/v1/footage?filename=copy.mp4")).POST(HttpRequest.BodyPublishers.ofByteArray(video)));
        assertEquals(200, again.statusCode(), again.body());
        JsonObject answer = new JsonObject(again.body());
        assertEquals(first.getString("id"), answer.getString("id"));
        for (String secret : List.of("INC-SECRET", "CAM-7", "witness named", "officer-7", "mine.mp4")) {
            assertFalse(again.body().contains(secret), "the answer discloses " + secret + ": " + again.body());
        }
        assertEquals("RESUBMITTED", answer.getJsonObject("event").getString("type"));
        assertEquals(403, otherOfficer.get("/api/v1/footage/" + first.getString("id")).statusCode());
        // The uploader re-submitting sees their own record in full.
        HttpResponse<String> own = officer.send(HttpRequest.newBuilder(officer.uri("/api/v1/footage?filename=mine.mp4"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(video)));
        assertEquals("INC-SECRET", new JsonObject(own.body()).getString("incident"));
    }

    @Test
    void oneOpenHoldPerMatter() {
        String id = upload(officer, bytes(3000, 44), "filename=held.mp4").getString("id");
        JsonObject hold = new JsonObject().put("reason", "suit").put("matter", "CV-1");
        HttpResponse<String> first = post(admin, "/api/v1/footage/" + id + "/holds", hold);
        assertEquals(201, first.statusCode(), first.body());
        HttpResponse<String> twice = post(admin, "/api/v1/footage/" + id + "/holds", hold);
        assertEquals(409, twice.statusCode(), twice.body());
        String holdId = new JsonObject(first.body()).getJsonObject("hold").getString("id");
        assertTrue(new JsonObject(twice.body()).getString("detail").contains(holdId), twice.body());
        assertEquals(201, post(admin, "/api/v1/footage/" + id + "/holds", new JsonObject().put("reason", "other")
                .put("matter", "CV-2")).statusCode());
        assertEquals(200, post(admin, "/api/v1/footage/" + id + "/holds/" + holdId + "/release",
                new JsonObject().put("reason", "settled")).statusCode());
        assertEquals(201, post(admin, "/api/v1/footage/" + id + "/holds", hold).statusCode(),
                "once released, the matter may be held again");
    }

    private static boolean containsRun(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void hashOnlyFootageHasNoContentToServe() {
        HttpResponse<String> r = post(officer, "/api/v1/footage/by-hash", new JsonObject()
                .put("sha256", Sha256Hasher.hash(bytes(10, 4)).hex()).put("size", 10).put("filename", "dock.mp4")
                .put("storageLocation", "evidence NAS 3"));
        String id = new JsonObject(r.body()).getString("id");
        HttpResponse<byte[]> c = content(reviewer, id, "purpose=review", null);
        assertEquals(409, c.statusCode());
        assertTrue(new String(c.body()).contains("evidence NAS 3"));
    }

    @Test
    void customEventsAreValidatedAndTheServerFillsWhoWhenAndTheHash() {
        byte[] video = bytes(3000, 5);
        JsonObject registered = upload(officer, video, "filename=c.mp4");
        String id = registered.getString("id");
        String events = "/api/v1/footage/" + id + "/events";
        HttpResponse<String> transfer = post(reviewer, events, new JsonObject().put("type", "TRANSFERRED")
                .put("purpose", "court exhibit").put("location", "Courtroom 4B")
                .put("details", new JsonObject().put("to", "Clerk of Court, County Superior Court")));
        assertEquals(201, transfer.statusCode(), transfer.body());
        JsonObject event = new JsonObject(transfer.body()).getJsonObject("event");
        assertEquals("det-ruiz", event.getString("actorId"));
        assertEquals("reviewer", event.getString("actorRole"));
        assertEquals(Sha256Hasher.hash(video).hex(), event.getString("sha256"));
        assertEquals("Courtroom 4B", event.getString("location"));
        assertEquals(registered.getJsonObject("event").getLong("index"), event.getLong("prev"),
                "linked to the footage's REGISTERED event");

        String[][] refused = {
                {"{\"type\":\"TRANSFERRED\",\"purpose\":\"x\"}", "400", "details.to"},
                {"{\"type\":\"SHARED\",\"purpose\":\"x\",\"details\":{}}", "400", "details.recipient"},
                {"{\"type\":\"SHARED\",\"purpose\":\"x\",\"details\":{\"recipient\":\"DA\",\"expiresAt\":\"soon\"}}", "400",
                        "details.expiresAt"},
                {"{\"type\":\"VIEWED\"}", "400", "purpose is required for VIEWED"},
                {"{\"type\":\"FILMED\"}", "400", "type must be one of"},
                {"{\"type\":\"ANNOTATED\",\"details\":{\"note\":\"x\"},\"actorId\":\"someone-else\"}", "400",
                        "unknown field 'actorId'"},
                {"{\"type\":\"ANNOTATED\",\"details\":{\"note\":7}}", "400", "details.note must be a string"},
                {"{\"type\":\"DISPOSED\",\"purpose\":\"x\"}", "403", "use DELETE on the footage"},
                {"{\"type\":\"REGISTERED\"}", "403", "may not record REGISTERED"},
                {"[1,2]", "400", "must be a JSON object"},
        };
        for (String[] c : refused) {
            HttpResponse<String> r = reviewer.send(HttpRequest.newBuilder(reviewer.uri(events))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(c[0])));
            assertEquals(Integer.parseInt(c[1]), r.statusCode(), c[0] + " → " + r.body());
            assertTrue(new JsonObject(r.body()).getString("detail").contains(c[2]), c[0] + " → " + r.body());
        }
        HttpResponse<String> share = post(reviewer, events, new JsonObject().put("type", "SHARED").put("purpose", "discovery")
                .put("details", new JsonObject().put("recipient", "Public Defender").put("expiresAt", "2027-01-01T00:00:00+01:00")));
        assertEquals(201, share.statusCode(), share.body());
        assertEquals("2026-12-31T23:00:00.000Z", new JsonObject(share.body()).getJsonObject("event")
                .getJsonObject("details").getString("expiresAt"));
        // An officer annotates their own footage, but records nothing else.
        assertEquals(201, post(officer, events, new JsonObject().put("type", "ANNOTATED")
                .put("details", new JsonObject().put("note", "suspect exits vehicle at 02:13"))).statusCode());
        assertEquals(403, post(officer, events, new JsonObject().put("type", "EXPORTED").put("purpose", "x")).statusCode());
        List<JsonObject> h = history(officer, id);
        assertEquals(List.of("REGISTERED", "TRANSFERRED", "SHARED", "ANNOTATED"), h.stream().map(e -> e.getString("type")).toList());
        for (int i = 1; i < h.size(); i++) {
            assertEquals(h.get(i - 1).getLong("index"), h.get(i).getLong("prev"), "history is a linked chain");
        }
    }

    @Test
    void historyIsPaginated() {
        String id = upload(officer, bytes(100, 6), "filename=d.mp4").getString("id");
        for (int i = 0; i < 5; i++) {
            assertEquals(201, post(reviewer, "/api/v1/footage/" + id + "/events", new JsonObject().put("type", "ANNOTATED")
                    .put("details", new JsonObject().put("note", "n" + i))).statusCode());
        }
        JsonObject page1 = new JsonObject(reviewer.get("/api/v1/footage/" + id + "/history?limit=4").body());
        assertEquals(4, page1.getJsonArray("items").size());
        JsonObject page2 = new JsonObject(reviewer.get("/api/v1/footage/" + id + "/history?limit=4&cursor="
                + page1.getString("nextCursor")).body());
        assertEquals(2, page2.getJsonArray("items").size());
        assertNull(page2.getString("nextCursor"));
        assertEquals(400, reviewer.get("/api/v1/footage/" + id + "/history?cursor=abc").statusCode());
        assertEquals(400, reviewer.get("/api/v1/footage/" + id + "/history?limit=0").statusCode());
    }

    @Test
    void disposalWaitsForEveryHoldAndTheRetentionDateThenKeepsTheHistoryAndEveryProof() throws Exception {
        byte[] video = bytes(4096, 7);
        JsonObject registered = upload(officer, video, "filename=e.mp4&incident=INC-99");
        String id = registered.getString("id");
        Path blob = blobOf(Sha256Hasher.hash(video).hex());
        assertTrue(Files.exists(blob));
        JsonObject oldProof = registered.getJsonObject("inclusionProof");

        HttpResponse<String> hold1 = post(admin, "/api/v1/footage/" + id + "/holds", new JsonObject()
                .put("reason", "civil suit filed").put("matter", "CV-2026-113"));
        assertEquals(201, hold1.statusCode(), hold1.body());
        String holdId = new JsonObject(hold1.body()).getJsonObject("hold").getString("id");
        HttpResponse<String> hold2 = post(admin, "/api/v1/footage/" + id + "/holds", new JsonObject()
                .put("reason", "internal affairs").put("matter", "IA-7"));
        String hold2Id = new JsonObject(hold2.body()).getJsonObject("hold").getString("id");
        assertTrue(new JsonObject(reviewer.get("/api/v1/footage/" + id).body()).getBoolean("onHold"));

        HttpResponse<String> refused = delete(admin, "/api/v1/footage/" + id + "?purpose=schedule");
        assertEquals(409, refused.statusCode());
        assertTrue(new JsonObject(refused.body()).getString("detail").contains(holdId), refused.body());
        assertTrue(Files.exists(blob), "the blob survives a refused disposal");
        assertEquals(400, delete(admin, "/api/v1/footage/" + id).statusCode(), "disposal needs a purpose");

        assertEquals(200, post(admin, "/api/v1/footage/" + id + "/holds/" + holdId + "/release",
                new JsonObject().put("reason", "settled")).statusCode());
        assertEquals(409, post(admin, "/api/v1/footage/" + id + "/holds/" + holdId + "/release",
                new JsonObject().put("reason", "again")).statusCode(), "a hold is released once");
        HttpResponse<String> stillHeld = delete(admin, "/api/v1/footage/" + id + "?purpose=schedule");
        assertEquals(409, stillHeld.statusCode());
        assertTrue(stillHeld.body().contains(hold2Id) && !stillHeld.body().contains(holdId), stillHeld.body());
        assertEquals(200, post(admin, "/api/v1/footage/" + id + "/holds/" + hold2Id + "/release",
                new JsonObject().put("reason", "closed")).statusCode());

        assertEquals(200, put(admin, "/api/v1/footage/" + id + "/retention", new JsonObject()
                .put("retainUntil", "2099-01-01T00:00:00Z").put("purpose", "homicide: retain")).statusCode());
        HttpResponse<String> retained = delete(admin, "/api/v1/footage/" + id + "?purpose=schedule");
        assertEquals(409, retained.statusCode());
        assertTrue(retained.body().contains("retained until 2099-01-01T00:00:00.000Z"), retained.body());
        assertEquals(400, put(admin, "/api/v1/footage/" + id + "/retention", new JsonObject()
                .put("retainUntil", "next year").put("purpose", "x")).statusCode());
        // A body with two faults names the field of the wrong type first, whatever the other one lacks.
        assertDetail(put(admin, "/api/v1/footage/" + id + "/retention", new JsonObject().put("retainUntil", "next year")
                .put("purpose", 42)), "purpose must be a string");
        assertDetail(put(admin, "/api/v1/footage/" + id + "/retention", new JsonObject().put("purpose", 42)),
                "purpose must be a string");
        assertDetail(post(admin, "/api/v1/footage/" + id + "/holds", new JsonObject().put("reason", "").put("matter", 7)),
                "matter must be a string");
        assertEquals(200, put(admin, "/api/v1/footage/" + id + "/retention", new JsonObject()
                .put("retainUntil", "2020-01-01T00:00:00Z").put("purpose", "reclassified: misdemeanour")).statusCode());

        HttpResponse<String> disposed = delete(admin, "/api/v1/footage/" + id + "?purpose=retention%20period%20ended");
        assertEquals(200, disposed.statusCode(), disposed.body());
        assertFalse(Files.exists(blob), "disposal deletes the bytes");
        JsonObject tombstone = new JsonObject(reviewer.get("/api/v1/footage/" + id).body());
        assertFalse(tombstone.getBoolean("held"));
        assertTrue(tombstone.containsKey("disposedAt"));
        assertEquals(410, content(reviewer, id, "purpose=review", null).statusCode());
        assertEquals(409, delete(admin, "/api/v1/footage/" + id + "?purpose=again").statusCode());
        assertEquals(410, post(reviewer, "/api/v1/footage/" + id + "/events", new JsonObject().put("type", "ANNOTATED")
                .put("details", new JsonObject().put("note", "late"))).statusCode());
        // The same bytes cannot bring a disposed record back.
        HttpResponse<String> again = officer.send(HttpRequest.newBuilder(officer.uri("/api/v1/footage?filename=e.mp4"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(video)));
        assertEquals(409, again.statusCode(), again.body());
        assertFalse(Files.exists(blob), "the refused re-upload left no blob");

        List<String> types = history(oversight, id).stream().map(e -> e.getString("type")).toList();
        assertEquals(List.of("REGISTERED", "HOLD_PLACED", "HOLD_PLACED", "HOLD_RELEASED", "HOLD_RELEASED", "RETENTION_SET",
                "RETENTION_SET", "DISPOSED"), types);

        // The REGISTERED event's proof still verifies against today's checkpoint, and the old tree is a prefix of it.
        Checkpoint now = Checkpoint.parse(service.http().get("/api/v1/ledger/checkpoint").body().split("\n\n")[0] + "\n");
        long index = oldProof.getLong("index");
        JsonObject fresh = new JsonObject(service.http().get("/api/v1/ledger/proof/inclusion?index=" + index
                + "&treeSize=" + now.size()).body());
        assertEquals(oldProof.getString("leafHash"), fresh.getString("leafHash"));
        assertInstanceOf(ProofResult.Valid.class, ProofVerifier.verifyInclusion(index, now.size(),
                b64(fresh.getString("leafHash")), hashes(fresh.getJsonArray("hashes")), now.root()));
        Checkpoint old = Checkpoint.parse(registered.getString("checkpoint").split("\n\n")[0] + "\n");
        assertInstanceOf(ProofResult.Valid.class, ProofVerifier.verifyInclusion(index, old.size(),
                b64(oldProof.getString("leafHash")), hashes(oldProof.getJsonArray("hashes")), old.root()));
        JsonObject consistency = new JsonObject(service.http().get("/api/v1/ledger/proof/consistency?from="
                + old.size() + "&to=" + now.size()).body());
        assertInstanceOf(ProofResult.Valid.class, ProofVerifier.verifyConsistency(old.size(), now.size(),
                hashes(consistency.getJsonArray("hashes")), old.root(), now.root()));
    }

    @Test
    void holdAndReleaseValidation() {
        String id = upload(officer, bytes(64, 8), "filename=f.mp4").getString("id");
        assertEquals(400, post(admin, "/api/v1/footage/" + id + "/holds", new JsonObject()).statusCode(), "reason needed");
        assertEquals(404, post(admin, "/api/v1/footage/" + id + "/holds/h-00000000000000000000000000000000/release",
                new JsonObject().put("reason", "x")).statusCode());
        assertEquals(404, post(admin, "/api/v1/footage/f-00000000000000000000000000000000/holds",
                new JsonObject().put("reason", "x")).statusCode());
        assertEquals(400, post(admin, "/api/v1/footage/not-an-id/holds", new JsonObject().put("reason", "x")).statusCode());
    }

    @Test
    void aRedactedCopyAndItsOriginalLinkBothWays() {
        byte[] original = bytes(5000, 9);
        byte[] redacted = bytes(4800, 10);
        String originalId = upload(officer, original, "filename=raw.mp4&incident=INC-5").getString("id");
        JsonObject copy = upload(reviewer, redacted, "filename=raw-redacted.mp4&incident=INC-5&derivedFrom=" + originalId);
        String copyId = copy.getString("id");
        assertEquals(originalId, copy.getString("derivedFrom"));
        JsonObject registeredEvent = copy.getJsonObject("event");
        assertEquals(originalId, registeredEvent.getJsonObject("details").getString("derivedFrom"));
        assertEquals(Sha256Hasher.hash(original).hex(), registeredEvent.getJsonObject("details").getString("derivedFromSha256"));

        List<JsonObject> originalHistory = history(reviewer, originalId);
        JsonObject redactedEvent = originalHistory.stream()
                .filter(e -> e.getString("type").equals("REDACTED")).findFirst().orElseThrow();
        // The batch looks up the original's last event but not the copy's: the copy is new.
        assertEquals(originalHistory.get(originalHistory.indexOf(redactedEvent) - 1).getLong("index"),
                redactedEvent.getLong("prev"), "the original's chain runs on through its redaction");
        assertNull(registeredEvent.getValue("prev"), "a new copy's first event links to nothing");
        assertEquals(copyId, redactedEvent.getJsonObject("details").getString("derivative"));
        assertEquals(Sha256Hasher.hash(redacted).hex(), redactedEvent.getJsonObject("details").getString("derivativeSha256"));
        assertEquals(registeredEvent.getLong("index") + 1, redactedEvent.getLong("index"), "appended together, atomically");

        // Only a reviewer derives copies, only from footage that exists, and only new bytes.
        HttpResponse<String> byOfficer = officer.send(HttpRequest.newBuilder(officer.uri("/api/v1/footage?filename=x.mp4&derivedFrom="
                + originalId)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes(100, 11))));
        assertEquals(403, byOfficer.statusCode());
        HttpResponse<String> unknown = reviewer.send(HttpRequest.newBuilder(reviewer.uri("/api/v1/footage?filename=x.mp4"
                + "&derivedFrom=f-00000000000000000000000000000000")).POST(HttpRequest.BodyPublishers.ofByteArray(bytes(100, 12))));
        assertEquals(404, unknown.statusCode());
        HttpResponse<String> same = reviewer.send(HttpRequest.newBuilder(reviewer.uri("/api/v1/footage?filename=x.mp4"
                + "&derivedFrom=" + originalId)).POST(HttpRequest.BodyPublishers.ofByteArray(original)));
        assertEquals(409, same.statusCode());
    }

    @Test
    void anOfficerSeesOnlyTheirOwnFootageAndRefusalsAreAudited() {
        String mine = upload(officer, bytes(300, 13), "filename=mine.mp4&incident=INC-OWN").getString("id");
        String theirs = upload(otherOfficer, bytes(300, 14), "filename=theirs.mp4&incident=INC-OWN").getString("id");
        assertEquals(200, officer.get("/api/v1/footage/" + mine).statusCode());
        assertEquals(403, officer.get("/api/v1/footage/" + theirs).statusCode());
        assertEquals(403, officer.get("/api/v1/footage/" + theirs + "/history").statusCode());
        assertEquals(403, content(officer, theirs, "purpose=curious", null).statusCode());
        JsonArray search = new JsonObject(officer.get("/api/v1/footage?incident=INC-OWN").body()).getJsonArray("items");
        assertEquals(List.of(mine), search.stream().map(o -> ((JsonObject) o).getString("id")).toList());
        assertEquals(2, new JsonObject(reviewer.get("/api/v1/footage?incident=INC-OWN").body()).getJsonArray("items").size());

        JsonArray failures = new JsonObject(oversight.get("/api/v1/audit/access-failures?limit=1000").body())
                .getJsonArray("items");
        List<JsonObject> mineRefused = failures.stream().map(o -> (JsonObject) o)
                .filter(f -> "officer-7".equals(f.getString("actorId")) && f.getString("route").contains(theirs)).toList();
        assertEquals(3, mineRefused.size(), failures.encodePrettily());
        assertEquals(403, mineRefused.get(0).getInteger("status"));
        assertEquals("GET", mineRefused.get(0).getString("method"));

        HttpResponse<String> anonymous = service.http().get("/api/v1/footage/" + theirs);
        assertEquals(401, anonymous.statusCode());
        JsonArray after = new JsonObject(admin.get("/api/v1/audit/access-failures?limit=1000").body()).getJsonArray("items");
        JsonObject last = after.getJsonObject(after.size() - 1);
        assertEquals(401, last.getInteger("status"));
        assertFalse(last.containsKey("actorId"));
    }

    @Test
    void theDatabaseKeepsHoldsAndTheAccessAuditAppendOnly() {
        String id = upload(officer, bytes(64, 15), "filename=g.mp4").getString("id");
        assertEquals(201, post(admin, "/api/v1/footage/" + id + "/holds", new JsonObject().put("reason", "x")).statusCode());
        service.http().get("/api/v1/footage/" + id);
        for (String statement : List.of("UPDATE legal_holds SET reason = 'rewritten'", "DELETE FROM legal_holds",
                "DELETE FROM access_failures", "UPDATE access_failures SET actor_id = 'nobody'", "TRUNCATE access_failures",
                "DELETE FROM footage")) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> sql.run(statement), statement);
            assertTrue(Stream.of("append-only", "may only be released").anyMatch(e.getMessage()::contains),
                    statement + ": " + e.getMessage());
        }
    }

    private static byte[] b64(String s) {
        return Base64.getDecoder().decode(s);
    }

    private static List<byte[]> hashes(JsonArray a) {
        List<byte[]> list = new ArrayList<>();
        a.forEach(h -> list.add(b64((String) h)));
        return list;
    }
}
