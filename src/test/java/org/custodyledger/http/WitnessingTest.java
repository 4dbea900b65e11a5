package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.custodyledger.TestKeys;
import org.custodyledger.cli.Application;
import org.custodyledger.config.AppConfig;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.Events;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestDatabases;
import org.custodyledger.testing.TestTokens;
import org.custodyledger.testing.TestWitness;
import org.custodyledger.witness.Policy;
import org.custodyledger.witness.PolicyParser;
import org.custodyledger.witness.WitnessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve --witness-policy against three real HTTP witnesses, quorum 2 of 3, seen as an outside verifier sees it.
 *
 * <p>The witnesses here are {@link TestWitness}: real HTTP servers running the same pure witness
 * code ({@code Witnessing.decide}) as the {@code witness} command, but in memory and controllable —
 * they count requests (the re-send and one-request-in-flight checks), can be seeded with another
 * view of the log (the split-view cases) and can hang (the timeout case), none of which the real
 * server can be made to do. The same flows against our real {@code witness} server (keygen,
 * durable state folder, evidence files) are in {@link WitnessedLogTest}.
 */
class WitnessingTest {
    private static final NoteVerifier LOG_KEY = TestKeys.sampleSigner().verifier();
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static Vertx vertx;

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private Application app;
    private Http http;
    private Policy policy;
    private Path policyFile;
    private String dbUrl;
    private TestWitness w1;
    private TestWitness w2;
    private TestWitness w3;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        Await.result(vertx.close());
    }

    @AfterEach
    void stop() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** Three witnesses; {@code prepare} may seed, hang or stop them before the service starts. */
    private void start(java.util.function.Consumer<TestWitness[]> prepare) throws Exception {
        start(prepare, "group two-of-three 2 w1 w2 w3\nquorum two-of-three\n");
    }

    /** Three witnesses and the policy's group and quorum lines {@code quorum}. */
    private void start(java.util.function.Consumer<TestWitness[]> prepare, String quorum) throws Exception {
        w1 = witness("w1", 11);
        w2 = witness("w2", 12);
        w3 = witness("w3", 13);
        String text = "# test policy\nlog " + LOG_KEY.verifierKey() + "\n" + w1.policyLine() + "\n" + w2.policyLine() + "\n"
                + w3.policyLine() + "\n" + quorum;
        policy = PolicyParser.parse(text);
        prepare.accept(new TestWitness[] {w1, w2, w3});
        policyFile = Files.writeString(dir.resolve("witnesses.policy"), text);
        dbUrl = TestDatabases.freshDatabase();
        restart();
    }

    /** Starts the service (again) on the same database and policy. */
    private void restart() throws Exception {
        if (app != null) {
            app.close();
            open.remove(app);
        }
        app = Application.start(AppConfig.builder(dir.resolve("data")).dbUrl(dbUrl)
                .witnessPolicy(policyFile).witnessInterval(INTERVAL).build());
        open.add(app);
        http = new Http(app.port());
    }

    private TestWitness witness(String name, int seed) {
        TestWitness w = TestWitness.start(vertx, name, seed, LOG_KEY);
        open.add(w);
        return w;
    }

    /** Appends {@code n} events; answers the log-signed note of the largest checkpoint they got. */
    private String append(int n) {
        List<Future<AppendedEntry>> appends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            appends.add(app.sequencer().append(Events.viewed("w-" + i)));
        }
        Await.result(Future.all(appends));
        return appends.stream().map(Future::result).max((a, b) -> Long.compare(a.checkpoint().size(), b.checkpoint().size()))
                .orElseThrow().checkpointNote();
    }

    private Policy.Verdict served() throws WitnessException {
        HttpResponse<String> r = http.get("/api/v1/ledger/checkpoint");
        assertEquals(200, r.statusCode(), r.body());
        return policy.check(r.body());
    }

    private JsonObject witnesses() {
        HttpResponse<String> r = http.get("/api/v1/ledger/witnesses");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow().split(";")[0]);
        return new JsonObject(r.body());
    }

    private JsonObject witness(String name) {
        JsonArray all = witnesses().getJsonArray("witnesses");
        for (int i = 0; i < all.size(); i++) {
            if (all.getJsonObject(i).getString("name").equals(name)) {
                return all.getJsonObject(i);
            }
        }
        throw new AssertionError("no witness " + name + " in " + all);
    }

    private static ConditionFactory eventually(String what) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
    }

    /** Waits until the served checkpoint is of {@code size} and cosigned by exactly {@code cosigners}. */
    private void awaitCosigned(long size, String... cosigners) {
        eventually("a checkpoint of size " + size + " cosigned by " + Arrays.toString(cosigners)).untilAsserted(() -> {
            Policy.Verdict v = served();
            assertEquals(size, v.checkpoint().size());
            assertEquals(Set.of(cosigners), v.cosigners());
            assertTrue(v.quorumMet());
        });
    }

    private double metric(String name, String witness) {
        String text = new Http(app.port()).as(TestTokens.oversight("auditor-1")).get("/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*witness=\"" + witness + "\"[^}]*\\} (\\S+)$")
                .matcher(text);
        if (!m.find()) {
            throw new AssertionError("no series " + name + "{witness=\"" + witness + "\"} in\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }

    @Test
    void threeWitnessesCosignTheNewestCheckpointAndKeepCosigningIt() throws Exception {
        start(w -> { });
        String signed = append(5);
        awaitCosigned(5, "w1", "w2", "w3");
        String body = http.get("/api/v1/ledger/checkpoint").body();
        assertTrue(body.startsWith(signed), "the log-signed note, then the cosignatures:\n" + body);
        List<String> added = body.substring(signed.length()).lines().toList();
        assertEquals(3, added.size(), body);
        for (int i = 0; i < 3; i++) {
            assertTrue(added.get(i).startsWith("— w" + (i + 1) + " "), "policy order: " + added);
        }

        JsonObject overview = witnesses();
        assertEquals(Set.of("quorum", "cosignedSize", "quorumMet", "witnesses"), overview.fieldNames());
        assertEquals("two-of-three", overview.getString("quorum"));
        assertEquals(5L, overview.getLong("cosignedSize"));
        assertTrue(overview.getBoolean("quorumMet"));
        JsonArray list = overview.getJsonArray("witnesses");
        assertEquals(3, list.size());
        TestWitness[] all = {w1, w2, w3};
        for (int i = 0; i < 3; i++) {
            JsonObject w = list.getJsonObject(i);
            assertEquals(Set.of("name", "vkey", "url", "state", "cosignedSize", "cosignedAt", "lastError"), w.fieldNames());
            assertEquals("w" + (i + 1), w.getString("name"));
            assertEquals(all[i].verifier().verifierKey(), w.getString("vkey"));
            assertEquals(all[i].url(), w.getString("url"));
            assertEquals("ok", w.getString("state"));
            assertEquals(5L, w.getLong("cosignedSize"));
            Instant at = Instant.parse(w.getString("cosignedAt"));
            assertTrue(Duration.between(at, Instant.now()).abs().compareTo(Duration.ofMinutes(1)) < 0, at.toString());
            assertNull(w.getValue("lastError"));
            assertTrue(w.containsKey("lastError"));
        }
        assertEquals(5.0, metric("custody_witness_cosigned_size", "w2"));
        assertEquals(0.0, metric("custody_witness_alarms_total", "w2"));

        // Unchanged, the checkpoint is still sent every interval, so its cosignatures stay fresh.
        int seen = w1.requests();
        eventually("the unchanged checkpoint re-sent").until(() -> w1.requests() >= seen + 3);
        assertEquals(5, w1.latest().size());
        String more = append(2);
        awaitCosigned(7, "w1", "w2", "w3");
        assertTrue(http.get("/api/v1/ledger/checkpoint").body().startsWith(more));
    }

    @Test
    void aRestartedServiceResumesFromTheSizesTheWitnessesCosigned() throws Exception {
        start(w -> { });
        String signed = append(3);
        awaitCosigned(3, "w1", "w2", "w3");
        restart();
        // The cosigned checkpoint was recorded in the database: served at once, before any witness answers again.
        String served = http.get("/api/v1/ledger/checkpoint").body();
        assertTrue(served.startsWith(signed + "— w"), served);
        assertEquals(3, served().checkpoint().size());
        assertTrue(served().quorumMet());
        assertEquals(3L, witnesses().getLong("cosignedSize"));
        append(2);
        // The new process first sends old 0; each witness answers 409 with size 3, and the resend from 3 is cosigned.
        awaitCosigned(5, "w1", "w2", "w3");
        for (String name : List.of("w1", "w2", "w3")) {
            assertEquals("ok", witness(name).getString("state"));
            assertEquals(0.0, metric("custody_witness_alarms_total", name));
        }
    }

    @Test
    void aRestartWithTheWitnessesDownStillServesTheCosignedTreeNeverAPlainOne() throws Exception {
        start(w -> { });
        String signed = append(3);
        awaitCosigned(3, "w1", "w2", "w3");
        w1.close();
        w2.close();
        w3.close();
        restart();
        append(2);
        List<Long> sizes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Policy.Verdict v = served();
            assertTrue(v.quorumMet(), "round " + i + ": " + v);
            sizes.add(v.checkpoint().size());
            Thread.sleep(INTERVAL.toMillis() / 2);
        }
        assertEquals(Collections.nCopies(10, 3L), sizes, "the recorded cosigned tree, never back to an uncosigned one");
        assertTrue(http.get("/tlog/checkpoint").body().startsWith(signed + "— w"));
    }

    @Test
    void aSecondInstanceOnTheSameDatabaseServesTheNewestCosignedTreeRecorded() throws Exception {
        start(w -> { });
        // B's witnesses are asked once, at start (an empty log: nothing sent), then not for an hour:
        // whatever B serves cosigned, it read from the database, recorded by A.
        Application b = Application.start(AppConfig.builder(dir.resolve("data-b")).dbUrl(dbUrl)
                .witnessPolicy(policyFile).witnessInterval(Duration.ofHours(1)).build());
        open.add(b);
        Http httpB = new Http(b.port());
        String signed = append(4);
        awaitCosigned(4, "w1", "w2", "w3");
        eventually("B serves A's cosigned checkpoint").untilAsserted(() -> {
            String servedByB = httpB.get("/api/v1/ledger/checkpoint").body();
            assertTrue(servedByB.startsWith(signed + "— w"), servedByB);
            assertEquals(4, policy.check(servedByB).checkpoint().size());
            assertTrue(policy.check(servedByB).quorumMet());
            assertEquals(servedByB, httpB.get("/tlog/checkpoint").body());
        });
        assertEquals(4L, new JsonObject(httpB.get("/api/v1/ledger/witnesses").body()).getLong("cosignedSize"));
    }

    @Test
    void withQuorumNoneTheLatestSignedCheckpointIsServedAndTheWitnessesStillReported() throws Exception {
        start(w -> { }, "quorum none\n");
        String first = append(3);
        eventually("w1 cosigned size 3").untilAsserted(() -> assertEquals(3L, witness("w1").getLong("cosignedSize")));
        assertEquals(first, http.get("/api/v1/ledger/checkpoint").body());
        w1.close();
        w2.close();
        w3.close();
        String later = append(2);
        // Not pinned at the last cosigned size: the newest log-signed checkpoint, as without a policy.
        assertEquals(later, http.get("/api/v1/ledger/checkpoint").body());
        assertEquals(later, http.get("/tlog/checkpoint").body());
        JsonObject overview = witnesses();
        assertEquals("none", overview.getString("quorum"));
        assertNull(overview.getValue("cosignedSize"));
        assertTrue(overview.getBoolean("quorumMet"), "quorum none asks for nothing");
        assertEquals(3L, witness("w2").getLong("cosignedSize"));
        try (Sql sql = new Sql(dbUrl)) {
            assertEquals(0, sql.count("SELECT count(*) FROM cosigned_checkpoints"), "nothing cosigned is published");
        }
    }

    @Test
    void anEvidenceBundleCarriesTheCosignedCheckpoint() throws Exception {
        start(w -> { });
        Http officer = http.as(TestTokens.officer("officer-7"));
        HttpResponse<String> created = officer.send(HttpRequest.newBuilder(officer.uri("/api/v1/footage/by-hash"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"sha256\":\"" + "2b".repeat(32) + "\",\"size\":5,\"filename\":\"kept.mp4\"}")));
        assertEquals(201, created.statusCode(), created.body());
        String id = new JsonObject(created.body()).getString("id");
        append(2);
        awaitCosigned(3, "w1", "w2", "w3");

        JsonObject bundle = VerificationApiTest.fetchBundle(http.as(TestTokens.reviewer("det-ruiz")), id);
        JsonArray earlier = bundle.getJsonArray("earlierCheckpoints");
        List<String> notes = new ArrayList<>(List.of(bundle.getString("checkpoint")));
        for (int i = 0; i < earlier.size(); i++) {
            notes.add(earlier.getJsonObject(i).getString("checkpoint"));
        }
        // Cited among the earlier checkpoints (or, if the witnesses were quicker than the export, as the checkpoint).
        List<Policy.Verdict> cosigned = new ArrayList<>();
        for (String note : notes) {
            Policy.Verdict v = policy.check(note);
            if (v.quorumMet() && !v.cosigners().isEmpty()) {
                cosigned.add(v);
            }
        }
        assertEquals(1, cosigned.size(), bundle.encodePrettily());
        assertTrue(cosigned.get(0).checkpoint().size() >= 3, earlier.encodePrettily());

        Path file = Files.writeString(dir.resolve("bundle.json"), bundle.encode());
        Cli.Result offline = Cli.run("verify-bundle", file.toString(), "--key", LOG_KEY.verifierKey());
        assertEquals(0, offline.exit(), offline.out() + offline.err());

        offline = Cli.run("verify-bundle", file.toString(), "--key", LOG_KEY.verifierKey(),
                "--witness-policy", policyFile.toString());
        long cosignedSize = cosigned.get(0).checkpoint().size();
        assertEquals(0, offline.exit(), offline.out() + offline.err());
        assertTrue(offline.out().contains("ok    witness-quorum: checkpoint of size " + cosigned.get(0).checkpoint().size()
                + " cosigned by w1, w2, w3: quorum two-of-three met; the cosigned tree of size " + cosignedSize
                + " covers log entries 0.." + (cosignedSize - 1) + ": "), offline.out());
        // The footage's REGISTERED event (index 0) and the export's EXPORTED event (index 3, appended after size 3).
        assertTrue(offline.out().contains(cosignedSize > 3 ? "all 2 of this bundle's events, the last included"
                : "1 of this bundle's 2 events; not yet witnessed: the event at index 3 (signed by the log alone)"), offline.out());
        // A policy whose quorum is a witness that never saw this log: the bundle does not meet it.
        TestWitness stranger = witness("w4", 14);
        Path strict = Files.writeString(dir.resolve("strict.policy"), "log " + LOG_KEY.verifierKey() + "\n"
                + w1.policyLine() + "\n" + stranger.policyLine() + "\ngroup both all w1 w4\nquorum both\n");
        offline = Cli.run("verify-bundle", file.toString(), "--key", LOG_KEY.verifierKey(), "--witness-policy", strict.toString());
        assertEquals(1, offline.exit(), offline.out() + offline.err());
        assertTrue(offline.out().contains("FAIL  witness-quorum: no checkpoint in the bundle meets quorum both"), offline.out());
    }

    @Test
    void oneWitnessDownChangesNothingForAppendsOrTheQuorum() throws Exception {
        start(w -> w[2].close());
        append(3);
        awaitCosigned(3, "w1", "w2");
        eventually("w3 reported unreachable").untilAsserted(() -> {
            JsonObject w3 = witness("w3");
            assertEquals("unreachable", w3.getString("state"));
            assertNotNull(w3.getString("lastError"));
            assertEquals(0L, w3.getLong("cosignedSize"));
            assertNull(w3.getValue("cosignedAt"));
        });
        append(4);
        awaitCosigned(7, "w1", "w2");
        assertTrue(witnesses().getBoolean("quorumMet"));
    }

    @Test
    void aWitnessThatNeverAnswersHoldsUpOnlyItself() throws Exception {
        start(w -> w[2].hang());
        long started = System.nanoTime();
        append(3);
        awaitCosigned(3, "w1", "w2");
        append(2);
        awaitCosigned(5, "w1", "w2");
        // One request in flight to the silent witness until it times out (5 s), not one per 200 ms round.
        long timeouts = Duration.ofNanos(System.nanoTime() - started).toSeconds() / 5;
        assertTrue(w3.requests() >= 1 && w3.requests() <= 1 + timeouts, w3.requests() + " requests");
        eventually("the silent witness timed out").untilAsserted(() -> assertEquals("unreachable", witness("w3").getString("state")));
    }

    @Test
    void beforeAnyQuorumTheLogSignedCheckpointIsServed() throws Exception {
        start(w -> {
            w[1].close();
            w[2].close();
        });
        String signed = append(3);
        eventually("w1 cosigned size 3").untilAsserted(() -> assertEquals(3L, witness("w1").getLong("cosignedSize")));
        assertEquals(signed, http.get("/api/v1/ledger/checkpoint").body());
        JsonObject overview = witnesses();
        assertEquals(false, overview.getBoolean("quorumMet"));
        assertNull(overview.getValue("cosignedSize"));
    }

    @Test
    void aWitnessThatCosignedABiggerTreeRaisesASplitViewAlarm() throws Exception {
        byte[] otherRoot = new byte[32];
        Arrays.fill(otherRoot, (byte) 7);
        start(w -> w[2].seed(new Checkpoint(LOG_KEY.name(), 1000, otherRoot)));
        append(3);
        eventually("w3 in split-view").untilAsserted(() -> {
            JsonObject w3 = witness("w3");
            assertEquals("split-view", w3.getString("state"));
            assertTrue(w3.getString("lastError").contains("answered 409: it has cosigned size 1000"), w3.encode());
        });
        assertTrue(metric("custody_witness_alarms_total", "w3") >= 1);
        assertEquals(0.0, metric("custody_witness_alarms_total", "w1"));
        awaitCosigned(3, "w1", "w2");
        append(2);
        awaitCosigned(5, "w1", "w2");
        assertEquals("split-view", witness("w3").getString("state"));
    }

    @Test
    void aWitnessHoldingAnotherTreeRaisesASplitViewAlarm() throws Exception {
        byte[] otherRoot = new byte[32];
        Arrays.fill(otherRoot, (byte) 9);
        start(w -> w[2].seed(new Checkpoint(LOG_KEY.name(), 2, otherRoot)));
        append(4);
        // Resent from the witness's size 2, the proof to 4 cannot match its root: 422.
        eventually("w3 refuses the proof").untilAsserted(() -> {
            JsonObject w3 = witness("w3");
            assertEquals("split-view", w3.getString("state"));
            assertTrue(w3.getString("lastError").contains("answered 422"), w3.encode());
        });
        assertTrue(metric("custody_witness_alarms_total", "w3") >= 1);
        awaitCosigned(4, "w1", "w2");
        assertEquals(2, w3.latest().size());
    }

    @Test
    void aBadPolicyRefusesStartUp() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.policy"), "log " + LOG_KEY.verifierKey() + "\nwitnes w1 k u\nquorum none\n");
        Exception e = assertThrows(WitnessException.class, () -> Application.start(AppConfig.builder(dir.resolve("data"))
                .dbUrl("postgresql://localhost:1/never-reached").witnessPolicy(bad).build()));
        assertEquals("witness policy " + bad + ": policy line 2: unknown keyword \"witnes\" (want log, witness, group or quorum)",
                e.getMessage());

        NoteVerifier other = NoteVerifier.of("other.example/log",
                new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(new byte[32], 0).generatePublicKey());
        Path otherLog = Files.writeString(dir.resolve("other.policy"), "log " + other.verifierKey() + "\nquorum none\n");
        e = assertThrows(WitnessException.class, () -> Application.start(AppConfig.builder(dir.resolve("data"))
                .dbUrl("postgresql://localhost:1/never-reached").witnessPolicy(otherLog).build()));
        assertEquals("witness policy " + otherLog + ": the witness policy has no \"log\" line with this log's key "
                + LOG_KEY.verifierKey() + " (it lists " + other.verifierKey() + ")", e.getMessage());

        Path missing = dir.resolve("missing.policy");
        e = assertThrows(java.io.IOException.class, () -> Application.start(AppConfig.builder(dir.resolve("data"))
                .dbUrl("postgresql://localhost:1/never-reached").witnessPolicy(missing).build()));
        assertTrue(e.getMessage().startsWith("witness policy " + missing + ": cannot be read"), e.getMessage());
    }
}
