package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.custodyledger.config.AppConfig;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.testing.Audits;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.custodyledger.testing.Sql;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Complaints end to end: receipts that verify offline, footage preserved at intake and at registration, the investigation. */
class ComplaintApiTest {
    @RegisterExtension
    static final RunningService service = new RunningService((dir, db) -> AppConfig.builder(dir).dbUrl(db)
            .complaints(new AppConfig.Complaints(Duration.ofMinutes(30), 90, 10_000, 10_000)).build());
    static Sql sql;
    static Http publicClient;
    static Http officer;
    static Http reviewer;
    static Http oversight;
    static Http admin;
    private static final Random RANDOM = new Random(17);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sql = service.sql();
        publicClient = service.http();
        officer = service.officer("officer-4711");
        reviewer = service.reviewer("det-ruiz");
        oversight = service.oversight("ombud-1");
        admin = service.admin("records-1");
    }

    /** Registers a hash-only footage record (no bytes needed) as {@code as}; answers its id. */
    private static String footage(Http as, String incident, String recordedAt, Double lat, Double lon) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        JsonObject reg = new JsonObject().put("sha256", Sha256Digest.of(b).hex()).put("size", 1000).put("filename", "cam.mp4")
                .put("recordedAt", recordedAt);
        if (incident != null) {
            reg.put("incident", incident);
        }
        if (lat != null) {
            reg.put("metadata", new JsonObject().put("location", new JsonObject().put("lat", lat).put("lon", lon)));
        }
        HttpResponse<String> r = post(as, "/api/v1/footage/by-hash", reg);
        assertEquals(201, r.statusCode(), r.body());
        return new JsonObject(r.body()).getString("id");
    }

    private static HttpResponse<String> post(Http as, String path, JsonObject body) {
        return as.send(HttpRequest.newBuilder(as.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    private static JsonObject complaint(String from, String to) {
        return new JsonObject().put("category", "use-of-force").put("occurredFrom", from).put("occurredTo", to)
                .put("description", "An officer pushed me to the ground outside the bakery.\nI want this looked at.");
    }

    private static JsonObject submit(Http as, JsonObject complaint) {
        HttpResponse<String> r = post(as, "/api/v1/complaints", complaint);
        assertEquals(201, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private Path keyFile() throws Exception {
        Path keys = dir.resolve("log.key");
        Files.writeString(keys, publicClient.get("/api/v1/ledger/key").body());
        return keys;
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aPublicComplaintGetsAReceiptThatVerifiesOfflineAndFailsWhenOneByteChanges() throws Exception {
        // A tree of more than one leaf, so the receipt's inclusion proof has hashes to tamper with.
        footage(officer, "INC-BEFORE-RECEIPT", "2026-02-01T10:00:00Z", null, null);
        JsonObject answer = submit(publicClient, complaint("2026-03-01T10:00:00Z", "2026-03-01T10:30:00Z")
                .put("place", "Bakery on Market Street").put("contact", "jo@example.org"));
        String id = answer.getString("complaintId");
        assertTrue(id.matches("c-[0-9a-f]{32}"), id);
        assertTrue(answer.getString("receiptSecret").length() >= 43, "at least 256 bits, base64url");
        JsonObject receipt = answer.getJsonObject("receipt");
        JsonObject event = answer.getJsonObject("event");
        assertEquals("COMPLAINT_RECEIVED", event.getString("type"));
        assertEquals(id, event.getString("complaintId"));
        assertFalse(event.containsKey("footageId"));
        assertEquals("public", event.getString("actorId"));
        assertEquals("public", event.getString("actorRole"));
        assertEquals("use-of-force", event.getJsonObject("details").getString("category"));
        assertEquals("0", event.getJsonObject("details").getString("footageMatched"));
        assertEquals(receipt.getString("commitment"), event.getJsonObject("details").getString("commitment"));
        assertTrue(receipt.getString("content").contains("jo@example.org"), "the content the complainant keeps is theirs");

        Path keys = keyFile();
        Cli.Result ok = Cli.run("verify-receipt", write("receipt.json", answer.encodePrettily()).toString(),
                "--key-file", keys.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("VERIFIED"), ok.out());

        // The key file says the log key was revoked from the receipt's index: the receipt no longer verifies.
        String line = Files.readString(keys).lines().findFirst().orElseThrow();
        long index = receipt.getLong("index");
        Path revokedKeys = write("revoked.key", line + " revoked-from=" + index + "\n");
        Cli.Result revoked = Cli.run("verify-receipt", write("receipt-revoked.json", answer.encodePrettily()).toString(),
                "--key-file", revokedKeys.toString());
        assertEquals(1, revoked.exit(), revoked.out() + revoked.err());
        assertTrue(revoked.out().contains("is revoked from " + index + " (key file): not trusted for entry " + index),
                revoked.out());
        Path laterRevocation = write("later.key", line + " revoked-from=" + (index + 1) + "\n");
        assertEquals(0, Cli.run("verify-receipt", write("receipt-later.json", answer.encodePrettily()).toString(),
                "--key-file", laterRevocation.toString()).exit(), "a revocation after its index leaves the receipt's entry");

        // One byte of the content changed: the commitment no longer matches.
        JsonObject changed = receipt.copy().put("content", receipt.getString("content").replace("pushed", "pushes"));
        Cli.Result badContent = Cli.run("verify-receipt", write("content.json", changed.encode()).toString(),
                "--key-file", keys.toString());
        assertEquals(1, badContent.exit(), badContent.out());
        assertTrue(badContent.out().contains("FAIL  commitment"), badContent.out());

        // One byte of the salt changed: the same.
        byte[] salt = Base64.getDecoder().decode(receipt.getString("salt"));
        salt[0] ^= 1;
        Cli.Result badSalt = Cli.run("verify-receipt", write("salt.json", receipt.copy()
                .put("salt", Base64.getEncoder().encodeToString(salt)).encode()).toString(), "--key-file", keys.toString());
        assertEquals(1, badSalt.exit(), badSalt.out());

        // One byte of the inclusion proof changed: inclusion fails.
        JsonArray proof = receipt.getJsonArray("inclusionProof");
        assertFalse(proof.isEmpty(), "the receipt's event is not alone in its tree");
        {
            byte[] h = Base64.getDecoder().decode(proof.getString(0));
            h[31] ^= 1;
            JsonArray tampered = proof.copy();
            tampered.set(0, Base64.getEncoder().encodeToString(h));
            Cli.Result badProof = Cli.run("verify-receipt", write("proof.json", receipt.copy()
                    .put("inclusionProof", tampered).encode()).toString(), "--key-file", keys.toString());
            assertEquals(1, badProof.exit(), badProof.out());
            assertTrue(badProof.out().contains("FAIL  inclusion@"), badProof.out());
        }

        // A changed leaf byte (the commitment inside the signed event) breaks the signature.
        String leaf = new String(Base64.getDecoder().decode(receipt.getString("leaf")), StandardCharsets.UTF_8);
        String forged = leaf.replace("\"category\":\"use-of-force\"", "\"category\":\"use-of-forcf\"");
        assertNotEquals(leaf, forged);
        Cli.Result badLeaf = Cli.run("verify-receipt", write("leaf.json", receipt.copy().put("leaf",
                Base64.getEncoder().encodeToString(forged.getBytes(StandardCharsets.UTF_8))).encode()).toString(),
                "--key-file", keys.toString());
        assertEquals(1, badLeaf.exit(), badLeaf.out());

        // Without a trusted key there is nothing to verify against.
        assertEquals(2, Cli.run("verify-receipt", dir.resolve("receipt.json").toString()).exit());

        // Later: the log grew; a later checkpoint and the consistency proof still hold the receipt.
        footage(officer, "INC-LATER", "2026-03-02T10:00:00Z", null, null);
        String later = publicClient.get("/api/v1/ledger/checkpoint").body();
        long from = answer.getJsonObject("inclusionProof").getLong("treeSize");
        long to = Long.parseLong(later.split("\n")[1]);
        String consistency = publicClient.get("/api/v1/ledger/proof/consistency?from=" + from + "&to=" + to).body();
        Cli.Result withLater = Cli.run("verify-receipt", dir.resolve("receipt.json").toString(), "--key-file", keys.toString(),
                "--checkpoint", write("later.note", later).toString(), "--consistency-proof",
                write("consistency.json", consistency).toString());
        assertEquals(0, withLater.exit(), withLater.out() + withLater.err());
        assertTrue(withLater.out().contains("consistency@" + from + "-" + to), withLater.out());

        // The key revoked from the receipt's tree size: the receipt holds, but not the later, larger checkpoint it signed.
        Path revokedFromTree = write("revoked-from-tree.key", line + " revoked-from=" + from + "\n");
        Cli.Result laterRevoked = Cli.run("verify-receipt", dir.resolve("receipt.json").toString(), "--key-file",
                revokedFromTree.toString(), "--checkpoint", write("later.note", later).toString(), "--consistency-proof",
                write("consistency.json", consistency).toString());
        assertEquals(1, laterRevoked.exit(), laterRevoked.out() + laterRevoked.err());
        assertTrue(laterRevoked.out().contains("later-checkpoint-signature") && laterRevoked.out().contains("size " + to
                + " signed by " + line.split("\\+")[0]) && laterRevoked.out().contains(", revoked from " + from
                + " (key file): not trusted for checkpoints of trees larger than " + from), laterRevoked.out());
        assertFalse(laterRevoked.out().contains("FAIL  checkpoint-signature"), laterRevoked.out());
    }

    @Test
    void aReceiptNamesItsLogItsCategoryAndItsBytesExactlyAndOnlyTheLogsKeyVerifiesIt() throws Exception {
        footage(officer, "INC-RECEIPT-2", "2026-02-02T10:00:00Z", null, null);
        JsonObject a = submit(publicClient, complaint("2026-03-05T10:00:00Z", "2026-03-05T10:30:00Z").put("place", "A"))
                .getJsonObject("receipt");
        JsonObject b = submit(publicClient, complaint("2026-03-05T10:00:00Z", "2026-03-05T10:30:00Z").put("place", "B")
                .put("category", "discourtesy")).getJsonObject("receipt");
        Path keys = keyFile();
        assertEquals(0, Cli.run("verify-receipt", write("a.json", a.encode()).toString(), "--key-file", keys.toString()).exit());

        Cli.Result origin = Cli.run("verify-receipt", write("origin.json", a.copy().put("logOrigin", "elsewhere.example/log")
                .encode()).toString(), "--key-file", keys.toString());
        assertEquals(1, origin.exit(), origin.out());
        assertTrue(origin.out().contains("FAIL  log-origin"), origin.out());

        // The same salt bytes spelt without their padding: decodes alike, but is not the receipt's spelling.
        Cli.Result unpadded = Cli.run("verify-receipt", write("unpadded.json", a.copy().put("salt",
                a.getString("salt").replace("=", "")).encode()).toString(), "--key-file", keys.toString());
        assertNotEquals(0, unpadded.exit(), unpadded.out());
        assertTrue((unpadded.out() + unpadded.err()).contains("not canonical base64"), unpadded.out() + unpadded.err());

        // A's receipt with B's content, salt and commitment (B's own, so the commitment holds): A's event does not carry it.
        Cli.Result swapped = Cli.run("verify-receipt", write("swapped.json", a.copy().put("content", b.getString("content"))
                .put("salt", b.getString("salt")).put("commitment", b.getString("commitment")).encode()).toString(),
                "--key-file", keys.toString());
        assertEquals(1, swapped.exit(), swapped.out());

        // A well-formed key of the same name that is not the log's.
        java.security.KeyPair other = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] x509 = other.getPublic().getEncoded();
        byte[] pub = java.util.Arrays.copyOfRange(x509, x509.length - 32, x509.length);
        String name = a.getString("logOrigin");
        java.io.ByteArrayOutputStream idInput = new java.io.ByteArrayOutputStream();
        idInput.write(name.getBytes(StandardCharsets.UTF_8));
        idInput.write(new byte[] {0x0A, 0x01});
        idInput.write(pub);
        byte[] id = java.security.MessageDigest.getInstance("SHA-256").digest(idInput.toByteArray());
        byte[] typed = new byte[33];
        typed[0] = 0x01;
        System.arraycopy(pub, 0, typed, 1, 32);
        String wrongKey = name + "+" + java.util.HexFormat.of().formatHex(id, 0, 4) + "+"
                + Base64.getEncoder().encodeToString(typed) + "\n";
        Cli.Result wrong = Cli.run("verify-receipt", dir.resolve("a.json").toString(), "--key-file",
                write("wrong.key", wrongKey).toString());
        assertEquals(1, wrong.exit(), wrong.out() + wrong.err());
    }

    @Test
    void matchingFootageIsHeldInTheSameTransactionAndThenCannotBeDisposed() {
        String sameIncident = footage(officer, "INC-C-100", "2025-01-01T00:00:00Z", null, null);
        String inWindowNear = footage(officer, null, "2026-04-01T12:10:00Z", 51.5007, -0.1246);
        String inWindowFar = footage(officer, null, "2026-04-01T12:10:00Z", 48.8584, 2.2945);
        String inWindowFarNamed = footage(service.officer("badge-221"), null, "2026-04-01T12:20:00Z", 48.8584, 2.2945);
        String inWindowNoLocation = footage(officer, null, "2026-04-01T11:45:00Z", null, null);
        String outOfWindow = footage(officer, null, "2026-04-01T16:00:00Z", 51.5007, -0.1246);

        JsonObject answer = submit(publicClient, complaint("2026-04-01T12:00:00Z", "2026-04-01T12:30:00Z")
                .put("incident", "INC-C-100").put("officers", new JsonArray().add("badge-221"))
                .put("location", new JsonObject().put("lat", 51.5010).put("lon", -0.1240).put("radiusM", 200)));
        String id = answer.getString("complaintId");
        long receivedAt = answer.getJsonObject("event").getLong("index");
        long treeSize = answer.getJsonObject("inclusionProof").getLong("treeSize");

        JsonObject read = new JsonObject(oversight.get("/api/v1/complaints/" + id).body());
        List<String> matched = new ArrayList<>();
        read.getJsonArray("matches").forEach(m -> matched.add(((JsonObject) m).getString("footageId")));
        assertEquals(List.of(sameIncident, inWindowNear, inWindowFarNamed, inWindowNoLocation).stream().sorted().toList(),
                matched.stream().sorted().toList(), read.encodePrettily());
        assertFalse(matched.contains(inWindowFar));
        assertFalse(matched.contains(outOfWindow));
        assertEquals("4", answer.getJsonObject("event").getJsonObject("details").getString("footageMatched"));

        // Each hold's event follows the complaint's at the next indexes, under the checkpoint the intake answered with:
        // one batch, one transaction.
        for (String f : matched) {
            Row hold = sql.run("SELECT e.idx, h.matter, h.placed_by FROM legal_holds h JOIN log_entries e"
                    + " ON e.footage_id = h.footage_id AND e.event_type = 'HOLD_PLACED' WHERE h.footage_id = '" + f + "'")
                    .iterator().next();
            assertEquals(id, hold.getString("matter"));
            assertEquals("system", hold.getString("placed_by"));
            assertTrue(hold.getLong("idx") > receivedAt && hold.getLong("idx") < treeSize, "in the intake's batch");
        }

        HttpResponse<String> refused = admin.send(HttpRequest.newBuilder(admin.uri("/api/v1/footage/" + inWindowNear
                + "?purpose=routine%20disposal")).DELETE());
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(new JsonObject(refused.body()).getString("detail").contains(id), refused.body());
    }

    @Test
    void oversightExportsOneBundleCoveringEveryMatchedFootageAndEachVerifiesOffline() throws Exception {
        String a = footage(officer, "INC-BUNDLE-1", "2026-10-01T09:00:00Z", null, null);
        String b = footage(officer, "INC-BUNDLE-1", "2026-10-01T09:05:00Z", null, null);
        String id = submit(publicClient, complaint("2026-10-01T08:50:00Z", "2026-10-01T09:10:00Z")
                .put("incident", "INC-BUNDLE-1").put("place", "Harbour Road")).getString("complaintId");
        HttpResponse<String> r = oversight.get("/api/v1/complaints/" + id + "/bundle?purpose=ombudsman%20review");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject bundle = new JsonObject(r.body());
        assertEquals("custody-ledger-bundle-set", bundle.getString("format"));
        assertEquals(new JsonObject().put("complaint", id), bundle.getJsonObject("of"));
        List<String> covered = new ArrayList<>();
        Path keys = keyFile();
        for (Object o : bundle.getJsonArray("members")) {
            JsonObject one = (JsonObject) o;
            covered.add(one.getString("footageId"));
            Cli.Result verified = Cli.run("verify-bundle", write(one.getString("footageId") + ".json", one.encode()).toString(),
                    "--key-file", keys.toString());
            assertEquals(0, verified.exit(), verified.out() + verified.err());
        }
        assertEquals(List.of(a, b).stream().sorted().toList(), covered.stream().sorted().toList());
        Cli.Result whole = Cli.run("verify-bundle", write("complaint.bundle.json", r.body()).toString(), "--key-file",
                keys.toString());
        assertEquals(0, whole.exit(), whole.out() + whole.err());
        assertTrue(whole.out().contains("COMPLAINT VERIFIED: all 2 footage bundles verified"), whole.out());
        assertEquals(2, whole.out().lines().filter(l -> l.contains("ok    set-membership: HOLD_PLACED@")).count(), whole.out());
        // One flipped byte in one footage's bundle: the whole complaint bundle fails.
        JsonObject tampered = bundle.copy();
        JsonObject first = tampered.getJsonArray("members").getJsonObject(0);
        JsonObject event = first.getJsonArray("events").getJsonObject(0);
        byte[] leaf = Base64.getDecoder().decode(event.getString("leaf"));
        leaf[leaf.length - 5] ^= 1;
        event.put("leaf", Base64.getEncoder().encodeToString(leaf));
        assertEquals(1, Cli.run("verify-bundle", write("tampered.bundle.json", tampered.encode()).toString(), "--key-file",
                keys.toString()).exit());
        assertFalse(r.body().contains("pushed me"), "the complaint's content stays out of the bundle");
        assertEquals(400, oversight.get("/api/v1/complaints/" + id + "/bundle").statusCode(), "a purpose is required");
    }

    @Test
    void noFootageFoundIsRecordedAndCounted() {
        JsonObject answer = submit(publicClient, complaint("2001-01-01T00:00:00Z", "2001-01-01T00:10:00Z")
                .put("place", "nowhere in particular"));
        JsonObject read = new JsonObject(oversight.get("/api/v1/complaints/" + answer.getString("complaintId")).body());
        assertEquals(0, read.getInteger("footageMatched"));
        assertTrue(read.getBoolean("noFootageFound"));
        assertTrue(read.getJsonArray("matches").isEmpty());
    }

    @Test
    void footageRegisteredLaterInsideAnOpenComplaintsWindowIsHeld() {
        String id = submit(publicClient, complaint("2026-05-01T08:00:00Z", "2026-05-01T08:30:00Z")
                .put("location", new JsonObject().put("lat", 40.7128).put("lon", -74.0060).put("radiusM", 300)))
                .getString("complaintId");
        String near = footage(officer, null, "2026-05-01T08:15:00Z", 40.7130, -74.0055);
        String far = footage(officer, null, "2026-05-01T08:15:00Z", 34.0522, -118.2437);
        assertEquals(1, sql.count("SELECT count(*) FROM legal_holds WHERE released_at IS NULL AND matter = '" + id
                + "' AND footage_id = '" + near + "'"));
        assertEquals(0, sql.count("SELECT count(*) FROM legal_holds WHERE footage_id = '" + far + "'"));
        JsonObject read = new JsonObject(oversight.get("/api/v1/complaints/" + id).body());
        assertEquals(1, read.getInteger("footageMatched"));
        assertEquals("registration", read.getJsonArray("matches").getJsonObject(0).getString("matchedWhen"));
        // The footage's REGISTERED and HOLD_PLACED events are adjacent: written together.
        List<String> types = new ArrayList<>();
        sql.run("SELECT event_type FROM log_entries WHERE footage_id = '" + near + "' ORDER BY idx")
                .forEach(r -> types.add(r.getString("event_type")));
        assertEquals(List.of("REGISTERED", "HOLD_PLACED"), types);
    }

    @Test
    void noPersonalDataAppearsInAnyLedgerLeaf() {
        String description = "Unique-description-7f3a: the officer took my phone";
        String contact = "unique-contact-9b1c@example.org";
        String place = "Unique-place-Elm-Street-44";
        String officerName = "Unique-Officer-Name-Jensen";
        submit(publicClient, complaint("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z").put("description", description)
                .put("contact", contact).put("place", place).put("officers", new JsonArray().add(officerName))
                .put("location", new JsonObject().put("lat", 12.345678).put("lon", 98.765432).put("radiusM", 150)));
        long leaves = 0;
        for (Row r : sql.run("SELECT leaf FROM log_entries")) {
            String leaf = new String(r.getBuffer("leaf").getBytes(), StandardCharsets.UTF_8);
            for (String personal : List.of(description, "Unique-description", contact, place, officerName, "12.345678",
                    "98.765432")) {
                assertFalse(leaf.contains(personal), "personal data '" + personal + "' in a leaf: " + leaf);
            }
            leaves++;
        }
        assertTrue(leaves > 0);
        // The complaint itself keeps it, for oversight.
        assertEquals(1, sql.count("SELECT count(*) FROM complaints WHERE contact = '" + contact + "'"));
    }

    @Test
    void statusTransitionsAreSignedEventsNamingWhoMadeThem() {
        String held = footage(officer, "INC-PARK-9", "2026-07-01T10:30:00Z", null, null);
        String id = submit(publicClient, complaint("2026-07-01T10:00:00Z", "2026-07-01T11:00:00Z").put("place", "Park")
                .put("incident", "INC-PARK-9")).getString("complaintId");
        String holdId = new JsonObject(oversight.get("/api/v1/complaints/" + id).body()).getJsonArray("matches")
                .getJsonObject(0).getString("holdId");
        String release = "/api/v1/footage/" + held + "/holds/" + holdId + "/release";
        HttpResponse<String> early = post(admin, release, new JsonObject().put("reason", "tidying up"));
        assertEquals(409, early.statusCode(), early.body());
        assertTrue(new JsonObject(early.body()).getString("detail").contains(id), early.body());
        assertEquals(400, post(oversight, "/api/v1/complaints/" + id + "/transitions",
                new JsonObject().put("status", "closed")).statusCode(), "closing needs an outcome");
        HttpResponse<String> assigned = post(oversight, "/api/v1/complaints/" + id + "/assignment",
                new JsonObject().put("investigator", "inv-77"));
        assertEquals(200, assigned.statusCode(), assigned.body());
        HttpResponse<String> opened = post(oversight, "/api/v1/complaints/" + id + "/transitions",
                new JsonObject().put("status", "under-investigation"));
        assertEquals(200, opened.statusCode(), opened.body());
        HttpResponse<String> closed = post(admin, "/api/v1/complaints/" + id + "/transitions",
                new JsonObject().put("status", "closed").put("outcome", "not-sustained"));
        assertEquals(200, closed.statusCode(), closed.body());
        JsonObject closedEvent = new JsonObject(closed.body()).getJsonObject("event");
        assertEquals("COMPLAINT_STATUS_CHANGED", closedEvent.getString("type"));
        assertEquals("records-1", closedEvent.getString("actorId"));
        assertEquals("admin", closedEvent.getString("actorRole"));
        assertEquals(new JsonObject().put("from", "under-investigation").put("to", "closed").put("outcome", "not-sustained"),
                closedEvent.getJsonObject("details"));
        assertEquals(409, post(oversight, "/api/v1/complaints/" + id + "/transitions",
                new JsonObject().put("status", "under-investigation")).statusCode(), "forward only");

        // The complaint's own chain: received, assigned, two status changes, each linked to the one before.
        List<String> types = new ArrayList<>();
        List<Long> idx = new ArrayList<>();
        for (Row r : sql.run("SELECT idx, event_type, prev_idx FROM log_entries WHERE footage_id = '" + id + "' ORDER BY idx")) {
            types.add(r.getString("event_type"));
            if (!idx.isEmpty()) {
                assertEquals(idx.get(idx.size() - 1), r.getLong("prev_idx"));
            }
            idx.add(r.getLong("idx"));
        }
        assertEquals(List.of("COMPLAINT_RECEIVED", "COMPLAINT_ASSIGNED", "COMPLAINT_STATUS_CHANGED",
                "COMPLAINT_STATUS_CHANGED"), types);

        HttpResponse<String> released = post(admin, release, new JsonObject().put("reason", "complaint closed"));
        assertEquals(200, released.statusCode(), released.body());
        JsonObject read = new JsonObject(oversight.get("/api/v1/complaints/" + id).body());
        assertEquals("closed", read.getString("status"));
        assertEquals("not-sustained", read.getString("outcome"));
        assertEquals("inv-77", read.getString("investigator"));
    }

    @Test
    void theReceiptSecretOpensStatusAndDatesOnly() {
        JsonObject answer = submit(publicClient, complaint("2026-08-01T10:00:00Z", "2026-08-01T11:00:00Z")
                .put("place", "Station").put("contact", "someone@example.org"));
        String id = answer.getString("complaintId");
        HttpResponse<String> status = publicClient.send(HttpRequest.newBuilder(publicClient.uri(
                "/api/v1/complaints/" + id + "/status")).header("Receipt-Secret", answer.getString("receiptSecret")).GET());
        assertEquals(200, status.statusCode(), status.body());
        JsonObject body = new JsonObject(status.body());
        assertEquals("received", body.getString("status"));
        assertEquals(List.of("complaintId", "dueBy", "receivedAt", "status"), body.fieldNames().stream().sorted().toList());
        HttpResponse<String> wrong = publicClient.send(HttpRequest.newBuilder(publicClient.uri(
                "/api/v1/complaints/" + id + "/status")).header("Receipt-Secret", "not-the-secret").GET());
        assertEquals(404, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }

    @Test
    void aComplaintTakenByStaffRecordsWhoTookIt() {
        JsonObject answer = submit(reviewer, complaint("2026-08-02T10:00:00Z", "2026-08-02T11:00:00Z").put("place", "Phone"));
        assertEquals("det-ruiz", answer.getJsonObject("event").getString("actorId"));
        assertEquals("reviewer", answer.getJsonObject("event").getString("actorRole"));
        assertEquals(401, post(service.as("not-a-token"), "/api/v1/complaints",
                complaint("2026-08-02T10:00:00Z", "2026-08-02T11:00:00Z").put("place", "Phone")).statusCode(),
                "a bad token is refused, not taken as public");
    }

    @Test
    void officersAndReviewersCannotReadComplaints() {
        String id = submit(publicClient, complaint("2026-08-03T10:00:00Z", "2026-08-03T11:00:00Z").put("place", "Hall"))
                .getString("complaintId");
        for (Http who : List.of(officer, reviewer)) {
            assertEquals(403, who.get("/api/v1/complaints").statusCode());
            assertEquals(403, who.get("/api/v1/complaints/" + id).statusCode());
        }
        assertEquals(401, publicClient.get("/api/v1/complaints/" + id).statusCode());
        JsonObject list = new JsonObject(oversight.get("/api/v1/complaints?status=received&limit=500").body());
        assertTrue(list.getJsonArray("items").stream().anyMatch(o -> id.equals(((JsonObject) o).getString("id"))));
    }

    @Test
    void badInputIsAProblemAndLeavesNothingBehind() {
        long before = sql.count("SELECT count(*) FROM complaints");
        long leaves = sql.count("SELECT count(*) FROM log_entries");
        record Case(JsonObject body, String detail) {
        }
        for (Case c : List.of(
                new Case(complaint("2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z"), "say where"),
                new Case(complaint("2026-01-01T10:00:00Z", "2026-01-01T09:00:00Z").put("place", "x"), "before occurredFrom"),
                new Case(complaint("2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z").put("place", "x").put("category", "rude"),
                        "unknown category"),
                new Case(complaint("2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z").put("place", "x")
                        .put("description", "x".repeat(20_001)), "description is too long"),
                new Case(complaint("2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z").put("place", "x").put("html", "<b>"),
                        "unknown field 'html'"),
                new Case(complaint("2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z")
                        .put("location", new JsonObject().put("lat", 91).put("lon", 0).put("radiusM", 10)), "location.lat"))) {
            HttpResponse<String> r = post(publicClient, "/api/v1/complaints", c.body());
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertTrue(new JsonObject(r.body()).getString("detail").contains(c.detail()), r.body());
        }
        assertEquals(before, sql.count("SELECT count(*) FROM complaints"));
        assertEquals(leaves, sql.count("SELECT count(*) FROM log_entries"));
    }

    @Test
    void theLedgerAuditWalksComplaintChainsBesideFootageChains() {
        String id = submit(publicClient, complaint("2026-09-01T10:00:00Z", "2026-09-01T11:00:00Z").put("place", "Quay"))
                .getString("complaintId");
        assertEquals(200, post(oversight, "/api/v1/complaints/" + id + "/transitions",
                new JsonObject().put("status", "under-investigation")).statusCode());
        footage(officer, "INC-AUDIT", "2026-09-01T10:30:00Z", null, null);
        HttpResponse<String> started = Audits.start(oversight, new JsonObject());
        assertEquals(202, started.statusCode(), started.body());
        JsonObject job = Audits.awaitEnd(oversight, started.headers().firstValue("Location").orElseThrow());
        assertTrue(job.getBoolean("clean"), job.encodePrettily());
    }
}
