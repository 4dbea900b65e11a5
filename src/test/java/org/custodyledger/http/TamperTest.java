package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.custodyledger.cli.Application;
import org.custodyledger.cli.Main;
import org.custodyledger.config.AppConfig;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.note.NoteSigner;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestDatabases;
import org.custodyledger.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The tamper suite: each case alters a fresh ledger the way an insider with database or disk
 * access could, and both the footage verification and the full audit must notice and say
 * where; bundles altered after export must fail offline verification. A failed verification
 * is a 200 report, never a 500.
 */
class TamperTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path files;
    Application app;
    Sql sql;
    String db;
    Http reviewer;
    Http oversight;
    String footageId;
    byte[] video;
    /** Log indexes of the footage's events: REGISTERED, then four ANNOTATED. */
    List<Long> events = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        db = TestDatabases.freshDatabase();
        app = Application.start(AppConfig.forTests(dataDir, db));
        sql = new Sql(db);
        Http http = new Http(app.port());
        reviewer = http.as(TestTokens.reviewer("det-ruiz"));
        oversight = http.as(TestTokens.oversight("ombud-1"));
        Http officer = http.as(TestTokens.officer("officer-7"));
        video = new byte[100_000];
        new Random(1).nextBytes(video);
        JsonObject up = new JsonObject(officer.send(HttpRequest.newBuilder(http.uri("/api/v1/footage?filename=a.mp4"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(video))).body());
        footageId = up.getString("id");
        events.add(up.getJsonObject("event").getLong("index"));
        for (int i = 0; i < 4; i++) {
            // Another footage's events in between, so indexes of ours are not consecutive.
            officer.send(HttpRequest.newBuilder(http.uri("/api/v1/footage?filename=b" + i + ".mp4"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(("other " + i).getBytes(StandardCharsets.UTF_8))));
            HttpResponse<String> r = reviewer.send(HttpRequest.newBuilder(http.uri("/api/v1/footage/" + footageId + "/events"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                            .put("type", "ANNOTATED").put("details", new JsonObject().put("note", "note-" + i)).encode())));
            events.add(new JsonObject(r.body()).getJsonObject("event").getLong("index"));
        }
    }

    @AfterEach
    void stop() throws Exception {
        sql.close();
        app.close();
    }

    private JsonObject verify() {
        HttpResponse<String> r = reviewer.get("/api/v1/footage/" + footageId + "/verify");
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private static List<String> failed(JsonObject report) {
        List<String> names = new ArrayList<>();
        report.getJsonArray("checks").forEach(c -> {
            if (!((JsonObject) c).getBoolean("ok")) {
                names.add(((JsonObject) c).getString("name"));
            }
        });
        return names;
    }

    private static JsonObject check(JsonObject report, String name) {
        return report.getJsonArray("checks").stream().map(c -> (JsonObject) c).filter(c -> c.getString("name").equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no check " + name + " in " + report.encodePrettily()));
    }

    /** Runs the audit through the API and answers its finished summary. */
    private JsonObject audit(boolean rehashBlobs) throws InterruptedException {
        HttpResponse<String> started = oversight.send(HttpRequest.newBuilder(oversight.uri("/api/v1/ledger/audits"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("rehashBlobs", rehashBlobs).encode())));
        assertEquals(202, started.statusCode(), started.body());
        JsonObject job = new JsonObject(started.body());
        for (int i = 0; i < 300 && "running".equals(job.getString("status")); i++) {
            Thread.sleep(50);
            job = new JsonObject(oversight.get("/api/v1/ledger/audits/" + job.getString("id")).body());
        }
        assertEquals("finished", job.getString("status"), job.encodePrettily());
        return job.getJsonObject("summary");
    }

    private byte[] leaf(long index) {
        return HexFormat.of().parseHex(sql.run("SELECT encode(leaf, 'hex') FROM log_entries WHERE idx = " + index)
                .iterator().next().getString(0));
    }

    private static String hex(byte[] b) {
        return "decode('" + HexFormat.of().formatHex(b) + "', 'hex')";
    }

    @Test
    void anEditedLeafIsLocated() throws Exception {
        long k = events.get(2);
        byte[] edited = new String(leaf(k), StandardCharsets.UTF_8).replace("note-1", "note-X").getBytes(StandardCharsets.UTF_8);
        sql.tamper("UPDATE log_entries SET leaf = " + hex(edited) + " WHERE idx = " + k);
        JsonObject report = verify();
        assertFalse(report.getBoolean("verified"));
        assertEquals(List.of("leaf-hash@" + k, "event-signature@" + k, "inclusion@" + k), failed(report));
        assertEquals("failed", report.getJsonObject("recordedAs").getJsonObject("event").getJsonObject("details")
                .getString("outcome"), "the failed verification is itself on the record");
        JsonObject first = audit(false).getJsonObject("firstDivergence");
        assertEquals("log_entries", first.getString("table"));
        assertEquals(k, first.getLong("index"));
        assertEquals("leaf-hash", first.getString("check"));
    }

    @Test
    void anEditedLeafWithARecomputedHashIsStillLocated() throws Exception {
        long k = events.get(3);
        byte[] edited = new String(leaf(k), StandardCharsets.UTF_8).replace("note-2", "note-Y").getBytes(StandardCharsets.UTF_8);
        byte[] hash = org.custodyledger.merkle.Rfc6962.hashLeaf(edited);
        sql.tamper("UPDATE log_entries SET leaf = " + hex(edited) + ", leaf_hash = " + hex(hash) + " WHERE idx = " + k);
        JsonObject report = verify();
        assertEquals(List.of("event-signature@" + k, "inclusion@" + k), failed(report));
        JsonObject summary = audit(false);
        JsonObject first = summary.getJsonObject("firstDivergence");
        assertEquals(k, first.getLong("index"));
        assertEquals("event-signature", first.getString("check"));
        assertTrue(summary.getJsonArray("divergences").stream().anyMatch(d -> ((JsonObject) d).getString("check")
                .equals("tree-node") && ((JsonObject) d).getLong("index") == k), summary.encodePrettily());
    }

    @Test
    void aFlippedByteInTheStoredFileIsFound() throws Exception {
        String sha = Sha256Hasher.hash(video).hex();
        Path blob = dataDir.resolve("blobs/sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha);
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-------"));
        byte[] bytes = Files.readAllBytes(blob);
        bytes[77_777] ^= 0x10;
        Files.write(blob, bytes);
        JsonObject report = verify();
        assertEquals(List.of("file-hash"), failed(report));
        assertEquals(sha, check(report, "file-hash").getString("expected"));
        assertEquals(Sha256Hasher.hash(bytes).hex(), check(report, "file-hash").getString("actual"));
        JsonObject first = audit(true).getJsonObject("firstDivergence");
        assertEquals("blobs", first.getString("table"));
        assertTrue(first.getString("detail").contains(footageId), first.encode());
        assertTrue(audit(false).getJsonArray("divergences").isEmpty(), "without re-hashing, the ledger itself is intact");
    }

    @Test
    void aStoredFileNoFootageAccountsForIsReported() throws Exception {
        String stray = Sha256Hasher.hash("planted".getBytes(StandardCharsets.UTF_8)).hex();
        Path dir = dataDir.resolve("blobs/sha256/" + stray.substring(0, 2) + "/" + stray.substring(2, 4));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(stray), "planted");
        JsonObject summary = audit(true);
        assertEquals(1, summary.getLong("divergenceCount"), summary.encodePrettily());
        JsonObject first = summary.getJsonObject("firstDivergence");
        assertEquals("orphan-blob", first.getString("check"));
        assertEquals(stray, first.getString("actual"));
        assertEquals(5, summary.getLong("blobsRehashed"), "the footage's and the four others' files were re-hashed");
    }

    @Test
    void aDeletedEventBreaksTheChainWhereItWas() throws Exception {
        long k = events.get(2);
        sql.tamper("DELETE FROM log_entries WHERE idx = " + k);
        JsonObject report = verify();
        List<String> failures = failed(report);
        assertTrue(failures.containsAll(List.of("chain", "log-entries")), failures.toString());
        assertTrue(check(report, "chain").getString("detail").startsWith("event at index " + events.get(3)
                + " links previous event " + k), report.encodePrettily());
        JsonObject first = audit(false).getJsonObject("firstDivergence");
        assertEquals("contiguity", first.getString("check"));
        assertEquals(k, first.getLong("index"));
    }

    @Test
    void reorderedEventsAreFound() throws Exception {
        long a = events.get(1);
        long b = events.get(3);
        byte[] leafA = leaf(a);
        byte[] leafB = leaf(b);
        sql.tamper("UPDATE log_entries SET leaf = " + hex(leafB) + ", leaf_hash = " + hex(org.custodyledger.merkle.Rfc6962
                        .hashLeaf(leafB)) + " WHERE idx = " + a,
                "UPDATE log_entries SET leaf = " + hex(leafA) + ", leaf_hash = " + hex(org.custodyledger.merkle.Rfc6962
                        .hashLeaf(leafA)) + " WHERE idx = " + b);
        JsonObject report = verify();
        List<String> failures = failed(report);
        assertTrue(failures.containsAll(List.of("inclusion@" + a, "inclusion@" + b, "chain")), failures.toString());
        JsonObject first = audit(false).getJsonObject("firstDivergence");
        assertEquals(a, first.getLong("index"), first.encode());
    }

    @Test
    void anAlteredCheckpointSignatureIsRefused() throws Exception {
        long size = sql.count("SELECT max(size) FROM checkpoints");
        String note = sql.run("SELECT note FROM checkpoints WHERE size = " + size).iterator().next().getString(0);
        String line = note.substring(note.lastIndexOf("— "));
        String sig = line.substring(line.lastIndexOf(' ') + 1).strip();
        byte[] raw = Base64.getDecoder().decode(sig);
        raw[20] ^= 1;
        String altered = note.replace(sig, Base64.getEncoder().encodeToString(raw));
        sql.tamper("UPDATE checkpoints SET note = '" + altered.replace("'", "''") + "' WHERE size = " + size);
        JsonObject report = verify();
        assertEquals(List.of("checkpoint-signature"), failed(report));
        JsonObject first = audit(false).getJsonObject("firstDivergence");
        assertEquals("checkpoints", first.getString("table"));
        assertEquals(size, first.getLong("index"));
        assertEquals("checkpoint-signature", first.getString("check"));
    }

    @Test
    void aCheckpointSignedWithAnotherKeyIsRefused() throws Exception {
        long size = sql.count("SELECT max(size) FROM checkpoints");
        String note = sql.run("SELECT note FROM checkpoints WHERE size = " + size).iterator().next().getString(0);
        Checkpoint cp = Checkpoint.parse(note.substring(0, note.indexOf("\n\n") + 1));
        String forged = Checkpoints.sign(cp, new NoteSigner(cp.origin(), Ed25519Keys.generate()));
        sql.tamper("UPDATE checkpoints SET note = '" + forged.replace("'", "''") + "' WHERE size = " + size);
        JsonObject report = verify();
        assertEquals(List.of("checkpoint-signature"), failed(report));
        assertTrue(check(report, "checkpoint-signature").getString("actual").contains(cp.origin() + "+"), report.encode());
        JsonObject first = audit(false).getJsonObject("firstDivergence");
        assertEquals(size, first.getLong("index"));
        assertEquals("checkpoint-signature", first.getString("check"));
    }

    @Test
    void rowsBeyondTheHeadAreReportedThoughTheAuditReadsOnlyItsTree() throws Exception {
        long size = sql.count("SELECT size FROM log_head");
        long beyond = size + 5;
        sql.tamper("INSERT INTO log_entries SELECT " + beyond + ", leaf, leaf_hash, footage_id, event_type, event_time, key_id,"
                        + " NULL FROM log_entries WHERE idx = 0",
                "INSERT INTO tree_nodes SELECT 0, " + beyond + ", hash FROM tree_nodes WHERE level = 0 AND idx = 0",
                "INSERT INTO checkpoints (size, root, note, key_id) SELECT " + beyond + ", root, note, key_id FROM checkpoints"
                        + " WHERE size = " + size);
        JsonObject summary = audit(false);
        assertEquals(size, summary.getLong("entries"), summary.encodePrettily());
        List<String> found = new ArrayList<>();
        summary.getJsonArray("divergences").forEach(d -> found.add(((JsonObject) d).getString("table") + " "
                + ((JsonObject) d).getString("check")));
        assertEquals(List.of("log_entries beyond-head", "tree_nodes beyond-head", "checkpoints beyond-head"), found,
                summary.encodePrettily());
    }

    @Test
    void theAuditCommandReportsTheFirstDivergenceAndExitsNonZero() throws Exception {
        long k = events.get(1);
        sql.tamper("UPDATE log_entries SET leaf_hash = " + hex(new byte[32]) + " WHERE idx = " + k);
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(new StringWriter()));
        assertEquals(1, cmd.execute("audit", "--db-url", db));
        assertTrue(out.toString().contains("DIVERGED: "), out.toString());
        assertTrue(out.toString().contains("log_entries @" + k + " [leaf-hash]"), out.toString());
    }

    // --- bundles altered after export, checked offline ---

    private String verifyBundle(int expectedExit, JsonObject bundle, String... extra) throws Exception {
        Path file = Files.createTempFile(files, "bundle", ".json");
        Files.writeString(file, bundle.encode());
        String key = new Http(app.port()).get("/api/v1/ledger/key").body().lines().findFirst().orElseThrow();
        List<String> args = new ArrayList<>(List.of("verify-bundle", file.toString(), "--key", key));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(new StringWriter()));
        assertEquals(expectedExit, cmd.execute(args.toArray(String[]::new)), out.toString());
        return out.toString();
    }

    private JsonObject bundle() {
        return VerificationApiTest.fetchBundle(reviewer, footageId);
    }

    @Test
    void anEditedEventInABundleFails() throws Exception {
        JsonObject bundle = bundle();
        verifyBundle(0, bundle.copy());
        JsonObject event = bundle.getJsonArray("events").getJsonObject(2);
        String leaf = new String(Base64.getDecoder().decode(event.getString("leaf")), StandardCharsets.UTF_8);
        event.put("leaf", Base64.getEncoder().encodeToString(leaf.replace("note-1", "note-Z").getBytes(StandardCharsets.UTF_8)));
        String out = verifyBundle(1, bundle);
        long k = event.getLong("index");
        assertTrue(out.contains("FAIL  leaf-hash@" + k) && out.contains("FAIL  event-signature@" + k)
                && out.contains("FAIL  inclusion@" + k), out);
    }

    @Test
    void aDroppedEventInABundleFails() throws Exception {
        JsonObject bundle = bundle();
        JsonArray events = bundle.getJsonArray("events");
        long dropped = events.getJsonObject(2).getLong("index");
        events.remove(2);
        String out = verifyBundle(1, bundle);
        assertTrue(out.contains("FAIL  chain: event at index " + events.getJsonObject(2).getLong("index")
                + " links previous event " + dropped), out);
    }

    @Test
    void aSwappedProofHashInABundleFails() throws Exception {
        JsonObject bundle = bundle();
        JsonObject event = bundle.getJsonArray("events").getJsonObject(1);
        JsonArray proof = event.getJsonArray("inclusionProof");
        byte[] h = Base64.getDecoder().decode(proof.getString(0));
        h[0] ^= 1;
        proof.set(0, Base64.getEncoder().encodeToString(h));
        String out = verifyBundle(1, bundle);
        assertTrue(out.contains("FAIL  inclusion@" + event.getLong("index")), out);
        assertTrue(out.contains("NOT VERIFIED: 1 of"), out);
    }

    @Test
    void theWrongFootageFileFailsTheBundle() throws Exception {
        Path right = files.resolve("right.mp4");
        Files.write(right, video);
        Path wrong = files.resolve("wrong.mp4");
        byte[] other = video.clone();
        other[5] ^= 1;
        Files.write(wrong, other);
        JsonObject bundle = bundle();
        verifyBundle(0, bundle, "--footage", right.toString());
        String out = verifyBundle(1, bundle, "--footage", wrong.toString());
        assertTrue(out.contains("FAIL  file-hash") && out.contains("expected " + Sha256Hasher.hash(video).hex()), out);
    }

    @Test
    void aBundleCheckedAgainstAnotherLogsKeyFails() throws Exception {
        JsonObject bundle = bundle();
        Path file = files.resolve("b.json");
        Files.writeString(file, bundle.encode());
        String otherKey = org.custodyledger.note.NoteVerifier.of(bundle.getString("logOrigin"),
                Ed25519Keys.generate().generatePublicKey()).verifierKey();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        assertEquals(1, cmd.execute("verify-bundle", file.toString(), "--key", otherKey), out + "\n" + err);
        assertTrue(out.toString().contains("FAIL  checkpoint-signature"), out.toString());
        assertEquals(2, cmd.execute("verify-bundle", files.resolve("missing.json").toString()));
    }
}
