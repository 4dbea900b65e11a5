package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.custodyledger.cli.Application;
import org.custodyledger.cli.Main;
import org.custodyledger.config.AppConfig;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.service.AuditService;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.storage.Database;
import org.custodyledger.storage.FootageStore;
import org.custodyledger.storage.LedgerStore;
import org.custodyledger.testing.Audits;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.custodyledger.testing.TestDatabases;
import org.custodyledger.testing.TestTokens;
import org.custodyledger.verify.LedgerAudit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import java.util.Base64;
import java.util.Map;

/**
 * Verification on an untouched ledger of more than 10,000 events: the footage report, the
 * copy check, the evidence bundle verified offline (in this JVM and in a separate process
 * with the server stopped), and the full-ledger audit — no false alarms anywhere, also while
 * other footage is being appended.
 */
class VerificationApiTest {
    @RegisterExtension
    static final RunningService service = new RunningService();
    @TempDir
    static Path files;
    static Http reviewer;
    static Http oversight;
    static String footageId;
    static byte[] video;
    static String logKey;

    @BeforeAll
    static void start() {
        Http http = service.http();
        reviewer = service.reviewer("det-ruiz");
        oversight = service.oversight("ombud-1");
        video = new byte[300_000];
        new Random(42).nextBytes(video);
        HttpResponse<String> up = http.as(TestTokens.officer("officer-7")).send(HttpRequest.newBuilder(
                http.uri("/api/v1/footage?filename=stop.mp4&incident=INC-1")).POST(HttpRequest.BodyPublishers.ofByteArray(video)));
        footageId = new JsonObject(up.body()).getString("id");
        // 10,000 more events: 9,950 over 500 other footage ids, 50 on this one, interleaved.
        List<Future<AppendedEntry>> appends = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            boolean ours = i % 200 == 0;
            String id = ours ? footageId : String.format("f-%032x", i % 500);
            appends.add(service.app().sequencer().append(CustodyEvent.of(id, ours ? Sha256Hasher.hash(video) : Sha256Hasher.hash(
                    id.getBytes(StandardCharsets.UTF_8)), ours ? EventType.ANNOTATED : EventType.VIEWED, "det-ruiz",
                    "reviewer", Instant.now(), ours ? null : "load", null, ours ? Map.of("note", "n" + i)
                    : Map.of())));
        }
        Await.result(Future.all(appends));
        logKey = http.get("/api/v1/ledger/key").body().lines().findFirst().orElseThrow();
    }

    @Test
    void anUntouchedFootageVerifiesAndTheVerificationIsRecorded() {
        int events = new JsonObject(reviewer.get("/api/v1/footage/" + footageId + "/history?limit=1000").body())
                .getJsonArray("items").size();
        assertTrue(events >= 51, "REGISTERED and 50 annotations, and whatever other tests added");
        HttpResponse<String> r = reviewer.get("/api/v1/footage/" + footageId + "/verify");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject report = new JsonObject(r.body());
        assertTrue(report.getBoolean("verified"), r.body());
        assertEquals(footageId, report.getString("footageId"));
        assertTrue(report.getJsonObject("checkpoint").getLong("size") > 10_000);
        List<String> names = report.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("name")).toList();
        assertEquals("file-hash", names.get(0));
        assertTrue(names.containsAll(List.of("checkpoint-signature", "chain", "log-entries")), names.toString());
        // Every event, each with leaf hash, signature, subject and inclusion checks.
        for (String check : List.of("inclusion@", "event-signature@", "leaf-hash@", "event-subject@")) {
            assertEquals(events, names.stream().filter(n -> n.startsWith(check)).count(), check);
        }
        JsonObject recorded = report.getJsonObject("recordedAs").getJsonObject("event");
        assertEquals("VERIFIED", recorded.getString("type"));
        assertEquals("verified", recorded.getJsonObject("details").getString("outcome"));
        assertEquals("det-ruiz", recorded.getString("actorId"));
        assertEquals(403, service.officer("officer-7").get("/api/v1/footage/" + footageId
                + "/verify").statusCode());
    }

    @Test
    void aCopyIsRecognisedByItsBytesOrItsHash() {
        HttpResponse<String> r = reviewer.send(HttpRequest.newBuilder(reviewer.uri("/api/v1/verify"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(video)));
        assertEquals(200, r.statusCode(), r.body());
        JsonObject answer = new JsonObject(r.body());
        assertTrue(answer.getBoolean("registered"));
        assertEquals(footageId, answer.getJsonObject("footage").getString("id"));
        assertEquals(video.length, answer.getLong("size"));
        assertEquals("REGISTERED", answer.getJsonArray("history").getJsonObject(0).getString("type"));

        byte[] altered = video.clone();
        altered[1000] ^= 1;
        JsonObject unknown = new JsonObject(oversight.send(HttpRequest.newBuilder(oversight.uri("/api/v1/verify"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(altered))).body());
        assertFalse(unknown.getBoolean("registered"));
        assertEquals(Sha256Hasher.hash(altered).hex(), unknown.getString("sha256"));

        JsonObject byHash = new JsonObject(reviewer.send(HttpRequest.newBuilder(reviewer.uri("/api/v1/verify?sha256="
                + Sha256Hasher.hash(video).hex())).POST(HttpRequest.BodyPublishers.noBody())).body());
        assertTrue(byHash.getBoolean("registered"));
        assertEquals(400, reviewer.send(HttpRequest.newBuilder(reviewer.uri("/api/v1/verify?sha256=abc"))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        assertEquals(400, reviewer.send(HttpRequest.newBuilder(reviewer.uri("/api/v1/verify"))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
    }

    private static String verifyBundle(int expectedExit, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "verify-bundle";
        System.arraycopy(args, 0, all, 1, args.length);
        Cli.Result result = Cli.run(all);
        assertEquals(expectedExit, result.exit(), result.out() + "\n" + result.err());
        return result.out() + "\n" + result.err();
    }

    static JsonObject fetchBundle(Http as, String id) {
        HttpResponse<String> r = as.get("/api/v1/footage/" + id + "/bundle?purpose=disclosure%20to%20defence");
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    @Test
    void aBundleIsAnExportAndVerifiesOfflineAgainstTheLogKey() throws Exception {
        assertEquals(400, reviewer.get("/api/v1/footage/" + footageId + "/bundle").statusCode(), "a purpose is required");
        JsonObject bundle = fetchBundle(oversight, footageId);
        assertEquals("custody-ledger-evidence-bundle", bundle.getString("format"));
        assertEquals(1, bundle.getInteger("version"));
        JsonArray events = bundle.getJsonArray("events");
        JsonObject last = new JsonObject(new String(Base64.getDecoder().decode(
                events.getJsonObject(events.size() - 1).getString("leaf")), StandardCharsets.UTF_8)).getJsonObject("event");
        assertEquals("EXPORTED", last.getString("type"), "the bundle carries its own export");
        assertEquals("ombud-1", last.getString("actorId"));
        assertFalse(bundle.getJsonArray("earlierCheckpoints").isEmpty());

        Path file = files.resolve("bundle.json");
        Files.writeString(file, bundle.encode());
        Path footageFile = files.resolve("stop.mp4");
        Files.write(footageFile, video);
        String ok = verifyBundle(0, file.toString(), "--key", logKey, "--footage", footageFile.toString());
        assertTrue(ok.contains("VERIFIED: all"), ok);
        assertFalse(ok.contains("no trusted key given"), ok);
        assertTrue(ok.contains("WARNING: the key checked against is the PUBLIC SAMPLE KEY"), "tests sign with the sample key: " + ok);
        String selfOnly = verifyBundle(0, file.toString());
        assertTrue(selfOnly.contains("WARNING: this shows the bundle is consistent with itself, NOT"), selfOnly);
        JsonObject json = new JsonObject(verifyBundle(0, file.toString(), "--key", logKey, "--json").strip());
        assertTrue(json.getBoolean("verified"));
        assertEquals("supplied-key", json.getString("trust"));
    }

    @Test
    void aBundleVerifiesInASeparateProcessWithTheServerStopped(@TempDir Path data2) throws Exception {
        Path file = files.resolve("separate.json");
        String key;
        try (Application other = Application.start(AppConfig.forTests(data2, TestDatabases.freshDatabase()))) {
            Http http = new Http(other.port());
            HttpResponse<String> up = http.as(TestTokens.officer("o-1")).send(HttpRequest.newBuilder(
                    http.uri("/api/v1/footage?filename=x.mp4")).POST(HttpRequest.BodyPublishers.ofByteArray(video)));
            String id = new JsonObject(up.body()).getString("id");
            Files.writeString(file, fetchBundle(http.as(TestTokens.reviewer("r-1")), id).encode());
            key = http.get("/api/v1/ledger/key").body().lines().findFirst().orElseThrow();
        }
        Path footageFile = files.resolve("separate.mp4");
        Files.write(footageFile, video);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "verify-bundle", file.toString(), "--key", key,
                "--footage", footageFile.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("VERIFIED: all"), output);
    }

    @Test
    void theAuditFindsNothingWrongWithAnUntouchedLedger() throws Exception {
        HttpResponse<String> started = Audits.start(oversight, new JsonObject().put("rehashBlobs", true));
        assertEquals(202, started.statusCode(), started.body());
        String location = started.headers().firstValue("Location").orElseThrow();
        JsonObject job = Audits.awaitEnd(oversight, location);
        assertEquals("finished", job.getString("status"), job.encodePrettily());
        assertTrue(job.getBoolean("clean"), job.encodePrettily());
        JsonObject summary = job.getJsonObject("summary");
        assertTrue(summary.getLong("entries") > 10_000);
        assertEquals(summary.getLong("entries"), summary.getLong("signaturesVerified"));
        assertEquals(1, summary.getLong("blobsRehashed"));
        // Every stored checkpoint up to the audited head (the empty tree's too), none skipped.
        assertEquals(service.sql().count("SELECT count(*) FROM checkpoints WHERE size <= " + summary.getLong("entries")),
                summary.getLong("checkpointsVerified"));
        assertEquals(job.getJsonObject("progress").getLong("entriesTotal"), job.getJsonObject("progress").getLong("entriesChecked"));
        assertEquals(403, reviewer.send(HttpRequest.newBuilder(reviewer.uri("/api/v1/ledger/audits"))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        assertEquals(404, oversight.get("/api/v1/ledger/audits/a-nope").statusCode());
    }

    // --- one snapshot per answer: appends committing meanwhile never fail a check ---

    /**
     * Appends VIEWED events of other footage on {@code lanes} lanes, each lane's next append
     * sent when its last one commits, until {@code stop} is set; answers how many were appended.
     */
    private static Future<Long> appendOtherFootageUntil(AtomicBoolean stop, int lanes) {
        AtomicLong appended = new AtomicLong();
        List<Future<Void>> all = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            Promise<Void> done = Promise.promise();
            appendNext(String.format("f-%032x", 0x10000 + lane), stop, appended, done);
            all.add(done.future());
        }
        return Future.all(all).map(v -> appended.get());
    }

    private static void appendNext(String id, AtomicBoolean stop, AtomicLong appended, Promise<Void> done) {
        if (stop.get()) {
            done.complete();
            return;
        }
        service.app().sequencer().append(CustodyEvent.of(id, Sha256Hasher.hash(id.getBytes(StandardCharsets.UTF_8)), EventType.VIEWED,
                        "det-ruiz", "reviewer", Instant.now(), "load", null, Map.of()))
                .onFailure(done::fail)
                .onSuccess(e -> {
                    appended.incrementAndGet();
                    appendNext(id, stop, appended, done);
                });
    }

    @Test
    void verificationsWhileOtherFootageIsAppendedAllVerify() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Future<Long> appending = appendOtherFootageUntil(stop, 16);
        List<String> failures = new ArrayList<>();
        int failedReports = 0;
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<JsonObject>> reports = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                reports.add(clients.submit(() -> {
                    HttpResponse<String> r = reviewer.get("/api/v1/footage/" + footageId + "/verify");
                    assertEquals(200, r.statusCode(), r.body());
                    return new JsonObject(r.body());
                }));
            }
            for (java.util.concurrent.Future<JsonObject> f : reports) {
                JsonObject report = f.get(5, TimeUnit.MINUTES);
                if (!report.getBoolean("verified")) {
                    report.getJsonArray("checks").stream().map(c -> (JsonObject) c).filter(c -> !c.getBoolean("ok"))
                            .forEach(c -> failures.add(c.getString("name") + ": " + c.getString("detail")));
                    failedReports++;
                }
            }
        } finally {
            stop.set(true);
            clients.shutdown();
        }
        long appended = Await.result(appending);
        assertEquals(0, failedReports, failedReports + " of 120 verifications of untouched footage failed: "
                + failures.subList(0, Math.min(5, failures.size())));
        assertTrue(appended > 120, "other footage was appended throughout: " + appended);
    }

    @Test
    void anAuditDuringAppendsAuditsTheTreeAtItsStartAndFindsNothingWrong() throws Exception {
        Vertx vertx = Vertx.vertx();
        Database db = Database.connect(vertx, service.dbUrl(), 4);
        AtomicBoolean stop = new AtomicBoolean();
        Future<Long> appending = appendOtherFootageUntil(stop, 16);
        try {
            LedgerStore ledger = new LedgerStore(db.pool());
            AuditService audits = new AuditService(vertx, ledger, new FootageStore(db.pool()), null);
            long before = Await.result(ledger.head()).size();
            AuditService.Progress progress = new AuditService.Progress();
            LedgerAudit.Summary summary = Await.result(audits.run(new AuditService.Options(false, false), progress));
            long after = Await.result(ledger.head()).size();
            stop.set(true);
            assertTrue(summary.clean(), summary.failures() + " divergences: " + summary.divergences());
            long audited = progress.entriesTotal.get();
            assertEquals(audited, summary.entries(), "exactly the entries of the head the audit started at");
            assertTrue(before <= audited && audited < after, "the audit started at " + audited + ", between heads "
                    + before + " and " + after + " (appends went on while it ran)");
        } finally {
            stop.set(true);
            Await.result(appending);
            db.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
