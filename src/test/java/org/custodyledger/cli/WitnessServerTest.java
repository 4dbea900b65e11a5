package org.custodyledger.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.custodyledger.http.WitnessApi;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.nio.file.attribute.FileTime;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.SignedNote;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.SignedTestLog;
import org.custodyledger.witness.CosignatureVerifier;
import org.custodyledger.witness.WitnessReplies;
import org.custodyledger.witness.WitnessReply;
import org.custodyledger.witness.WitnessStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The witness server over real HTTP, started as {@code witness} starts it, on a free port. */
class WitnessServerTest {
    private static final String ORIGIN = "agency.example/custody-log";
    private final SignedTestLog log = new SignedTestLog(ORIGIN, (byte) 1, 12, "leaf ");
    /** The same origin and key, other leaves: what a log showing a second history would sign. */
    private final SignedTestLog fork = new SignedTestLog(ORIGIN, (byte) 1, 12, "rewritten ");
    private final SignedTestLog other = new SignedTestLog("other.example/log", (byte) 2, 12, "x ");

    @TempDir
    Path dir;
    private Path keys;
    private Path state;
    private CosignatureVerifier witnessKey;
    private WitnessCommand.Running running;
    private Http http;

    @BeforeEach
    void keygenAndStart() throws Exception {
        keys = dir.resolve("keys");
        state = dir.resolve("state");
        Cli.Result keygen = Cli.run("witness-keygen", "--out", keys.toString(), "--name", "oversight.example/w1");
        assertEquals(0, keygen.exit(), keygen.err());
        witnessKey = CosignatureVerifier.parse(keygen.out().strip());
        start();
    }

    private void start() throws Exception {
        WitnessCommand command = new WitnessCommand();
        new CommandLine(command).parseArgs("--key", keys.resolve("witness.pem").toString(), "--log", log.vkey(),
                "--log", other.vkey(), "--state", state.toString(), "--port", "0", "--host", "127.0.0.1");
        running = command.start();
        http = new Http(running.port());
    }

    @AfterEach
    void stop() throws Exception {
        if (running != null) {
            running.close();
        }
    }

    private HttpResponse<String> post(String body) {
        return post(body, "text/plain");
    }

    private HttpResponse<String> post(String body, String contentType) {
        return post("/add-checkpoint", body, contentType);
    }

    private HttpResponse<String> post(String path, String body, String contentType) {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.port() + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** The 200 answer's cosignature, checked as a log would check it. */
    private WitnessReply.Cosigned cosigned(HttpResponse<String> response, SignedTestLog signer, long size) {
        assertEquals(200, response.statusCode(), response.body());
        WitnessReply reply = WitnessReplies.interpret(200, response.body(), signer.text(size), witnessKey);
        return assertInstanceOf(WitnessReply.Cosigned.class, reply, reply.toString());
    }

    private Checkpoint stored(SignedTestLog of) throws Exception {
        Path file = running.state().fileOf(of.origin());
        String content = Files.readString(file, StandardCharsets.UTF_8);
        return Checkpoint.parse(SignedNote.parse(content.substring(content.indexOf('\n') + 1)).text());
    }

    /** The files in the state folder's evidence/ subfolder. */
    private List<String> evidence() throws IOException {
        return RealWitness.evidenceIn(state);
    }

    @Test
    void aLogWhoseOriginIsNotItsKeyNameIsGivenAsOriginEqualsVkey() throws Exception {
        SignedTestLog renamed = new SignedTestLog("agency.example/custody-log/2027", "agency-signing-key", (byte) 3, 12, "r ");
        running.close();
        WitnessCommand command = new WitnessCommand();
        new CommandLine(command).parseArgs("--key", keys.resolve("witness.pem").toString(),
                "--log", renamed.origin() + "=" + renamed.vkey(), "--log", log.vkey(),
                "--state", state.toString(), "--port", "0", "--host", "127.0.0.1");
        running = command.start();
        http = new Http(running.port());
        cosigned(post(renamed.request(0, 4)), renamed, 4);
        cosigned(post(renamed.request(4, 9)), renamed, 9);
        assertEquals(renamed.checkpoint(9), stored(renamed));
        // The plain VKEY form is unchanged beside it: that log's origin is its key's name.
        cosigned(post(log.request(0, 3)), log, 3);
        // Under the key's own name the origin is unknown: the witness names logs by origin.
        SignedTestLog byKeyName = new SignedTestLog("agency-signing-key", (byte) 3, 12, "r ");
        assertEquals(404, post(byKeyName.request(0, 2)).statusCode());
    }

    @Test
    void aLogsFirstCheckpointIsCosignedWithTheKeyWitnessKeygenPrinted() throws Exception {
        WitnessReply.Cosigned reply = cosigned(post(log.request(0, 5)), log, 5);
        long now = System.currentTimeMillis() / 1000;
        assertTrue(Math.abs(reply.cosignature().timestamp() - now) < 60, reply.toString());
        assertEquals("oversight.example/w1", reply.cosignature().name());
        assertEquals(log.checkpoint(5), stored(log));
    }

    @Test
    void aLaterCheckpointWithAValidProofIsCosignedAndStoredBeforeTheAnswer() throws Exception {
        cosigned(post(log.request(0, 5)), log, 5);
        HttpResponse<String> response = post(log.request(5, 11));
        cosigned(response, log, 11);
        // Read right after the 200, with no wait: the witness wrote (and fsynced) before answering.
        assertEquals(log.checkpoint(11), stored(log));
        assertTrue(Files.readString(running.state().fileOf(ORIGIN)).endsWith(log.note(11)));
    }

    @Test
    void aWrongOldSizeIs409WithTheWitnessSize() {
        cosigned(post(log.request(0, 5)), log, 5);
        for (String body : List.of(log.request(0, 11), log.request(3, 11), log.request(7, 11))) {
            HttpResponse<String> response = post(body);
            assertEquals(409, response.statusCode(), response.body());
            assertEquals(WitnessStatus.SIZE_CONTENT_TYPE, response.headers().firstValue("Content-Type").orElse(""));
            assertEquals("5\n", response.body());
        }
    }

    @Test
    void aProofThatDoesNotVerifyIs422AndChangesNothing() throws Exception {
        cosigned(post(log.request(0, 5)), log, 5);
        byte[] before = Files.readAllBytes(running.state().fileOf(ORIGIN));
        List<byte[]> proof = new ArrayList<>(log.proof(5, 11));
        byte[] flipped = proof.get(0).clone();
        flipped[7] ^= 0x10;
        proof.set(0, flipped);
        HttpResponse<String> response = post(SignedTestLog.body(5, proof, log.note(11)));
        assertEquals(422, response.statusCode(), response.body());
        flipped[8] ^= 0x01;
        proof.set(0, flipped);
        assertEquals(422, post(SignedTestLog.body(5, proof, log.note(11))).statusCode());
        // Signature lines of unknown keys are ignored, so they make no new evidence either.
        String padded = log.note(11) + "— someone.example/k " + Base64.getEncoder().encodeToString(new byte[68]) + "\n";
        assertEquals(422, post(SignedTestLog.body(5, proof, padded)).statusCode());
        // A history that does not extend the cosigned one: refused too, with the state untouched.
        assertEquals(422, post(SignedTestLog.body(5, fork.proof(5, 11), fork.note(11))).statusCode());
        assertArrayEquals(before, Files.readAllBytes(running.state().fileOf(ORIGIN)));
        // A proof that fails proves nothing alone (anyone can pair a genuine note with a made-up proof): no evidence kept.
        assertEquals(List.of(), evidence());
        cosigned(post(log.request(5, 11)), log, 11);
    }

    @Test
    void theSameSizeWithAnotherRootIs409AndTheSameRootIsCosignedAgain() throws Exception {
        cosigned(post(log.request(0, 5)), log, 5);
        HttpResponse<String> split = post(SignedTestLog.body(5, List.of(), fork.note(5)));
        assertEquals(409, split.statusCode(), split.body());
        assertEquals("5\n", split.body());
        assertEquals(409, post(SignedTestLog.body(5, List.of(), fork.note(5))).statusCode());
        // Two notes the log signed for one size with two roots: kept once, however often it is sent.
        List<String> kept = evidence();
        assertEquals(1, kept.size(), kept.toString());
        assertTrue(kept.get(0).contains(fork.note(5)) && kept.get(0).contains(log.note(5)), kept.get(0));
        cosigned(post(SignedTestLog.body(5, List.of(), log.note(5))), log, 5);
        // A log that merely lost track of the witness's size proves nothing.
        assertEquals(409, post(log.request(0, 11)).statusCode());
        assertEquals(1, evidence().size());
    }

    @Test
    void anUnknownOriginIs404AndABadSignature403() throws Exception {
        SignedTestLog stranger = new SignedTestLog("stranger.example/log", (byte) 1, 3, "leaf ");
        assertEquals(404, post(stranger.request(0, 3)).statusCode());
        // The right origin signed by another key: no signature verifies against the trusted one.
        SignedTestLog impostor = new SignedTestLog(ORIGIN, (byte) 9, 12, "leaf ");
        assertEquals(403, post(impostor.request(0, 5)).statusCode());
        String note = log.note(5);
        int sig = note.lastIndexOf(' ') + 10;
        String tampered = note.substring(0, sig) + (note.charAt(sig) == 'A' ? 'B' : 'A') + note.substring(sig + 1);
        HttpResponse<String> response = post(SignedTestLog.body(0, List.of(), tampered));
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(Files.notExists(running.state().fileOf(ORIGIN)), "nothing stored for a refused checkpoint");
        assertTrue(Files.notExists(running.state().fileOf("stranger.example/log")));
    }

    @Test
    void malformedRequestsAre400() {
        for (String body : List.of("", "garbage", "old 01\n\n" + log.note(5), "old 0\nnot base64!\n\n" + log.note(5),
                "old 0\n" + log.note(5), "old 6\n\n" + log.note(5))) {
            HttpResponse<String> response = post(body);
            assertEquals(400, response.statusCode(), body + " → " + response.body());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        }
        HttpResponse<String> huge = post("old 0\n\n" + "x".repeat(300 * 1024));
        assertEquals(413, huge.statusCode(), huge.body());
    }

    @Test
    void aBodyLabelledAsAFormIsReadAsIs() {
        // curl --data-binary sends application/x-www-form-urlencoded unless told otherwise.
        cosigned(post(log.request(0, 5), "application/x-www-form-urlencoded"), log, 5);
    }

    @Test
    void aSubmissionPrefixWithATrailingSlashStillReachesTheWitness() {
        // A log configured with "http://host:port/" posts to "//add-checkpoint".
        cosigned(post("//add-checkpoint", log.request(0, 5), "text/plain"), log, 5);
    }

    @Test
    void theStateSurvivesARestart() throws Exception {
        cosigned(post(log.request(0, 5)), log, 5);
        running.close();
        running = null;
        start();
        HttpResponse<String> response = post(log.request(0, 11));
        assertEquals(409, response.statusCode(), response.body());
        assertEquals("5\n", response.body());
        cosigned(post(log.request(5, 11)), log, 11);
    }

    @Test
    void aCorruptStateFileRefusesItsLogOnly() throws Exception {
        cosigned(post(log.request(0, 5)), log, 5);
        Path file = running.state().fileOf(ORIGIN);
        Files.writeString(file, "not a state file\n");
        HttpResponse<String> response = post(log.request(5, 11));
        assertEquals(500, response.statusCode(), response.body());
        assertEquals(500, post(log.request(0, 11)).statusCode(), "never reset to size 0");
        assertEquals("not a state file\n", Files.readString(file));
        cosigned(post(other.request(0, 4)), other, 4);
    }

    @Test
    void concurrentRequestsForOneLogAreSerialised() throws Exception {
        // Each asks to start the log at another size; only one can be the first.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int size = 1; size <= 8; size++) {
                String body = log.request(0, size);
                answers.add(pool.submit((Callable<Integer>) () -> post(body).statusCode()));
            }
            int ok = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                assertTrue(status == 200 || status == 409, "status " + status);
                ok += status == 200 ? 1 : 0;
            }
            assertEquals(1, ok, "exactly one first checkpoint is cosigned");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCheckpointResentUnchangedIsCosignedAgainWithoutANewWrite() throws Exception {
        cosigned(post(log.request(0, 5)), log, 5);
        Path file = running.state().fileOf(ORIGIN);
        FileTime longAgo = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(file, longAgo);
        cosigned(post(SignedTestLog.body(5, List.of(), log.note(5))), log, 5);
        assertEquals(longAgo, Files.getLastModifiedTime(file), "the same tree needs no fsynced rewrite");
        cosigned(post(log.request(5, 11)), log, 11);
        assertTrue(Files.getLastModifiedTime(file).compareTo(longAgo) > 0, "a new tree is written");
    }

    @Test
    void atMostSixteenRequestsOfOneLogWaitAndTheRestAre503() throws Exception {
        cosigned(post(log.request(0, 5)), log, 5);
        int sent = WitnessApi.MAX_WAITING_PER_LOG + 4;
        ExecutorService pool = Executors.newFixedThreadPool(sent);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            // Holding the log's lock here keeps the first request on its worker and the rest in the queue.
            running.state().locked(ORIGIN, () -> {
                for (int i = 0; i < sent; i++) {
                    answers.add(pool.submit(() -> post(SignedTestLog.body(5, List.of(), log.note(5)))));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> answers.stream().filter(Future::isDone).count() == 4);
                return null;
            });
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> r = answer.get(30, TimeUnit.SECONDS);
                statuses.add(r.statusCode());
                if (r.statusCode() == 503) {
                    assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
                }
            }
            assertEquals(4, statuses.stream().filter(st -> st == 503).count(), statuses.toString());
            assertEquals(WitnessApi.MAX_WAITING_PER_LOG, statuses.stream().filter(st -> st == 200).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void healthAndTheWitnessDescription() {
        assertEquals(200, http.get("/health").statusCode());
        HttpResponse<String> root = http.get("/");
        assertEquals(200, root.statusCode());
        assertTrue(root.body().contains(witnessKey.verifierKey()), root.body());
        assertTrue(root.body().contains(ORIGIN), root.body());
        assertEquals(405, http.get("/add-checkpoint").statusCode());
    }
}
