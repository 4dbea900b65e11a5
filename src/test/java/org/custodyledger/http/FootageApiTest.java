package org.custodyledger.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.custodyledger.TestKeys;
import org.custodyledger.config.AppConfig;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.merkle.ProofVerifier;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.custodyledger.testing.TestTokens;
import org.custodyledger.testing.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import java.net.http.HttpClient;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

class FootageApiTest {
    private static final long MAX_UPLOAD = 48L << 20;
    static final String OFFICER = TestTokens.officer("officer-1");
    @RegisterExtension
    static final RunningService service = new RunningService(
            (dataDir, dbUrl) -> AppConfig.builder(dataDir).dbUrl(dbUrl).maxUploadBytes(MAX_UPLOAD).build());

    private static Http http() {
        return service.as(OFFICER);
    }

    private static Sql sql() {
        return service.sql();
    }

    private static Path media(String name) throws Exception {
        return Path.of(FootageApiTest.class.getResource("/media/" + name).toURI());
    }

    private static HttpResponse<String> upload(byte[] body, String query, String reprDigest) {
        HttpRequest.Builder req = HttpRequest.newBuilder(http().uri("/api/v1/footage?" + query))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (reprDigest != null) {
            req.header("Repr-Digest", reprDigest);
        }
        return http().send(req);
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static long blobCount() throws Exception {
        Path root = service.dataDir().resolve("blobs/sha256");
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    private static long tempCount() throws Exception {
        try (Stream<Path> files = Files.list(service.dataDir().resolve("blobs/tmp"))) {
            return files.count();
        }
    }

    private static long tempBytes() throws Exception {
        try (Stream<Path> files = Files.list(service.dataDir().resolve("blobs/tmp"))) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void uploadStoresHashesExtractsAndRecordsWithAVerifiableProof() throws Exception {
        byte[] video = Files.readAllBytes(media("iphone.mov"));
        Sha256Digest digest = Sha256Hasher.hash(video);
        HttpResponse<String> r = upload(video, "filename=iphone.mov&incident=INC-2026-0042&device=AXON-X60A1234",
                "sha-256=:" + digest.base64() + ":");
        assertEquals(201, r.statusCode(), r.body());
        JsonObject body = new JsonObject(r.body());
        String id = body.getString("id");
        assertEquals("/api/v1/footage/" + id, r.headers().firstValue("Location").orElseThrow());
        assertEquals(digest.hex(), body.getString("sha256"));
        assertEquals(video.length, body.getLong("size"));
        assertEquals("video/quicktime", body.getString("mediaType"));
        assertEquals("INC-2026-0042", body.getString("incident"));
        assertEquals("Apple", body.getJsonObject("metadata").getJsonObject("device").getString("make"));
        assertEquals("2026-11-25T18:30:00.000Z", body.getString("recordedAt"));
        assertEquals("REGISTERED", body.getJsonObject("event").getString("type"));

        // The proof verifies against the returned checkpoint, whose signature verifies against the published key.
        Checkpoint cp = Checkpoints.verify(body.getString("checkpoint"), TestKeys.sampleSigner().verifier());
        JsonObject proof = body.getJsonObject("inclusionProof");
        List<byte[]> hashes = new ArrayList<>();
        proof.getJsonArray("hashes").forEach(h -> hashes.add(Base64.getDecoder().decode((String) h)));
        assertTrue(ProofVerifier.verifyInclusion(proof.getLong("index"), cp.size(),
                Base64.getDecoder().decode(proof.getString("leafHash")), hashes, cp.root()).isValid());

        // Stored content-addressed, read-only, byte for byte.
        Path blob = service.dataDir().resolve("blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex().substring(2, 4)
                + "/" + digest.hex());
        assertEquals(digest, Sha256Hasher.hash(Files.readAllBytes(blob)));
        assertEquals("r--r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(blob)));

        JsonObject fetched = new JsonObject(http().get("/api/v1/footage/" + id).body());
        assertEquals(body.getLong("size"), fetched.getLong("size"));
        assertEquals(body.getJsonObject("event").getLong("index"), fetched.getJsonObject("registration").getLong("index"));
        assertEquals(0, tempCount());
    }

    @Test
    void theSameBytesAgainAreOneBlobAndAResubmissionEvent() throws Exception {
        byte[] video = Files.readAllBytes(media("bodycam-nyc.mp4"));
        HttpResponse<String> first = upload(video, "filename=nyc.mp4&incident=INC-7", null);
        assertEquals(201, first.statusCode());
        long blobs = blobCount();
        HttpResponse<String> again = upload(video, "filename=copy-of-nyc.mp4&incident=INC-7", null);
        assertEquals(200, again.statusCode(), again.body());
        String id = new JsonObject(first.body()).getString("id");
        assertEquals(id, new JsonObject(again.body()).getString("id"));
        assertEquals("RESUBMITTED", new JsonObject(again.body()).getJsonObject("event").getString("type"));
        assertEquals(blobs, blobCount());
        assertEquals(2, sql().count("SELECT count(*) FROM log_entries WHERE footage_id = '" + id + "'"));
        assertEquals(0, tempCount());
    }

    @Test
    void aDigestMismatchIs422AndKeepsNothing() throws Exception {
        long blobs = blobCount();
        long rows = sql().count("SELECT count(*) FROM footage");
        byte[] data = random(300_000, 1);
        HttpResponse<String> r = upload(data, "filename=x.mp4", "sha-256=:" + Sha256Hasher.hash(new byte[1]).base64() + ":");
        assertEquals(422, r.statusCode());
        assertEquals(Problems.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(new JsonObject(r.body()).getString("detail").startsWith("Repr-Digest sha-256 "));
        assertEquals(blobs, blobCount());
        assertEquals(0, tempCount());
        assertEquals(rows, sql().count("SELECT count(*) FROM footage"));
    }

    @Test
    void anInterruptedUploadLeavesNothingBehind() throws Exception {
        long blobs = blobCount();
        long rows = sql().count("SELECT count(*) FROM footage");
        long entries = sql().count("SELECT count(*) FROM log_entries");
        try (Socket socket = new Socket("localhost", service.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/footage?filename=cut.mp4 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + OFFICER
                    + "\r\nContent-Length: 20000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(random(3_000_000, 2));
            out.flush();
            // Cut the connection only once the server is writing the body: else this tests a request never begun.
            await("the upload's first bytes on disk").atMost(Duration.ofSeconds(10)).until(() -> tempBytes() > 0);
        }
        await("the temporary file removed").atMost(Duration.ofSeconds(5)).until(() -> tempCount() == 0);
        assertEquals(blobs, blobCount());
        assertEquals(rows, sql().count("SELECT count(*) FROM footage"));
        assertEquals(entries, sql().count("SELECT count(*) FROM log_entries"));
    }

    @Test
    void largeUploadsAreExactAndOversizedOnesRefused() throws Exception {
        byte[] big = random(40 << 20, 3);
        HttpResponse<String> ok = upload(big, "filename=big.bin", "sha-256=:" + Sha256Hasher.hash(big).base64() + ":");
        assertEquals(201, ok.statusCode(), ok.body());
        assertEquals(big.length, new JsonObject(ok.body()).getLong("size"));

        long blobs = blobCount();
        byte[] tooBig = random((int) MAX_UPLOAD + 1, 4);
        HttpResponse<String> refused = upload(tooBig, "filename=huge.bin", null);
        assertEquals(413, refused.statusCode());
        assertEquals(blobs, blobCount());
        assertEquals(0, tempCount());
    }

    @Test
    void hashOnlyRegistrationThenTheBytesArrive() throws Exception {
        byte[] video = Files.readAllBytes(media("bodycam-la.mp4"));
        Sha256Digest digest = Sha256Hasher.hash(video);
        JsonObject reg = new JsonObject().put("sha256", digest.hex()).put("size", video.length)
                .put("filename", "la.mp4").put("incident", "INC-9").put("mediaType", "video/mp4")
                .put("recordedAt", "2026-11-24T12:00:00Z").put("storageLocation", "nas-3:/evidence/2026/la.mp4")
                .put("metadata", new JsonObject().put("camera", "fixed"));
        HttpResponse<String> r = http().send(HttpRequest.newBuilder(http().uri("/api/v1/footage/by-hash"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(reg.encode())));
        assertEquals(201, r.statusCode(), r.body());
        JsonObject body = new JsonObject(r.body());
        assertFalse(body.getBoolean("held"));
        assertEquals("nas-3:/evidence/2026/la.mp4", body.getString("storageLocation"));
        assertEquals("REGISTERED", body.getJsonObject("event").getString("type"));

        HttpResponse<String> uploaded = upload(video, "filename=la.mp4", null);
        assertEquals(200, uploaded.statusCode(), uploaded.body());
        assertTrue(new JsonObject(uploaded.body()).getBoolean("held"));
        assertEquals(body.getString("id"), new JsonObject(uploaded.body()).getString("id"));
    }

    @Test
    void concurrentRegistrationsOfOneHashMakeOneRecord() throws Exception {
        String hex = Sha256Hasher.hash("raced".getBytes(StandardCharsets.UTF_8)).hex();
        String json = new JsonObject().put("sha256", hex).put("size", 5).put("filename", "raced.mp4").encode();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 8; i++) {
            all.add(client.sendAsync(HttpRequest.newBuilder(http().uri("/api/v1/footage/by-hash"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + OFFICER)
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (var f : all) {
            HttpResponse<String> r = f.get();
            statuses.add(r.statusCode());
            ids.add(new JsonObject(r.body()).getString("id"));
        }
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(1, ids.size());
        String id = ids.iterator().next();
        assertEquals(1, sql().count("SELECT count(*) FROM footage WHERE id = '" + id + "'"));
        assertEquals(8, sql().count("SELECT count(*) FROM log_entries WHERE footage_id = '" + id + "'"));
    }

    @Test
    void listingFiltersAndPagesWithACursor() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(201, upload(random(1000, 100 + i), "filename=p" + i + ".bin&incident=PAGE-1", null).statusCode());
        }
        JsonObject page1 = new JsonObject(http().get("/api/v1/footage?incident=PAGE-1&limit=3").body());
        assertEquals(3, page1.getJsonArray("items").size());
        String cursor = page1.getString("nextCursor");
        JsonObject page2 = new JsonObject(http().get("/api/v1/footage?incident=PAGE-1&limit=3&cursor=" + cursor).body());
        JsonArray items = page2.getJsonArray("items");
        assertEquals(2, items.size());
        assertNull(page2.getString("nextCursor"));
        assertEquals("p3.bin", items.getJsonObject(0).getString("filename"));
        String sha = items.getJsonObject(1).getString("sha256");
        JsonObject bySha = new JsonObject(http().get("/api/v1/footage?sha256=" + sha).body());
        assertEquals(1, bySha.getJsonArray("items").size());
        assertEquals(404, http().get("/api/v1/footage/f-00000000000000000000000000000000").statusCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "incident=X|400|filename is required",
            "filename=%2E%2E%2F%2E%2E%2Fetc%2Fpasswd|400|filename must be a file name, not a path: '../../etc/passwd'",
            "filename=bad%FFname.mp4|400|filename is not valid UTF-8",
            "filename=a%0Ab.mp4|400|filename must not contain control characters",
            "filename=ok.mp4&recordedAt=yesterday|400|recordedAt must be an RFC 3339 time with an offset, like 2026-11-27T21:14:05Z; got 'yesterday'",
            "filename=ok.mp4&incident=INCIDENT_TOO_LONG|400|incident is too long: 200 characters, at most 128",
    })
    void badUploadParametersAreProblemsAndStoreNothing(String query, int status, String detail) throws Exception {
        long rows = sql().count("SELECT count(*) FROM footage");
        String q = query.replace("INCIDENT_TOO_LONG", "x".repeat(200));
        HttpResponse<String> r = upload(random(5000, 9), q, null);
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(detail, new JsonObject(r.body()).getString("detail"));
        assertEquals(rows, sql().count("SELECT count(*) FROM footage"));
        assertEquals(0, tempCount());
    }

    @Test
    void anEmptyBodyIsRefused() throws Exception {
        HttpResponse<String> r = upload(new byte[0], "filename=empty.mp4", null);
        assertEquals(400, r.statusCode());
        assertEquals("the body is empty: send the file's bytes", new JsonObject(r.body()).getString("detail"));
        assertEquals(0, tempCount());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{not json|the body must be a JSON object",
            "[]|the body must be a JSON object",
            "{\"sha256\":\"abcd\",\"size\":1,\"filename\":\"a\"}|sha256: a SHA-256 digest is 64 hex digits, got 4 characters",
            "{\"sha256\":\"" + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" + "\",\"size\":-1,\"filename\":\"a\"}|size must be a non-negative integer number of bytes",
            "{\"sha256\":\"" + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" + "\",\"size\":1}|filename is required",
            "{\"sha256\":\"" + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" + "\",\"size\":1,\"filename\":\"a\",\"metadata\":[1]}|metadata must be a JSON object",
    })
    void badRegistrationsAreProblems(String json, String detailStart) {
        HttpResponse<String> r = http().send(HttpRequest.newBuilder(http().uri("/api/v1/footage/by-hash"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(Problems.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(new JsonObject(r.body()).getString("detail").startsWith(detailStart), r.body());
    }
}
