package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.awaitility.Awaitility;
import org.custodyledger.config.AppConfig;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.custodyledger.testing.S3Proxy;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The service with its footage in an S3 bucket (S3Proxy, a real S3 API, in a process of its
 * own): upload, download whole and in ranges, verify, dispose, all over HTTP; a refused upload
 * leaves nothing in the bucket; with the store down, uploads and content answer 503 while the
 * ledger, health and hash-only registration keep working.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3FootageTest {
    static final String BUCKET = "evidence";
    static final String PREFIX = "agency-7";
    static S3Proxy s3;
    @RegisterExtension
    static final RunningService service = new RunningService((dataDir, db) -> {
        s3 = S3Proxy.start(BUCKET);
        return AppConfig.forTests(dataDir, db).toBuilder().blobStore(s3.storage(BUCKET + "/" + PREFIX)).build();
    });
    static Http officer;
    static Http reviewer;
    static Http admin;
    static Sql sql;

    @BeforeAll
    static void clients() {
        officer = service.officer("officer-s3");
        reviewer = service.reviewer("reviewer-s3");
        admin = service.admin("admin-s3");
        sql = service.sql();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static HttpResponse<String> upload(String name, byte[] body, Sha256Digest claimed) {
        HttpRequest.Builder request = HttpRequest.newBuilder(officer.uri("/api/v1/footage?filename=" + name))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (claimed != null) {
            request.header("Repr-Digest", "sha-256=:" + claimed.base64() + ":");
        }
        return officer.send(request);
    }

    static String contentKey(Sha256Digest d) {
        String hex = d.hex();
        return PREFIX + "/sha256/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + hex;
    }

    @Test
    @Order(1)
    void footageGoesToTheBucketAndComesBackWholeInRangesVerifiedAndIsDisposedFromIt() throws Exception {
        byte[] body = bytes((8 << 20) + 4321, 1);
        Sha256Digest digest = new Sha256Hasher().update(body).digest();
        HttpResponse<String> created = upload("bodycam.mp4", body, digest);
        assertEquals(201, created.statusCode(), created.body());
        String id = new JsonObject(created.body()).getString("id");
        assertEquals(List.of(contentKey(digest)), s3.keys(BUCKET, PREFIX + "/"), "the content key and nothing else");

        HttpResponse<byte[]> whole = reviewer.sendBytes(HttpRequest.newBuilder(
                reviewer.uri("/api/v1/footage/" + id + "/content?purpose=review")).GET());
        assertEquals(200, whole.statusCode());
        assertArrayEquals(body, whole.body());
        HttpResponse<byte[]> range = reviewer.sendBytes(HttpRequest.newBuilder(
                reviewer.uri("/api/v1/footage/" + id + "/content?purpose=review")).header("Range", "bytes=1000-8388999").GET());
        assertEquals(206, range.statusCode());
        assertEquals("bytes 1000-8388999/" + body.length, range.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(body, 1000, 8389000), range.body());

        HttpResponse<String> verify = reviewer.get("/api/v1/footage/" + id + "/verify");
        assertEquals(200, verify.statusCode(), verify.body());
        assertTrue(new JsonObject(verify.body()).getBoolean("verified"), verify.body());

        HttpResponse<String> again = upload("same-bytes.mp4", body, null);
        assertEquals(200, again.statusCode(), "the same bytes again are a re-submission: " + again.body());

        HttpResponse<String> disposed = admin.send(HttpRequest.newBuilder(admin.uri("/api/v1/footage/" + id
                + "?purpose=retention%20expired")).DELETE());
        assertEquals(200, disposed.statusCode(), disposed.body());
        assertEquals(List.of(), s3.keys(BUCKET, PREFIX + "/"), "the object is deleted");
    }

    @Test
    @Order(2)
    void aDigestMismatchIsRefusedAndLeavesNothingInTheBucket() {
        long before = sql.count("SELECT count(*) FROM footage");
        byte[] body = bytes((8 << 20) * 2 + 5, 2);
        HttpResponse<String> refused = upload("tampered.mp4", body, new Sha256Hasher().update(new byte[3]).digest());
        assertEquals(422, refused.statusCode(), refused.body());
        assertEquals(Problems.CONTENT_TYPE, refused.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(before, sql.count("SELECT count(*) FROM footage"), "nothing registered");
        assertEquals(List.of(), s3.keys(BUCKET, PREFIX + "/"), "no content key, no temporary object");
        assertEquals(List.of(), s3.openUploads(BUCKET), "the multipart upload is gone");
    }

    @Test
    @Order(3)
    void withTheStoreDownUploadsAndContentAnswer503AndTheLedgerKeepsWorking() throws Exception {
        byte[] kept = bytes(70_000, 3);
        HttpResponse<String> created = upload("before-outage.mp4", kept, null);
        assertEquals(201, created.statusCode(), created.body());
        String id = new JsonObject(created.body()).getString("id");
        long entries = sql.count("SELECT count(*) FROM footage");
        s3.stop();
        try {
            HttpResponse<String> upload = upload("during-outage.mp4", bytes(100_000, 4), null);
            assertEquals(503, upload.statusCode(), upload.body());
            assertEquals(Problems.CONTENT_TYPE, upload.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(new JsonObject(upload.body()).getString("detail").contains("footage store is unavailable"),
                    upload.body());
            assertEquals(entries, sql.count("SELECT count(*) FROM footage"));

            HttpResponse<String> content = reviewer.get("/api/v1/footage/" + id + "/content?purpose=review");
            assertEquals(503, content.statusCode(), content.body());
            assertEquals(Problems.CONTENT_TYPE, content.headers().firstValue("Content-Type").orElseThrow());

            assertEquals(200, officer.get("/health").statusCode());
            assertEquals(200, officer.get("/api/v1/ledger/checkpoint").statusCode());
            assertEquals(200, reviewer.get("/api/v1/footage/" + id).statusCode());
            String hashOnly = "{\"sha256\":\"" + "3c".repeat(32) + "\",\"size\":5,\"filename\":\"elsewhere.mp4\"}";
            assertEquals(201, officer.send(HttpRequest.newBuilder(officer.uri("/api/v1/footage/by-hash"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(hashOnly)))
                    .statusCode(), "registration by hash needs no footage store");
        } finally {
            s3.resume();
        }
        HttpResponse<byte[]> back = reviewer.sendBytes(HttpRequest.newBuilder(
                reviewer.uri("/api/v1/footage/" + id + "/content?purpose=review")).GET());
        assertEquals(200, back.statusCode(), "served again once the store is back");
        assertArrayEquals(kept, back.body());
        assertFalse(s3.keys(BUCKET, PREFIX + "/tmp/").iterator().hasNext(), "no temporary object left");
    }

    @Test
    @Order(4)
    void suffixRangesAreServedAndRangesBeyondTheEndAnswer416() {
        byte[] body = bytes(300_000, 5);
        HttpResponse<String> created = upload("ranges.mp4", body, null);
        assertEquals(201, created.statusCode(), created.body());
        String content = "/api/v1/footage/" + new JsonObject(created.body()).getString("id") + "/content?purpose=review";
        HttpResponse<byte[]> tail = reviewer.sendBytes(HttpRequest.newBuilder(reviewer.uri(content))
                .header("Range", "bytes=-1000").GET());
        assertEquals(206, tail.statusCode());
        assertEquals("bytes 299000-299999/300000", tail.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(body, 299_000, 300_000), tail.body());
        HttpResponse<byte[]> open = reviewer.sendBytes(HttpRequest.newBuilder(reviewer.uri(content))
                .header("Range", "bytes=299990-").GET());
        assertEquals(206, open.statusCode());
        assertArrayEquals(Arrays.copyOfRange(body, 299_990, 300_000), open.body());
        HttpResponse<byte[]> beyond = reviewer.sendBytes(HttpRequest.newBuilder(reviewer.uri(content))
                .header("Range", "bytes=300000-").GET());
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */300000", beyond.headers().firstValue("Content-Range").orElseThrow());
    }

    @Test
    @Order(5)
    void aClientThatDisconnectsMidBodyLeavesNoUploadNoObjectNoRowAndNoEvent() throws Exception {
        long rows = sql.count("SELECT count(*) FROM footage");
        long entries = sql.count("SELECT count(*) FROM log_entries");
        List<String> stored = s3.keys(BUCKET, PREFIX + "/");
        try (Socket socket = new Socket("localhost", service.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/footage?filename=cut.mp4 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestTokens.officer("officer-s3") + "\r\nContent-Length: " + (40 << 20) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // Two full parts and the start of a third: the multipart upload has parts when the client goes.
            out.write(bytes((20 << 20) + 17, 6));
            out.flush();
            Awaitility.await("the service has sent parts to the bucket").atMost(Duration.ofSeconds(60))
                    .until(() -> !s3.openUploads(BUCKET).isEmpty());
            socket.setSoLinger(true, 0);
        }
        // The abort waits for the part still streaming to the bucket (HashingReceiver discards after its
        // last write settles), which on a loaded machine took longer than 20 s once.
        Awaitility.await("the multipart upload is aborted").atMost(Duration.ofSeconds(60))
                .until(() -> s3.openUploads(BUCKET).isEmpty());
        assertEquals(stored, s3.keys(BUCKET, PREFIX + "/"), "no temporary object, no new content key");
        assertEquals(rows, sql.count("SELECT count(*) FROM footage"), "nothing registered");
        assertEquals(entries, sql.count("SELECT count(*) FROM log_entries"), "no event");
    }

    @Test
    @Order(6)
    void anUploadWhoseRecordFailsLeavesItsVerifiedObjectForAConcurrentUploadOfTheSameBytes() {
        // A bucket cannot say which of two concurrent uploads of the same bytes created the object, so
        // the one whose record fails must not delete it: the other may be registering it right now.
        byte[] body = bytes(300_000, 7);
        Sha256Digest digest = new Sha256Hasher().update(body).digest();
        long rows = sql.count("SELECT count(*) FROM footage");
        sql.refuseLogInserts("test_refuse_s3_registration", "NEW.event_type = 'REGISTERED'");
        try {
            HttpResponse<String> refused = upload("twin.mp4", body, digest);
            assertTrue(refused.statusCode() >= 500, refused.statusCode() + " " + refused.body());
        } finally {
            sql.allowLogInserts("test_refuse_s3_registration");
        }
        assertEquals(rows, sql.count("SELECT count(*) FROM footage"), "nothing registered");
        assertTrue(s3.keys(BUCKET, PREFIX + "/").contains(contentKey(digest)),
                "the complete, verified object stays under its content key");
        assertFalse(s3.keys(BUCKET, PREFIX + "/tmp/").iterator().hasNext(), "no temporary object left");
        HttpResponse<String> again = upload("twin.mp4", body, digest);
        assertEquals(201, again.statusCode(), again.body());
        String id = new JsonObject(again.body()).getString("id");
        HttpResponse<byte[]> content = reviewer.sendBytes(HttpRequest.newBuilder(
                reviewer.uri("/api/v1/footage/" + id + "/content?purpose=review")).GET());
        assertEquals(200, content.statusCode());
        assertArrayEquals(body, content.body());
    }

    @Test
    @Order(7)
    void theAuditRehashesTheBucketAndNamesAnOrphanObjectAndAChangedOne() throws Exception {
        String[] audit = {"audit", "--db-url", service.dbUrl(), "--rehash-blobs", "--blob-store", "s3://" + BUCKET + "/" + PREFIX,
                "--s3-endpoint", s3.endpoint().toString(), "--s3-region", "us-east-1", "--s3-path-style"};
        byte[] body = bytes(200_000, 8);
        Sha256Digest digest = new Sha256Hasher().update(body).digest();
        assertEquals(201, upload("audited.mp4", body, digest).statusCode());
        Cli.Result clean = Cli.run(audit);
        assertEquals(0, clean.exit(), clean.out() + clean.err());
        assertTrue(clean.out().contains("CLEAN"), clean.out());

        // An object no footage accounts for, and a registered one whose bytes were replaced in the bucket.
        byte[] stray = bytes(1000, 9);
        try (S3AsyncClient client = s3.client()) {
            client.putObject(r -> r.bucket(BUCKET).key(contentKey(new Sha256Hasher().update(stray).digest())),
                    AsyncRequestBody.fromBytes(stray)).join();
            byte[] changed = body.clone();
            changed[changed.length / 2] ^= 1;
            client.putObject(r -> r.bucket(BUCKET).key(contentKey(digest)), AsyncRequestBody.fromBytes(changed)).join();
        }
        Cli.Result dirty = Cli.run(audit);
        assertEquals(1, dirty.exit(), dirty.out() + dirty.err());
        assertTrue(dirty.out().contains("orphan-blob"), dirty.out());
        assertTrue(dirty.out().contains(digest.hex()), "the changed object is named: " + dirty.out());
    }

    @Test
    @Order(8)
    void theUploadCommandWorksUnchangedAgainstAnS3BackedService(@TempDir Path tmp)
            throws Exception {
        byte[] body = bytes(3 << 20, 10);
        Path file = tmp.resolve("cli-clip.mp4");
        Files.write(file, body);
        Cli.Result r = Cli.run("upload", file.toString(), "--server", "http://localhost:" + service.port(),
                "--incident", "INC-S3-CLI", "--token", TestTokens.officer("officer-s3"));
        assertEquals(0, r.exit(), r.out() + r.err());
        Sha256Digest digest = new Sha256Hasher().update(body).digest();
        assertTrue(r.out().contains(digest.hex()), r.out());
        assertTrue(s3.keys(BUCKET, PREFIX + "/").contains(contentKey(digest)), "the bytes are in the bucket");
    }
}
