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
import java.util.List;
import java.util.Map;
import org.custodyledger.config.AppConfig;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.model.AppendedEntry;
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
        Cli.Result later = Cli.run("revoke-key", "--key-id", k2.keyIdHex(), "--from-size", "6", "--db-url", service.dbUrl());
        assertEquals(0, later.exit(), later.err());
        assertTrue(later.out().contains("revoked from size 5"), later.out());
        Cli.Result unknown = Cli.run("revoke-key", "--key-id", "00000000", "--from-size", "1", "--db-url", service.dbUrl());
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("no signing key with ID 00000000"), unknown.err());
        assertNull(history().getJsonObject(2).getValue("revokedFrom"));
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
