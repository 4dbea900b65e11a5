package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.custodyledger.TestKeys;
import org.custodyledger.cli.Application;
import org.custodyledger.cli.RealWitness;
import org.custodyledger.config.AppConfig;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.note.SignedNote;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.DelayingProxy;
import org.custodyledger.testing.Events;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.TestDatabases;
import org.custodyledger.testing.TestTokens;
import org.custodyledger.witness.Policy;
import org.custodyledger.witness.PolicyParser;
import org.custodyledger.witnessd.WitnessState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as an agency and its oversight bodies would run it: three of OUR witness servers
 * ({@code witness-keygen}, then {@code witness --key --log --state --port 0}, each with its own
 * state folder, over real HTTP) and a real service whose {@code --witness-policy} lists them with
 * a 2-of-3 quorum. Seen only from outside: the published checkpoints, the witnesses endpoint, the
 * metrics, the ERROR log, and the witnesses' state folders.
 */
class WitnessedLogTest {
    private static final NoteVerifier LOG_KEY = TestKeys.sampleSigner().verifier();
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final List<String> NAMES = List.of("oversight-a.example/w1", "oversight-b.example/w2",
            "oversight-c.example/w3");

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<RealWitness> witnesses = new ArrayList<>();
    private Policy policy;
    private Path policyFile;
    private Application app;
    private Http http;

    @BeforeEach
    void startWitnesses() throws Exception {
        StringBuilder text = new StringBuilder("log " + LOG_KEY.verifierKey() + "\n");
        for (int i = 0; i < 3; i++) {
            RealWitness w = RealWitness.keygenAndStart(dir.resolve("witness-" + (i + 1)), NAMES.get(i), LOG_KEY);
            open.add(w);
            witnesses.add(w);
            text.append(w.policyLine()).append('\n');
        }
        text.append("group two-of-three 2 ").append(String.join(" ", NAMES)).append("\nquorum two-of-three\n");
        policy = PolicyParser.parse(text.toString());
        policyFile = Files.writeString(dir.resolve("witnesses.policy"), text);
    }

    @AfterEach
    void stopAll() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** A service with the sample signing key (the same key every time) on {@code dbUrl}, with the witness policy. */
    private void startService(String dbUrl, String data) throws Exception {
        app = Application.start(AppConfig.builder(dir.resolve(data)).dbUrl(dbUrl)
                .witnessPolicy(policyFile).witnessInterval(INTERVAL).build());
        open.add(app);
        http = new Http(app.port());
    }

    private void stopService() throws Exception {
        app.close();
        open.remove(app);
        app = null;
    }

    /** Appends {@code n} events named {@code prefix-i}; answers the log-signed note of the largest checkpoint they got. */
    private String append(String prefix, int n) {
        List<Future<AppendedEntry>> appends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            appends.add(app.sequencer().append(Events.viewed(prefix + "-" + i)));
        }
        Await.result(Future.all(appends));
        return appends.stream().map(Future::result).max((a, b) -> Long.compare(a.checkpoint().size(), b.checkpoint().size()))
                .orElseThrow().checkpointNote();
    }

    private String body(String path) {
        HttpResponse<String> r = http.get(path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    private JsonObject overview() {
        return new JsonObject(body("/api/v1/ledger/witnesses"));
    }

    private JsonObject witnessView(String name) {
        JsonArray all = overview().getJsonArray("witnesses");
        for (int i = 0; i < all.size(); i++) {
            if (all.getJsonObject(i).getString("name").equals(name)) {
                return all.getJsonObject(i);
            }
        }
        throw new AssertionError("no witness " + name + " in " + all);
    }

    private double metric(String name, String witness) {
        String text = http.as(TestTokens.oversight("auditor-1")).get("/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*witness=\"" + Pattern.quote(witness)
                + "\"[^}]*\\} (\\S+)$").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no series " + name + "{witness=\"" + witness + "\"} in\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }

    private static ConditionFactory eventually(String what) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
    }

    /**
     * Waits until both checkpoint endpoints serve the same note, of {@code size}, passing
     * {@link Policy#check} with exactly {@code cosigners}; answers that note.
     */
    private String awaitCosigned(long size, Set<String> cosigners) {
        List<String> served = new ArrayList<>();
        eventually("both checkpoint endpoints at size " + size + " cosigned by " + cosigners).untilAsserted(() -> {
            String api = body("/api/v1/ledger/checkpoint");
            String tlog = body("/tlog/checkpoint");
            assertEquals(api, tlog);
            Policy.Verdict v = policy.check(api);
            assertEquals(size, v.checkpoint().size());
            assertEquals(cosigners, v.cosigners());
            assertTrue(v.quorumMet());
            served.clear();
            served.add(api);
        });
        return served.get(0);
    }

    private Set<String> all() {
        return Set.copyOf(NAMES);
    }

    @Test
    void threeWitnessServersCosignAndKeepTheCosignedCheckpointInTheirStateFolders() throws Exception {
        startService(TestDatabases.freshDatabase(), "data");
        String signed = append("a", 5);
        String served = awaitCosigned(5, all());
        assertTrue(served.startsWith(signed), "the log-signed note, then the three cosignatures:\n" + served);
        assertEquals(1 + 3, SignedNote.parse(served).signatures().size(), served);

        JsonObject overview = overview();
        assertEquals("two-of-three", overview.getString("quorum"));
        assertTrue(overview.getBoolean("quorumMet"));
        assertEquals(5L, overview.getLong("cosignedSize"));
        for (RealWitness w : witnesses) {
            JsonObject view = witnessView(w.name());
            assertEquals("ok", view.getString("state"), view.encode());
            assertEquals(5L, view.getLong("cosignedSize"));
            assertEquals(w.url(), view.getString("url"));
            assertEquals(w.verifier().verifierKey(), view.getString("vkey"));
            Instant at = Instant.parse(view.getString("cosignedAt"));
            assertTrue(Duration.between(at, Instant.now()).abs().compareTo(Duration.ofMinutes(1)) < 0, at.toString());
            assertEquals(0.0, metric("custody_witness_alarms_total", w.name()));
            // Durable state: the witness's folder holds the very note the log signed, at size 5.
            WitnessState.Latest stored = w.stored();
            assertNotNull(stored, w.name() + " stored nothing");
            assertEquals(5, stored.checkpoint().size());
            assertEquals(signed, stored.note());
            assertTrue(w.evidence().isEmpty(), w.evidence().toString());
        }

        String more = append("a2", 3);
        assertTrue(awaitCosigned(8, all()).startsWith(more));
        for (RealWitness w : witnesses) {
            eventually(w.name() + " stored size 8").untilAsserted(() -> assertEquals(8, w.stored().checkpoint().size()));
        }
    }

    @Test
    void oneWitnessDownChangesNothingForAppendsAndItCatchesUpWhenBack() throws Exception {
        startService(TestDatabases.freshDatabase(), "data");
        append("a", 3);
        awaitCosigned(3, all());
        RealWitness w3 = witnesses.get(2);
        byte[] w3Before = w3.storedBytes();
        w3.stop();

        // Appends go on as before: each batch is answered with a log-signed checkpoint at once, not after a witness round.
        for (int round = 0; round < 4; round++) {
            long started = System.nanoTime();
            String note = append("down-" + round, 2);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "appends took " + took + " with a witness down");
            assertEquals(3 + 2L * (round + 1), policy.check(note).checkpoint().size());
        }
        awaitCosigned(11, Set.of(NAMES.get(0), NAMES.get(1)));
        eventually("w3 reported unreachable").untilAsserted(() -> {
            JsonObject view = witnessView(w3.name());
            assertEquals("unreachable", view.getString("state"), view.encode());
            assertNotNull(view.getString("lastError"));
            assertEquals(3L, view.getLong("cosignedSize"));
        });
        assertTrue(overview().getBoolean("quorumMet"));
        assertEquals(0.0, metric("custody_witness_alarms_total", w3.name()), "down is not a split view");
        assertArrayEquals(w3Before, w3.storedBytes(), "a stopped witness's state is untouched");

        // Back on the same port and state: the log resends from its size 3 with a proof, and it cosigns again.
        w3.start();
        awaitCosigned(11, all());
        assertEquals("ok", witnessView(w3.name()).getString("state"));
        assertEquals(11, w3.stored().checkpoint().size());
    }

    @Test
    void aRestartedServiceOnTheSameDatabaseIsCosignedAgainWithoutAnAlarm() throws Exception {
        // The honest counterpart of the split view: the same history after a restart (cosignatures live in memory).
        String db = TestDatabases.freshDatabase();
        startService(db, "data");
        append("a", 3);
        awaitCosigned(3, all());
        stopService();
        startService(db, "data");
        String signed = append("a2", 2);
        // The new process sends old 0; each witness answers 409 with 3; the resend from 3 with a proof is cosigned.
        assertTrue(awaitCosigned(5, all()).startsWith(signed));
        for (RealWitness w : witnesses) {
            assertEquals("ok", witnessView(w.name()).getString("state"));
            assertEquals(0.0, metric("custody_witness_alarms_total", w.name()));
            eventually(w.name() + " stored size 5").untilAsserted(() -> assertEquals(signed, w.stored().note()));
            assertTrue(w.evidence().isEmpty(), w.name() + ": a restart is no contradiction");
        }
    }

    @Test
    void twoInstancesOnOneDatabaseRaceToTheSameWitnessesWithoutAFalseAlarm() throws Exception {
        // One log, two stateless instances (DESIGN §8) sending the log's newest checkpoint to the same three
        // witnesses while both append. The second reaches them through a slow network (150 ms): by the time its
        // checkpoint arrives, the first has had a newer one cosigned, and the witness answers 409 with a bigger
        // size. That is the log's own tree, not a split view.
        Vertx vertx = Vertx.vertx();
        open.add(() -> Await.result(vertx.close()));
        StringBuilder slow = new StringBuilder("log " + LOG_KEY.verifierKey() + "\n");
        for (RealWitness w : witnesses) {
            DelayingProxy proxy = DelayingProxy.start(vertx, w.url(), Duration.ofMillis(150));
            open.add(proxy);
            slow.append("witness ").append(w.name()).append(' ').append(w.verifier().verifierKey()).append(' ')
                    .append(proxy.url()).append('\n');
        }
        slow.append("group two-of-three 2 ").append(String.join(" ", NAMES)).append("\nquorum two-of-three\n");
        Path[] policies = {policyFile, Files.writeString(dir.resolve("slow.policy"), slow)};
        String db = TestDatabases.freshDatabase();
        Application[] instances = new Application[2];
        Http[] https = new Http[2];
        for (int i = 0; i < 2; i++) {
            instances[i] = Application.start(AppConfig.builder(dir.resolve("data-" + i)).dbUrl(db)
                    .witnessPolicy(policies[i]).witnessInterval(Duration.ofMillis(50)).build());
            open.add(instances[i]);
            https[i] = new Http(instances[i].port());
        }
        long lastServed = 0;
        long size = 0;
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        for (int round = 0; System.nanoTime() < until; round++) {
            app = instances[round % 2];
            http = https[round % 2];
            size = policy.check(append("race-" + round, 1 + round % 3)).checkpoint().size();
            // Each instance serves the newest cosigned tree recorded by either: a reader switching between them
            // never sees the cosigned size go back.
            Policy.Verdict v = policy.check(body("/tlog/checkpoint"));
            if (v.quorumMet()) {
                assertTrue(v.checkpoint().size() >= lastServed, v.checkpoint().size() + " after " + lastServed);
                lastServed = v.checkpoint().size();
            }
            Thread.sleep(10);
        }
        for (int i = 0; i < 2; i++) {
            app = instances[i];
            http = https[i];
            awaitCosigned(size, all());
            for (RealWitness w : witnesses) {
                JsonObject view = witnessView(w.name());
                assertEquals("ok", view.getString("state"), "instance " + i + ": " + view.encode());
                assertEquals(0.0, metric("custody_witness_alarms_total", w.name()), "instance " + i + ", " + w.name());
            }
        }
        for (RealWitness w : witnesses) {
            assertTrue(w.evidence().isEmpty(), w.name() + ": " + w.evidence());
        }
    }

    @Test
    void aSecondHistoryUnderTheSameKeyIsRefusedByEveryWitnessAndRaisesTheAlarm() throws Exception {
        // History A: cosigned at size 5 by all three witnesses.
        startService(TestDatabases.freshDatabase(), "data-a");
        String historyA = append("a", 5);
        awaitCosigned(5, all());
        List<byte[]> before = new ArrayList<>();
        for (RealWitness w : witnesses) {
            eventually(w.name() + " stored A's size 5").untilAsserted(() -> assertEquals(historyA, w.stored().note()));
            before.add(w.storedBytes());
        }
        stopService();

        // The operator, holding the signing key, restores another database (history B: other leaves from
        // index 0 on) and restarts the service with the same key and the same witnesses: a split view.
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new Tee(stderr, captured), true, StandardCharsets.UTF_8));
        try {
            startService(TestDatabases.freshDatabase(), "data-b");
            String historyB = append("b", 8);
            assertEquals(8, policy.check(historyB).checkpoint().size(), "B is signed with the same log key");

            for (RealWitness w : witnesses) {
                eventually(w.name() + " refuses B: split-view alarm").untilAsserted(() -> {
                    JsonObject view = witnessView(w.name());
                    assertEquals("split-view", view.getString("state"), view.encode());
                    // Sent old 0, answered 409 with 5; resent from 5, B's proof cannot reach A's root at 5: 422.
                    assertTrue(view.getString("lastError").contains("answered 422"), view.encode());
                    assertTrue(metric("custody_witness_alarms_total", w.name()) >= 1);
                });
            }
            eventually("an ERROR log line per witness").untilAsserted(() -> {
                String log = captured.toString(StandardCharsets.UTF_8);
                for (RealWitness w : witnesses) {
                    assertTrue(Pattern.compile("(?m)ERROR.*SPLIT-VIEW ALARM: witness " + Pattern.quote(w.name())).matcher(log).find(),
                            "no alarm for " + w.name() + " in:\n" + log);
                }
            });

            // Nothing cosigned is published for B: both endpoints serve B's log-signed note alone.
            for (String path : List.of("/api/v1/ledger/checkpoint", "/tlog/checkpoint")) {
                String served = body(path);
                assertEquals(historyB, served, path);
                Policy.Verdict v = policy.check(served);
                assertTrue(v.cosigners().isEmpty(), path + ": " + v);
                assertFalse(v.quorumMet());
            }
            JsonObject overview = overview();
            assertFalse(overview.getBoolean("quorumMet"));
            assertNull(overview.getValue("cosignedSize"));

            // Appends still work on B, and still nothing gets cosigned.
            String moreB = append("b2", 2);
            assertEquals(10, policy.check(moreB).checkpoint().size());
            double alarms = metric("custody_witness_alarms_total", NAMES.get(0));
            eventually("the alarm counter grows as B keeps being refused").until(
                    () -> metric("custody_witness_alarms_total", NAMES.get(0)) > alarms);
            assertEquals(moreB, body("/api/v1/ledger/checkpoint"));
            assertEquals(moreB, body("/tlog/checkpoint"));

            // The witnesses still hold history A, byte for byte. A failing proof proves nothing by itself
            // (anyone can pair a genuine note with a made-up proof), so they keep no evidence file for it:
            // the alarm is the log's (above) and the witness's warning line.
            for (int i = 0; i < 3; i++) {
                RealWitness w = witnesses.get(i);
                assertArrayEquals(before.get(i), w.storedBytes(), w.name() + "'s state changed");
                assertEquals(historyA, w.stored().note());
                assertEquals(List.of(), w.evidence(), w.name());
            }
        } finally {
            System.setErr(stderr);
        }
    }

    @Test
    void twoHistoriesShownAtOnceOnlyTheFirstWitnessedOneIsEverCosigned() throws Exception {
        // A true split view: A keeps running and growing while B, same key and same witnesses, runs beside it.
        startService(TestDatabases.freshDatabase(), "data-a");
        Application a = app;
        Http httpA = http;
        append("a", 4);
        awaitCosigned(4, all());
        startService(TestDatabases.freshDatabase(), "data-b");
        Application b = app;
        Http httpB = http;
        String historyB = append("b", 6);
        for (RealWitness w : witnesses) {
            eventually(w.name() + " refuses B").untilAsserted(
                    () -> assertEquals("split-view", witnessView(w.name()).getString("state")));
        }
        // A goes on being cosigned by the same witnesses, past B's size; B never is.
        app = a;
        http = httpA;
        String historyA = append("a2", 5);
        awaitCosigned(9, all());
        for (RealWitness w : witnesses) {
            eventually(w.name() + " stored A's size 9").untilAsserted(() -> assertEquals(historyA, w.stored().note()));
            assertEquals("ok", witnessView(w.name()).getString("state"));
        }
        app = b;
        http = httpB;
        String moreB = append("b2", 1);
        eventually("B is refused again at its new size").untilAsserted(() -> {
            JsonObject view = witnessView(NAMES.get(0));
            assertEquals("split-view", view.getString("state"));
            assertTrue(view.getString("lastError").contains("size 7"), view.encode());
        });
        for (String path : List.of("/api/v1/ledger/checkpoint", "/tlog/checkpoint")) {
            assertEquals(moreB, body(path), path);
            assertTrue(policy.check(body(path)).cosigners().isEmpty());
        }
        assertEquals(6, policy.check(historyB).checkpoint().size(), "B signed with the same log key");
        for (RealWitness w : witnesses) {
            assertEquals(historyA, w.stored().note(), w.name() + " must still hold A");
        }
    }

    /** Writes to two streams: what the test captures, and the console as before. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
