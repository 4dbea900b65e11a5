package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.custodyledger.TestKeys;
import org.custodyledger.cli.Application;
import org.custodyledger.config.AppConfig;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.timestamp.TimestampTokens;
import org.custodyledger.timestamp.VerifiedToken;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.Events;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestDatabases;
import org.custodyledger.testing.TestTokens;
import org.custodyledger.testing.TestTsa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve --tsa-url against a real RFC 3161 TSA over HTTP (Bouncy Castle's generator behind the
 * JDK's HTTP server, its own CA): tokens over the newest checkpoint are checked on receipt and
 * kept, served, carried by bundles and verified offline; a TSA that misbehaves or is down
 * never gets a token kept and never holds up an append.
 */
class TimestampingTest {
    private static final String LOG_KEY = TestKeys.sampleSigner().verifier().verifierKey();
    private static final Duration INTERVAL = Duration.ofMillis(200);

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private TestTsa tsa;
    private Application app;
    private Http http;
    private Sql sql;

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** A TSA, and the service asking it, trusting {@code trusted}'s CA (the TSA's own by default). */
    private void start(TestTsa trusted) throws Exception {
        tsa = TestTsa.start("Agency");
        open.add(tsa);
        Path pem = (trusted == null ? tsa : trusted).writeCaPem(dir.resolve("tsa-ca.pem"));
        String dbUrl = TestDatabases.freshDatabase();
        app = Application.start(AppConfig.builder(dir.resolve("data")).dbUrl(dbUrl)
                .timestamping(new AppConfig.Timestamping(List.of(tsa.url()), List.of(pem), INTERVAL)).build());
        open.add(app);
        sql = new Sql(dbUrl);
        open.add(sql);
        http = new Http(app.port());
    }

    private static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50));
    }

    private long append(int n) {
        List<Future<AppendedEntry>> appends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            appends.add(app.sequencer().append(Events.viewed("t-" + i)));
        }
        Await.result(Future.all(appends));
        return appends.stream().mapToLong(f -> f.result().checkpoint().size()).max().orElseThrow();
    }

    private JsonObject latest() {
        HttpResponse<String> r = http.get("/api/v1/ledger/timestamps/latest");
        return r.statusCode() == 200 ? new JsonObject(r.body()) : null;
    }

    private long kept() {
        return sql.run("SELECT count(*) FROM checkpoint_timestamps").iterator().next().getLong(0);
    }

    private double requests(String outcome) {
        String text = http.as(TestTokens.oversight("ombud-1")).get("/metrics").body();
        Matcher m = Pattern.compile("(?m)^custody_timestamp_requests_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*\\} (\\S+)$")
                .matcher(text);
        assertTrue(m.find(), text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theNewestCheckpointIsTimestampedOnlyWhenTheLogGrewAndTheTokensAreServed() throws Exception {
        start(null);
        HttpResponse<String> none = http.get("/api/v1/ledger/timestamps/latest");
        assertEquals(404, none.statusCode());
        assertEquals("application/problem+json", none.headers().firstValue("Content-Type").orElse(""));

        long size = append(3);
        eventually().until(() -> latest() != null && latest().getLong("treeSize") == size);
        JsonObject stamp = latest();
        assertEquals(http.get("/api/v1/ledger/checkpoint").body(), stamp.getString("checkpoint"));
        assertEquals(tsa.url(), stamp.getString("tsa"));
        // The token is over SHA-256 of exactly the note served with it, and leads to the TSA's CA.
        VerifiedToken token = TimestampTokens.verify(Base64.getDecoder().decode(stamp.getString("token")),
                stamp.getString("checkpoint").getBytes(StandardCharsets.UTF_8), List.of(tsa.caCertificate()));
        assertEquals(stamp.getString("genTime"), org.custodyledger.custody.CustodyEvent.formatTime(token.genTime()));

        // The log does not grow: the TSA is not asked again.
        int asked = tsa.requests();
        Awaitility.await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(3))
                .until(() -> tsa.requests() == asked);

        long larger = append(2);
        eventually().until(() -> latest().getLong("treeSize") == larger);
        long kept = kept();
        assertEquals(tsa.requests(), kept, "one request per size the log grew to, each answered with a kept token");

        // ?treeSize=N: the earliest token whose tree has at least N entries.
        JsonObject covering = new JsonObject(http.get("/api/v1/ledger/timestamps?treeSize=" + size).body());
        assertEquals(size, covering.getLong("treeSize"));
        assertEquals(larger, new JsonObject(http.get("/api/v1/ledger/timestamps?treeSize=" + (size + 1)).body())
                .getLong("treeSize"));
        long first = sql.run("SELECT min(tree_size) FROM checkpoint_timestamps").iterator().next().getLong(0);
        assertEquals(first, new JsonObject(http.get("/api/v1/ledger/timestamps?treeSize=1").body()).getLong("treeSize"));
        HttpResponse<String> beyond = http.get("/api/v1/ledger/timestamps?treeSize=" + (larger + 1));
        assertEquals(404, beyond.statusCode());
        assertTrue(beyond.body().contains("no timestamp covers a tree of size " + (larger + 1) + " yet"), beyond.body());
        assertEquals(400, http.get("/api/v1/ledger/timestamps?treeSize=0").statusCode());
        assertEquals(400, http.get("/api/v1/ledger/timestamps?treeSize=abc").statusCode());
        assertEquals(400, http.get("/api/v1/ledger/timestamps").statusCode());

        // Kept append-only, by the database itself.
        String refused = assertFailsSql("UPDATE checkpoint_timestamps SET tsa = 'elsewhere'");
        assertTrue(refused.contains("append-only"), refused);
        assertTrue(assertFailsSql("DELETE FROM checkpoint_timestamps").contains("append-only"));
        assertEquals(kept, kept());
    }

    private String assertFailsSql(String statement) {
        try {
            sql.run(statement);
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError(statement + " succeeded");
    }

    @Test
    void answersThatDoNotVerifyAreCountedAndNeverKept() throws Exception {
        start(null);
        double invalid = 0;
        for (TestTsa.Mode mode : List.of(TestTsa.Mode.WRONG_NONCE, TestTsa.Mode.WRONG_IMPRINT, TestTsa.Mode.GARBAGE)) {
            tsa.mode(mode);
            append(1);
            double before = invalid;
            eventually().until(() -> requests("invalid") > before);
            invalid = requests("invalid");
            assertEquals(0, kept(), mode + " was kept");
        }
        tsa.mode(TestTsa.Mode.HTTP_500);
        eventually().until(() -> requests("refused") >= 1);
        assertEquals(0, kept());
        assertEquals(404, http.get("/api/v1/ledger/timestamps/latest").statusCode());

        // The same TSA answering properly again: its next token is kept.
        tsa.mode(TestTsa.Mode.OK);
        eventually().until(() -> kept() == 1);
        assertEquals(1.0, requests("stored"));
    }

    @Test
    void aTokenFromACertificateNotTrustedIsNeverKept() throws Exception {
        TestTsa stranger = TestTsa.offline("Stranger");
        start(stranger);
        append(2);
        eventually().until(() -> requests("invalid") >= 1);
        assertEquals(0, kept());
    }

    @Test
    void aTsaThatIsDownNeverHoldsUpAppends() throws Exception {
        start(null);
        tsa.stop();
        // Every append is answered while the TSA is unreachable, across several timestamping rounds.
        for (int round = 0; round < 5; round++) {
            append(10);
        }
        eventually().until(() -> requests("unreachable") >= 1);
        assertEquals(0, kept());
        long size = append(1);

        tsa.restart();
        eventually().until(() -> latest() != null && latest().getLong("treeSize") == size);
    }

    @Test
    void aBundleCarriesTheTimestampAndVerifyBundleChecksIt() throws Exception {
        start(null);
        Http officer = http.as(TestTokens.officer("officer-7"));
        HttpResponse<String> created = officer.send(HttpRequest.newBuilder(officer.uri("/api/v1/footage/by-hash"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"sha256\":\"" + "3c".repeat(32) + "\",\"size\":5,\"filename\":\"stamped.mp4\"}")));
        assertEquals(201, created.statusCode(), created.body());
        String id = new JsonObject(created.body()).getString("id");
        eventually().until(() -> latest() != null);
        // No token over the export's own tree may race the bundle: the TSA goes down once it stamped the registration.
        tsa.stop();

        JsonObject bundle = VerificationApiTest.fetchBundle(http.as(TestTokens.reviewer("det-ruiz")), id);
        JsonObject ts = bundle.getJsonObject("timestamp");
        assertEquals(1L, ts.getLong("treeSize"), bundle.encodePrettily());
        // The export's own EXPORTED event (index 1) came after the token: the consistency proof reaches its tree.
        assertEquals(1, ts.getJsonArray("consistencyProof").size());
        Path file = Files.writeString(dir.resolve("bundle.json"), bundle.encode());
        Path ca = tsa.writeCaPem(dir.resolve("ca.pem"));

        Cli.Result checked = Cli.run("verify-bundle", file.toString(), "--key", LOG_KEY, "--tsa-cert", ca.toString());
        assertEquals(0, checked.exit(), checked.out() + checked.err());
        assertTrue(checked.out().contains("  ok    timestamp-token: RFC 3161 token of "), checked.out());
        assertTrue(checked.out().contains("  ok    timestamp-checkpoint-signature: size 1 signed by "), checked.out());
        assertTrue(checked.out().contains("  ok    timestamp-consistency: tree of size 2 extends size 1"), checked.out());
        assertTrue(checked.out().contains("timestamp: existed no later than " + Instant.parse(ts.getString("genTime"))
                + " (RFC 3161 time of CN=Agency TSA): log entries 0..0, 1 of this bundle's 2 events, the last at index 0; "
                + "later events are not covered by this timestamp"), checked.out());

        Cli.Result unchecked = Cli.run("verify-bundle", file.toString(), "--key", LOG_KEY);
        assertEquals(0, unchecked.exit(), unchecked.out() + unchecked.err());
        assertTrue(unchecked.out().contains("timestamp NOT checked: the bundle carries an RFC 3161 token (genTime "
                + ts.getString("genTime") + " from " + tsa.url() + ", as the bundle states); give --tsa-cert PEM"), unchecked.out());
        assertFalse(unchecked.out().contains("existed no later than"), unchecked.out());

        // Another CA: the token does not lead to it.
        Path strangerCa = TestTsa.offline("Stranger").writeCaPem(dir.resolve("stranger.pem"));
        Cli.Result untrusted = Cli.run("verify-bundle", file.toString(), "--key", LOG_KEY, "--tsa-cert", strangerCa.toString());
        assertEquals(1, untrusted.exit(), untrusted.out());
        assertTrue(untrusted.out().contains("  FAIL  timestamp-token: the token's signer CN=Agency TSA does not lead to a "
                + "trusted certificate [CN=Stranger Test CA]"), untrusted.out());

        // The token swapped for one by the same TSA over another note (the bundle's own checkpoint).
        JsonObject swapped = bundle.copy();
        swapped.getJsonObject("timestamp").put("token", Base64.getEncoder().encodeToString(
                tsa.stamp(bundle.getString("checkpoint").getBytes(StandardCharsets.UTF_8))));
        Cli.Result refused = Cli.run("verify-bundle", Files.writeString(dir.resolve("swapped.json"), swapped.encode()).toString(),
                "--key", LOG_KEY, "--tsa-cert", ca.toString());
        assertEquals(1, refused.exit(), refused.out());
        assertTrue(refused.out().contains("  FAIL  timestamp-token: the token is over another message"), refused.out());
        assertFalse(refused.out().contains("existed no later than"), refused.out());

        // Token and note swapped together for a note the log never signed: the note's signature fails.
        JsonObject forged = bundle.copy();
        String note = ts.getString("checkpoint").replaceFirst("\n1\n", "\n2\n");
        forged.getJsonObject("timestamp").put("checkpoint", note).put("token",
                Base64.getEncoder().encodeToString(tsa.stamp(note.getBytes(StandardCharsets.UTF_8))));
        refused = Cli.run("verify-bundle", Files.writeString(dir.resolve("forged.json"), forged.encode()).toString(),
                "--key", LOG_KEY, "--tsa-cert", ca.toString());
        assertEquals(1, refused.exit(), refused.out());
        assertTrue(refused.out().contains("  ok    timestamp-token: "), refused.out());
        assertTrue(refused.out().contains("  FAIL  timestamp-checkpoint-signature: size 2: invalid signature"), refused.out());

        // --tsa-cert on a bundle without a timestamp: the check asked for cannot pass.
        JsonObject bare = bundle.copy();
        bare.remove("timestamp");
        refused = Cli.run("verify-bundle", Files.writeString(dir.resolve("bare.json"), bare.encode()).toString(),
                "--key", LOG_KEY, "--tsa-cert", ca.toString());
        assertEquals(1, refused.exit(), refused.out());
        assertTrue(refused.out().contains("  FAIL  timestamp-token: the bundle carries no RFC 3161 timestamp to check"),
                refused.out());
    }
}
