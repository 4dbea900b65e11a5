package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.note.NoteSigner;
import org.custodyledger.testing.Audits;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.custodyledger.testing.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.note.NoteVerifier;

/**
 * The tamper suite: each case alters a fresh ledger the way an insider with database or disk
 * access could, and both the footage verification and the full audit must notice and say
 * where; bundles altered after export must fail offline verification. A failed verification
 * is a 200 report, never a 500.
 */
class TamperTest {
    /** A fresh ledger per test: each one tampers with its own. */
    @RegisterExtension
    final RunningService service = new RunningService();
    @TempDir
    Path files;
    Sql sql;
    Http reviewer;
    Http oversight;
    String footageId;
    byte[] video;
    /** Log indexes of the footage's events: REGISTERED, then four ANNOTATED. */
    List<Long> events = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sql = service.sql();
        Http http = service.http();
        reviewer = service.reviewer("det-ruiz");
        oversight = service.oversight("ombud-1");
        Http officer = service.officer("officer-7");
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
    private JsonObject audit(boolean rehashBlobs) {
        HttpResponse<String> started = Audits.start(oversight, new JsonObject().put("rehashBlobs", rehashBlobs));
        assertEquals(202, started.statusCode(), started.body());
        JsonObject job = Audits.awaitEnd(oversight, "/api/v1/ledger/audits/" + new JsonObject(started.body()).getString("id"));
        assertEquals("finished", job.getString("status"), job.encodePrettily());
        return job.getJsonObject("summary");
    }

    /** The audit's first divergence is {@code check} on row {@code index} of {@code table}. */
    private static void assertFirstDivergence(JsonObject summary, String table, long index, String check) {
        JsonObject first = summary.getJsonObject("firstDivergence");
        assertEquals(table, first.getString("table"), first.encode());
        assertEquals(index, first.getLong("index"), first.encode());
        assertEquals(check, first.getString("check"), first.encode());
    }

    /** The latest stored checkpoint's size and note. */
    private record StoredNote(long size, String note) {
    }

    private StoredNote latestCheckpoint() {
        long size = sql.count("SELECT max(size) FROM checkpoints");
        return new StoredNote(size, sql.run("SELECT note FROM checkpoints WHERE size = " + size).iterator().next().getString(0));
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
        assertFirstDivergence(audit(false), "log_entries", k, "leaf-hash");
    }

    @Test
    void anEditedLeafWithARecomputedHashIsStillLocated() throws Exception {
        long k = events.get(3);
        byte[] edited = new String(leaf(k), StandardCharsets.UTF_8).replace("note-2", "note-Y").getBytes(StandardCharsets.UTF_8);
        byte[] hash = Rfc6962.hashLeaf(edited);
        sql.tamper("UPDATE log_entries SET leaf = " + hex(edited) + ", leaf_hash = " + hex(hash) + " WHERE idx = " + k);
        JsonObject report = verify();
        assertEquals(List.of("event-signature@" + k, "inclusion@" + k), failed(report));
        JsonObject summary = audit(false);
        JsonObject first = summary.getJsonObject("firstDivergence");
        assertEquals(k, first.getLong("index"));
        assertEquals("event-signature", first.getString("check"));
        // The leaf's own level-0 node is its (recomputed) leaf hash since V12: the stored node over it and its
        // neighbour (level 1) is the first that still says what was signed.
        assertTrue(summary.getJsonArray("divergences").stream().anyMatch(d -> ((JsonObject) d).getString("check")
                .equals("tree-node") && ((JsonObject) d).getString("detail").startsWith("node (level 1, index " + k / 2
                + ") over entries ")), summary.encodePrettily());
    }

    @Test
    void aFlippedByteInTheStoredFileIsFound() throws Exception {
        String sha = Sha256Hasher.hash(video).hex();
        Path blob = service.dataDir().resolve("blobs/sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha);
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
        Path dir = service.dataDir().resolve("blobs/sha256/" + stray.substring(0, 2) + "/" + stray.substring(2, 4));
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
        sql.tamper("UPDATE log_entries SET leaf = " + hex(leafB) + ", leaf_hash = " + hex(Rfc6962
                        .hashLeaf(leafB)) + " WHERE idx = " + a,
                "UPDATE log_entries SET leaf = " + hex(leafA) + ", leaf_hash = " + hex(Rfc6962
                        .hashLeaf(leafA)) + " WHERE idx = " + b);
        JsonObject report = verify();
        List<String> failures = failed(report);
        assertTrue(failures.containsAll(List.of("inclusion@" + a, "inclusion@" + b, "chain")), failures.toString());
        JsonObject first = audit(false).getJsonObject("firstDivergence");
        assertEquals(a, first.getLong("index"), first.encode());
    }

    @Test
    void anAlteredCheckpointSignatureIsRefused() throws Exception {
        StoredNote latest = latestCheckpoint();
        long size = latest.size();
        String note = latest.note();
        String line = note.substring(note.lastIndexOf("— "));
        String sig = line.substring(line.lastIndexOf(' ') + 1).strip();
        byte[] raw = Base64.getDecoder().decode(sig);
        raw[20] ^= 1;
        String altered = note.replace(sig, Base64.getEncoder().encodeToString(raw));
        sql.tamper("UPDATE checkpoints SET note = '" + altered.replace("'", "''") + "' WHERE size = " + size);
        JsonObject report = verify();
        assertEquals(List.of("checkpoint-signature"), failed(report));
        assertFirstDivergence(audit(false), "checkpoints", size, "checkpoint-signature");
    }

    @Test
    void aCheckpointSignedWithAnotherKeyIsRefused() throws Exception {
        StoredNote latest = latestCheckpoint();
        long size = latest.size();
        String note = latest.note();
        Checkpoint cp = Checkpoint.parse(note.substring(0, note.indexOf("\n\n") + 1));
        String forged = Checkpoints.sign(cp, new NoteSigner(cp.origin(), Ed25519Keys.generate()));
        sql.tamper("UPDATE checkpoints SET note = '" + forged.replace("'", "''") + "' WHERE size = " + size);
        JsonObject report = verify();
        assertEquals(List.of("checkpoint-signature"), failed(report));
        assertTrue(check(report, "checkpoint-signature").getString("actual").contains(cp.origin() + "+"), report.encode());
        assertFirstDivergence(audit(false), "checkpoints", size, "checkpoint-signature");
    }

    @Test
    void rowsBeyondTheHeadAreReportedThoughTheAuditReadsOnlyItsTree() throws Exception {
        long size = sql.count("SELECT size FROM log_head");
        long beyond = size + 5;
        sql.tamper("INSERT INTO log_entries SELECT " + beyond + ", leaf, leaf_hash, footage_id, event_type, event_time, key_id,"
                        + " NULL FROM log_entries WHERE idx = 0",
                "INSERT INTO tree_nodes SELECT 1, " + beyond + ", hash FROM tree_nodes WHERE level = 1 AND idx = 0",
                "INSERT INTO checkpoints (size, root, note, key_id) SELECT " + beyond + ", root, note, key_id FROM checkpoints"
                        + " WHERE size = " + size);
        JsonObject summary = audit(false);
        assertEquals(size, summary.getLong("entries"), summary.encodePrettily());
        List<String> found = new ArrayList<>();
        summary.getJsonArray("divergences").forEach(d -> found.add(((JsonObject) d).getString("table") + " "
                + ((JsonObject) d).getString("check")));
        assertEquals(List.of("log_entries beyond-head", "tree_nodes beyond-head", "checkpoints beyond-head"), found,
                summary.encodePrettily());
        // The stray entry's leaf hash is its level-0 node (schema V12): counted once, as an entry, not again as a node.
        JsonObject nodes = summary.getJsonArray("divergences").getJsonObject(1);
        assertEquals("1", nodes.getString("actual"), summary.encodePrettily());
    }

    @Test
    void theAuditCommandReportsTheFirstDivergenceAndExitsNonZero() throws Exception {
        long k = events.get(1);
        sql.tamper("UPDATE log_entries SET leaf_hash = " + hex(new byte[32]) + " WHERE idx = " + k);
        Cli.Result audit = Cli.run("audit", "--db-url", service.dbUrl());
        assertEquals(1, audit.exit());
        String out = audit.out();
        assertTrue(out.contains("DIVERGED: "), out);
        assertTrue(out.contains("log_entries @" + k + " [leaf-hash]"), out);
    }

    // --- bundles altered after export, checked offline ---

    private String verifyBundle(int expectedExit, JsonObject bundle, String... extra) throws Exception {
        Path file = Files.createTempFile(files, "bundle", ".json");
        Files.writeString(file, bundle.encode());
        String key = service.http().get("/api/v1/ledger/key").body().lines().findFirst().orElseThrow();
        List<String> args = new ArrayList<>(List.of("verify-bundle", file.toString(), "--key", key));
        args.addAll(List.of(extra));
        Cli.Result result = Cli.run(args.toArray(String[]::new));
        assertEquals(expectedExit, result.exit(), result.out());
        return result.out();
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
        String otherKey = NoteVerifier.of(bundle.getString("logOrigin"),
                Ed25519Keys.generate().generatePublicKey()).verifierKey();
        Cli.Result other = Cli.run("verify-bundle", file.toString(), "--key", otherKey);
        assertEquals(1, other.exit(), other.out() + "\n" + other.err());
        assertTrue(other.out().contains("FAIL  checkpoint-signature"), other.out());
        assertEquals(2, Cli.run("verify-bundle", files.resolve("missing.json").toString()).exit());
    }
}
