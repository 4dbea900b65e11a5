package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.custodyledger.config.AppConfig;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.custody.EventSigner;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.note.NoteSigner;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.note.SignedNote;
import org.custodyledger.testing.ApiCalls;
import org.custodyledger.testing.Audits;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ledger that rotated its signing key twice (K1 → K2 → K3, the service restarted each time
 * on the same database): each rotation checkpoint is signed by both keys, the history is
 * published, and every event still verifies everywhere against the key current at its index —
 * /verify, the audit, bundles offline with the history's keys, not with the newest key alone.
 * A start with a new key that does not name the current one is refused; a revoked key is reported.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyRotationTest {
    @TempDir
    static Path keys;
    @TempDir
    static Path files;

    @RegisterExtension
    static final RunningService service = new RunningService((dir, db) -> withKeys(dir, db, "k1", null));

    static byte[] video;
    static String footageId;
    static NoteVerifier k1;
    static NoteVerifier k2;
    static NoteVerifier k3;
    static String refusedWithoutPrevious;
    static String refusedWithWrongPrevious;
    static String refusedRetiredKey;
    static Cli.Result monitorBeforeRotation;

    @BeforeAll
    static void rotateTwice() throws Exception {
        key("k2");
        key("k3");
        k1 = NoteVerifier.parse(Files.readString(keys.resolve("k1.vkey")));
        k2 = NoteVerifier.parse(Files.readString(keys.resolve("k2.vkey")));
        k3 = NoteVerifier.parse(Files.readString(keys.resolve("k3.vkey")));
        video = ApiCalls.bytes(50_000, 7);
        footageId = ApiCalls.upload(service.officer("officer-1"), video, "filename=stop.mp4&incident=INC-7");
        annotate(3);
        // Monitors that saw the log under K1 only, to be run again after the rotations.
        monitorBeforeRotation = monitor("followed", k1);
        monitor("k1-only", k1);
        monitor("without-k2", k1);

        refusedWithoutPrevious = refusal(() -> service.restart((dir, db) -> withKeys(dir, db, "k2", null)));
        service.restart((dir, db) -> withKeys(dir, db, "k2", "k1"));
        annotate(3);

        refusedWithWrongPrevious = refusal(() -> service.restart((dir, db) -> withKeys(dir, db, "k3", "k1")));
        refusedRetiredKey = refusal(() -> service.restart((dir, db) -> withKeys(dir, db, "k1", null)));
        service.restart((dir, db) -> withKeys(dir, db, "k3", "k2"));
        annotate(3);
    }

    /** The test configuration signing with key {@code name} (made by keygen on first use), rotating from {@code previous}. */
    static AppConfig withKeys(Path dataDir, String dbUrl, String name, String previous) {
        AppConfig.Builder config = AppConfig.forTests(dataDir, dbUrl).toBuilder().signingKey(key(name));
        return (previous == null ? config : config.previousSigningKey(key(previous))).build();
    }

    private static Path key(String name) {
        Path pem = keys.resolve(name + ".pem");
        if (!Files.exists(pem)) {
            Cli.Result made = Cli.run("keygen", "--out", keys.toString(), "--name", name);
            assertEquals(0, made.exit(), made.err());
        }
        return pem;
    }

    interface Start {
        void run() throws Exception;
    }

    private static String refusal(Start start) {
        return assertThrows(Exception.class, start::run).getMessage();
    }

    /** {@code n} annotations of the footage, appended through the running service's sequencer. */
    private static void annotate(int n) {
        List<Future<AppendedEntry>> appends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            appends.add(service.app().sequencer().append(CustodyEvent.of(footageId, Sha256Hasher.hash(video),
                    EventType.ANNOTATED, "det-1", "reviewer", Instant.now(), null, null, Map.of("note", "n" + i))));
            // one batch each: several checkpoints per key
            Await.result(appends.get(i));
        }
    }

    private static Http reviewer() {
        return service.reviewer("det-1");
    }

    private static JsonArray history() {
        HttpResponse<String> r = service.http().send(HttpRequest.newBuilder(service.http().uri("/api/v1/ledger/key"))
                .header("Accept", "application/json"));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return new JsonObject(r.body()).getJsonArray("history");
    }

    @Test
    @Order(1)
    void aNewKeyThatDoesNotNameTheCurrentOneIsRefused() {
        assertTrue(refusedWithoutPrevious.contains("this ledger is signed by key " + k1.verifierKey()), refusedWithoutPrevious);
        assertTrue(refusedWithoutPrevious.contains("give the current one as --previous-signing-key"), refusedWithoutPrevious);
        assertTrue(refusedWithWrongPrevious.contains("--previous-signing-key is " + k1.verifierKey()
                + ", which is not the ledger's current key"), refusedWithWrongPrevious);
        assertTrue(refusedRetiredKey.contains("the signing key " + k1.verifierKey() + " was already current, for entries 0"
                + " to 3: a retired key never signs again; the ledger's current key is " + k2.verifierKey()), refusedRetiredKey);
    }

    @Test
    @Order(1)
    void eachRotationCheckpointCarriesTwoSignaturesThatEachVerify() throws Exception {
        for (NoteVerifier[] pair : List.of(new NoteVerifier[] {k1, k2}, new NoteVerifier[] {k2, k3})) {
            NoteVerifier old = pair[0];
            NoteVerifier next = pair[1];
            var rows = service.sql().run("SELECT size, note FROM checkpoints WHERE key_id = '" + next.keyIdHex()
                    + "' ORDER BY size");
            List<String> notes = new ArrayList<>();
            rows.forEach(r -> notes.add(r.getString("note")));
            assertTrue(notes.size() >= 2, notes.toString());
            SignedNote first = SignedNote.parse(notes.get(0));
            assertEquals(2, first.signatures().size(), notes.get(0));
            // each signature verifies on its own: a client trusting only the old key accepts it and learns the new one
            assertEquals(first.text(), SignedNote.open(notes.get(0), List.of(old)));
            assertEquals(first.text(), SignedNote.open(notes.get(0), List.of(next)));
            assertEquals(1, SignedNote.parse(notes.get(1)).signatures().size(), "only the handover is signed twice");
        }
    }

    @Test
    @Order(1)
    void theKeyEndpointListsTheHistory() {
        String text = service.http().get("/api/v1/ledger/key").body();
        assertEquals(List.of(k3.verifierKey(), k2.verifierKey(), k1.verifierKey()), text.lines().toList(),
                "the text form is unchanged: one line per key, current first");
        JsonArray history = history();
        assertEquals(3, history.size(), history.encodePrettily());
        JsonObject h1 = history.getJsonObject(0);
        JsonObject h2 = history.getJsonObject(1);
        JsonObject h3 = history.getJsonObject(2);
        assertEquals(k1.keyIdHex(), h1.getString("keyId"));
        assertEquals(k1.verifierKey(), h1.getString("verifierKey"));
        assertEquals(k1.name(), h1.getString("name"));
        assertEquals(0L, h1.getLong("firstSize"));
        assertEquals(4L, h1.getLong("lastSize"), "REGISTERED and three annotations");
        assertEquals(h1.getLong("lastSize"), h2.getLong("firstSize"));
        assertEquals(h2.getLong("lastSize"), h3.getLong("firstSize"));
        assertEquals(7L, h3.getLong("firstSize"));
        assertFalse(h3.containsKey("lastSize"), "absent while current");
        assertFalse(h1.containsKey("revokedFrom"));
        // every event is signed by the key current at its index
        var rows = service.sql().run("SELECT idx, key_id FROM log_entries ORDER BY idx");
        rows.forEach(r -> {
            long idx = r.getLong("idx");
            String expected = idx < 4 ? k1.keyIdHex() : idx < 7 ? k2.keyIdHex() : k3.keyIdHex();
            assertEquals(expected, r.getString("key_id"), "entry " + idx);
        });
    }

    @Test
    @Order(2)
    void theLedgerPassesTheAuditAndTheFootageVerifies() {
        JsonObject summary = audit();
        assertEquals(0, summary.getInteger("divergenceCount"), summary.encodePrettily());
        assertTrue(summary.getLong("signaturesVerified") >= 10);
        Cli.Result cli = Cli.run("audit", "--db-url", service.dbUrl());
        assertEquals(0, cli.exit(), cli.out() + cli.err());
        assertTrue(cli.out().contains("CLEAN"), cli.out());

        JsonObject report = new JsonObject(reviewer().get("/api/v1/footage/" + footageId + "/verify").body());
        assertTrue(report.getBoolean("verified"), report.encodePrettily());
    }

    @Test
    @Order(3)
    void aBundleSpanningThreeKeysVerifiesWithTheHistoryAndNotWithTheNewestKeyAlone() throws Exception {
        JsonObject bundle = bundle();
        JsonArray history = bundle.getJsonArray("keyHistory");
        assertEquals(history(), history, "the bundle carries the key history the ledger publishes");
        Path file = files.resolve("bundle.json");
        Files.writeString(file, bundle.encode());
        Path allKeys = files.resolve("keys.txt");
        Files.writeString(allKeys, service.http().get("/api/v1/ledger/key").body());

        Cli.Result ok = Cli.run("verify-bundle", file.toString(), "--key-file", allKeys.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("VERIFIED"), ok.out());

        Cli.Result newest = Cli.run("verify-bundle", file.toString(), "--key-file", keys.resolve("k3.vkey").toString());
        assertEquals(1, newest.exit(), newest.out() + newest.err());
        assertTrue(newest.out().contains("event-signature@0"), newest.out());
        assertTrue(newest.out().contains("signed by key " + k1.name() + "+" + k1.keyIdHex()
                + ", which is not among the trusted keys; this event needs " + k1.verifierKey()
                + " (current for entries 0 to 3)"), newest.out());
        assertTrue(newest.out().contains("this event needs " + k2.verifierKey() + " (current for entries 4 to 6)"),
                newest.out());
    }

    @Test
    @Order(4)
    void aRevokedKeyIsReportedByVerifyAuditAndBundles() throws Exception {
        Cli.Result revoked = Cli.run("revoke-key", "--key-id", k2.keyIdHex(), "--from-size", "5", "--db-url", service.dbUrl());
        assertEquals(0, revoked.exit(), revoked.out() + revoked.err());
        String message = "signed by revoked key " + k2.keyIdHex() + " (revoked from 5)";

        JsonObject summary = audit();
        List<String> details = new ArrayList<>();
        summary.getJsonArray("divergences").forEach(d -> details.add(((JsonObject) d).getLong("index") + " "
                + ((JsonObject) d).getString("detail")));
        assertEquals(List.of("5 " + message, "6 " + message), details, summary.encodePrettily());

        JsonObject report = new JsonObject(reviewer().get("/api/v1/footage/" + footageId + "/verify").body());
        assertFalse(report.getBoolean("verified"));
        List<String> failed = new ArrayList<>();
        report.getJsonArray("checks").forEach(c -> {
            JsonObject check = (JsonObject) c;
            if (!check.getBoolean("ok")) {
                failed.add(check.getString("name") + " " + check.getString("detail"));
            }
        });
        assertEquals(List.of("event-signature@5 " + message, "event-signature@6 " + message), failed);

        JsonObject bundle = bundle();
        assertEquals(5L, bundle.getJsonArray("keyHistory").getJsonObject(1).getLong("revokedFrom"));
        Path file = files.resolve("revoked.json");
        Files.writeString(file, bundle.encode());
        Path allKeys = files.resolve("keys-after.txt");
        Files.writeString(allKeys, service.http().get("/api/v1/ledger/key").body());
        Cli.Result offline = Cli.run("verify-bundle", file.toString(), "--key-file", allKeys.toString());
        assertEquals(1, offline.exit(), offline.out() + offline.err());
        assertTrue(offline.out().contains(message), offline.out());

        // the database keeps it: a revocation is never lifted, a retirement never moved
        assertThrows(Exception.class, () -> service.sql().run("UPDATE ledger_keys SET revoked_from = NULL"));
        assertThrows(Exception.class, () -> service.sql().run("UPDATE ledger_keys SET last_size = 9 WHERE key_id = '"
                + k1.keyIdHex() + "'"));
        assertThrows(Exception.class, () -> service.sql().run("UPDATE ledger_keys SET retired_at = now() WHERE key_id = '"
                + k1.keyIdHex() + "'"));
        assertTrue(revoked.out().contains(k2.verifierKey() + " revoked-from=5\n"), "the key-file line: " + revoked.out());
        Path keyFile = files.resolve("published.vkeys");
        Files.writeString(keyFile, "# the agency's keys\n" + allKeys());
        Cli.Result later = Cli.run("revoke-key", "--key-id", k2.keyIdHex(), "--from-size", "6", "--db-url", service.dbUrl(),
                "--key-file", keyFile.toString());
        assertEquals(0, later.exit(), later.err());
        assertTrue(later.out().contains("revoked from size 5"), later.out());
        assertEquals("# the agency's keys\n" + allKeys().replace(k2.verifierKey() + "\n", k2.verifierKey() + " revoked-from=5\n"),
                Files.readString(keyFile), "the key's line replaced, every other line kept");
        Cli.Result unknown = Cli.run("revoke-key", "--key-id", "00000000", "--from-size", "1", "--db-url", service.dbUrl());
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("no signing key with ID 00000000"), unknown.err());
        assertNull(history().getJsonObject(2).getValue("revokedFrom"));
    }

    /** {@code monitor --once} against the running service, with a key file of {@code trusted}, its state in {@code state}. */
    private static Cli.Result monitor(String state, NoteVerifier... trusted) throws Exception {
        Path keyFile = files.resolve("monitor-" + state + "-" + trusted.length + ".vkeys");
        StringBuilder lines = new StringBuilder();
        for (NoteVerifier k : trusted) {
            lines.append(k.verifierKey()).append('\n');
        }
        Files.writeString(keyFile, lines);
        return Cli.run("monitor", "--log", service.http().uri("/").toString(), "--key", keyFile.toString(), "--state",
                files.resolve("monitor-" + state).toString(), "--once", "--timeout-s", "20");
    }

    private static JsonObject keyJson() {
        HttpResponse<String> r = service.http().send(HttpRequest.newBuilder(service.http().uri("/api/v1/ledger/key"))
                .header("Accept", "application/json"));
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private static Cli.Result verifyBundle(JsonObject bundle, String name, String keyFileText) throws Exception {
        Path file = files.resolve(name + ".json");
        Files.writeString(file, bundle.encode());
        Path keyFile = files.resolve(name + ".vkeys");
        Files.writeString(keyFile, keyFileText);
        return Cli.run("verify-bundle", file.toString(), "--key-file", keyFile.toString());
    }

    private static String allKeys() {
        return service.http().get("/api/v1/ledger/key").body();
    }

    @Test
    @Order(3)
    void theKeyHistoryAndTheBundleCarryTheSignedHandovers() throws Exception {
        JsonArray handovers = keyJson().getJsonArray("handovers");
        assertEquals(2, handovers.size(), handovers.encodePrettily());
        NoteVerifier[][] pairs = {{k1, k2}, {k2, k3}};
        long[] sizes = {5, 8};
        for (int i = 0; i < 2; i++) {
            String note = handovers.getString(i);
            assertEquals(2, SignedNote.parse(note).signatures().size(), note);
            assertEquals(sizes[i], org.custodyledger.note.Checkpoints.verify(note, pairs[i][0]).size(),
                    "the first checkpoint under the new key: its first batch of one event");
            org.custodyledger.note.Checkpoints.verify(note, pairs[i][1]);
        }
        assertEquals(handovers, bundle().getJsonArray("keyHandovers"));
    }

    @Test
    @Order(3)
    void aBundleFromALedgerRotatedTwiceVerifiesWithTheMultiKeyFileAndItsHandoversChecked() throws Exception {
        Cli.Result ok = verifyBundle(bundle(), "rotated", allKeys());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("key-handover@4"), ok.out());
        assertTrue(ok.out().contains("key-handover@7"), ok.out());
        assertTrue(ok.out().contains("checkpoint of size 5 signed by both " + k1.name() + "+" + k1.keyIdHex()), ok.out());
        assertTrue(ok.out().lines().anyMatch(l -> l.contains("checked") && l.contains("signing keys")), ok.out());
        assertFalse(ok.out().contains("other checks"), ok.out());
    }

    @Test
    @Order(3)
    void aKeyHistoryEditedToLetTheOldKeyRunPastItsHandoverIsRefused() throws Exception {
        JsonObject bundle = bundle();
        JsonArray history = bundle.getJsonArray("keyHistory");
        history.getJsonObject(0).put("lastSize", 6L);
        history.getJsonObject(1).put("firstSize", 6L);
        Cli.Result r = verifyBundle(bundle, "edited", allKeys());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("keyHistory says " + k1.name() + "+" + k1.keyIdHex() + " was current for entries 0 to 5,"
                + " but its signed handover to " + k2.name() + "+" + k2.keyIdHex() + " is the checkpoint of size 5: the old"
                + " key signs nothing from entry 5 on"), r.out());

        // Stripping the handovers does not help: the rotations in the history are then unsigned.
        JsonObject stripped = bundle();
        stripped.remove("keyHandovers");
        Cli.Result s = verifyBundle(stripped, "stripped", allKeys());
        assertEquals(1, s.exit(), s.out() + s.err());
        assertTrue(s.out().contains("the bundle carries no checkpoint signed by both keys (keyHandovers)"), s.out());
    }

    @Test
    @Order(3)
    void eventsForgedWithTheRetiredKeyAfterItsHandoverAreRefused() throws Exception {
        // The retired K1 leaked: its holder writes a tree where K1 signed entries 4 and 5, signs its checkpoint with K1,
        // and moves K1's end in the readable history past them. The signed handover K1 -> K2 at size 5 says otherwise.
        JsonObject bundle = forgedByLeakedK1();
        JsonArray history = bundle.getJsonArray("keyHistory");
        history.getJsonObject(0).put("lastSize", 100L);
        history.getJsonObject(1).put("firstSize", 100L).put("lastSize", 200L);
        history.getJsonObject(2).put("firstSize", 200L);
        Cli.Result r = verifyBundle(bundle, "forged", allKeys());
        assertEquals(1, r.exit(), r.out() + r.err());
        // Entry 4 is in the handover batch (below the handover's size 5): the signed notes cannot tell who signed it.
        assertTrue(r.out().contains("event-signature@5: signed by key " + k1.name() + "+" + k1.keyIdHex() + " at index 5,"
                + " but that key was current for entries 0 to 4"), r.out());
        assertTrue(r.out().contains("the checkpoint at size 6 is signed only by"), r.out());
        assertTrue(r.out().contains("the old key signs nothing from entry 5 on"), r.out());
    }

    @Test
    @Order(3)
    void aHistoryThatBringsTheLeakedKeyBackIsRefused() throws Exception {
        // K1 -> K2 -> K1 again, both rotations "signed" by the one real handover listed twice; or K1 handing over to itself.
        JsonObject real = bundle();
        JsonArray history = real.getJsonArray("keyHistory");
        String handover = real.getJsonArray("keyHandovers").getString(0);
        JsonArray back = new JsonArray().add(history.getJsonObject(0).copy().put("lastSize", 5L))
                .add(history.getJsonObject(1).copy().put("firstSize", 5L).put("lastSize", 5L))
                .add(without(history.getJsonObject(0).copy().put("firstSize", 5L), "lastSize"));
        JsonArray toItself = new JsonArray().add(history.getJsonObject(0).copy().put("lastSize", 5L))
                .add(without(history.getJsonObject(0).copy().put("firstSize", 5L), "lastSize"));
        List<JsonArray> handoverLists = List.of(new JsonArray().add(handover).add(handover), new JsonArray().add(handover));
        List<JsonArray> histories = List.of(back, toItself);
        for (int i = 0; i < 2; i++) {
            JsonObject bundle = forgedByLeakedK1().put("keyHistory", histories.get(i)).put("keyHandovers", handoverLists.get(i));
            Cli.Result r = verifyBundle(bundle, "brought-back-" + i, allKeys());
            assertEquals(1, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("keyHistory names a key more than once (" + k1.name() + "+" + k1.keyIdHex() + ")"),
                    r.out());
            assertTrue(r.out().contains("event-signature@5: signed by key " + k1.name() + "+" + k1.keyIdHex() + " at index 5,"
                    + " but that key was current for entries 0 to 4"), r.out());
            assertTrue(r.out().contains("the checkpoint at size 6 is signed only by"), r.out());
        }
    }

    private static JsonObject without(JsonObject o, String field) {
        o.remove(field);
        return o;
    }

    /**
     * The retired K1 leaked: a bundle of a tree whose entries 4 and 5 its holder signed with K1, with a checkpoint of
     * size 6 signed by K1 alone (the real history and handovers kept, for each test to edit).
     */
    private static JsonObject forgedByLeakedK1() throws Exception {
        NoteSigner leaked = new NoteSigner(k1.name(), Ed25519Keys.readPrivate(keys.resolve("k1.pem")));
        JsonObject bundle = bundle();
        JsonArray events = bundle.getJsonArray("events");
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            leaves.add(Base64.getDecoder().decode(events.getJsonObject(i).getString("leaf")));
        }
        for (long i = 4; i < 6; i++) {
            CustodyEvent forged = CustodyEvent.of(footageId, Sha256Hasher.hash(video), EventType.ANNOTATED, "det-1",
                    "reviewer", Instant.parse("2026-12-01T10:00:00Z"), null, null, Map.of("note", "forged " + i)).withPrev(i - 1);
            leaves.add(new EventSigner(leaked).sign(forged).leafBytes());
        }
        List<byte[]> hashes = leaves.stream().map(Rfc6962::hashLeaf).toList();
        JsonArray forgedEvents = new JsonArray();
        for (int i = 0; i < leaves.size(); i++) {
            JsonArray proof = new JsonArray();
            path(i, hashes, 0, hashes.size()).forEach(h -> proof.add(Base64.getEncoder().encodeToString(h)));
            forgedEvents.add(new JsonObject().put("index", i).put("leaf", Base64.getEncoder().encodeToString(leaves.get(i)))
                    .put("leafHash", Base64.getEncoder().encodeToString(hashes.get(i))).put("inclusionProof", proof));
        }
        bundle.put("events", forgedEvents).put("earlierCheckpoints", new JsonArray()).remove("timestamp");
        bundle.put("checkpoint", org.custodyledger.note.Checkpoints.sign(
                new org.custodyledger.note.Checkpoint(k1.name(), leaves.size(), root(hashes, 0, hashes.size())), leaked));
        return bundle;
    }

    @Test
    @Order(3)
    void aHandoverSignedByOnlyOneOfTheTwoKeysIsRefused() throws Exception {
        JsonObject bundle = bundle();
        JsonArray handovers = bundle.getJsonArray("keyHandovers");
        SignedNote first = SignedNote.parse(handovers.getString(0));
        // keep only the new key's signature line
        SignedNote halved = new SignedNote(first.text(), first.signatures().stream()
                .filter(sig -> sig.keyId() == k2.keyId()).toList());
        handovers.set(0, halved.encode());
        Cli.Result r = verifyBundle(bundle, "halved", allKeys());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("keyHandovers[0] (size 5) is signed by the new key only: a handover must carry valid"
                + " signatures by both"), r.out());
    }

    @Test
    @Order(3)
    void theMonitorFollowsBothHandoversAndRefusesAKeyItDoesNotTrust() throws Exception {
        assertEquals(0, monitorBeforeRotation.exit(), monitorBeforeRotation.out() + monitorBeforeRotation.err());
        Cli.Result followed = monitor("followed", k1, k2, k3);
        assertEquals(0, followed.exit(), followed.out() + followed.err());
        assertTrue(followed.out().contains("key handover at size 5"), followed.out());
        assertTrue(followed.out().contains("key handover at size 8"), followed.out());
        assertTrue(followed.out().contains("consistent: size 5 root"), followed.out());
        Cli.Result again = monitor("followed", k1, k2, k3);
        assertEquals(0, again.exit(), again.out() + again.err());
        assertFalse(again.out().contains("key handover"), "the state now follows K3: " + again.out());

        Cli.Result onlyK1 = monitor("k1-only", k1);
        assertEquals(1, onlyK1.exit(), onlyK1.out() + onlyK1.err());
        assertTrue(onlyK1.err().contains("REFUSED: checkpoint from ") && onlyK1.err().contains("does not verify with "
                + k1.name() + "+" + k1.keyIdHex()), onlyK1.err());

        Cli.Result withoutK2 = monitor("without-k2", k1, k3);
        assertEquals(1, withoutK2.exit(), withoutK2.out() + withoutK2.err());
        assertTrue(withoutK2.err().contains("holds no handover checkpoint signed by both"), withoutK2.err());
    }

    @Test
    @Order(5)
    void aRevocationInTheKeyFileAloneIsHonoured() throws Exception {
        // The bundle's own (unsigned) history is stripped of the revocation; the verifier's key file carries it.
        JsonObject bundle = bundle();
        bundle.getJsonArray("keyHistory").forEach(k -> ((JsonObject) k).remove("revokedFrom"));
        String keyFile = allKeys().replace(k2.verifierKey() + "\n", k2.verifierKey() + " revoked-from=6\n");
        Cli.Result r = verifyBundle(bundle, "revoked-in-key-file", keyFile);
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("event-signature@6"), r.out());
        assertTrue(r.out().contains("signed by revoked key " + k2.keyIdHex() + " (revoked from 6)"), r.out());
        assertFalse(r.out().contains("event-signature@5: signed by revoked"), r.out());

        Cli.Result plain = verifyBundle(bundle, "not-revoked", allKeys());
        assertEquals(0, plain.exit(), "without the key file's line nothing says K2 is revoked: " + plain.out());

        Cli.Result bad = verifyBundle(bundle, "bad-annotation", allKeys().replace(k2.verifierKey() + "\n",
                k2.verifierKey() + " trusted-forever\n"));
        assertEquals(2, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.err().contains("may only say revoked-from=<tree size>"), bad.err());
    }

    /** RFC 6962 tree hash of leaf hashes [from, to). */
    private static byte[] root(List<byte[]> h, int from, int to) {
        if (to - from == 1) {
            return h.get(from);
        }
        int k = Integer.highestOneBit(to - from - 1);
        return Rfc6962.hashChildren(root(h, from, from + k), root(h, from + k, to));
    }

    /** RFC 9162 inclusion path of leaf {@code m}, from the leaf upwards. */
    private static List<byte[]> path(int m, List<byte[]> h, int from, int to) {
        List<byte[]> out = new ArrayList<>();
        if (to - from == 1) {
            return out;
        }
        int k = Integer.highestOneBit(to - from - 1);
        if (m - from < k) {
            out.addAll(path(m, h, from, from + k));
            out.add(root(h, from + k, to));
        } else {
            out.addAll(path(m, h, from + k, to));
            out.add(root(h, from, from + k));
        }
        return out;
    }

    private static JsonObject audit() {
        Http oversight = service.oversight("ombud-1");
        HttpResponse<String> started = Audits.start(oversight, new JsonObject());
        assertEquals(202, started.statusCode(), started.body());
        JsonObject job = Audits.awaitEnd(oversight, "/api/v1/ledger/audits/" + new JsonObject(started.body()).getString("id"));
        assertEquals("finished", job.getString("status"), job.encodePrettily());
        return job.getJsonObject("summary");
    }

    private static JsonObject bundle() {
        HttpResponse<String> r = reviewer().get("/api/v1/footage/" + footageId + "/bundle?purpose=disclosure");
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }
}
