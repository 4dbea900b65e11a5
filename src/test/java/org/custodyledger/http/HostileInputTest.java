package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.custodyledger.testing.RawHttp;
import org.custodyledger.testing.RunningService;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestTokens;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.util.Base64;

/**
 * The hostile-input corpus: each case is a request no honest client sends, and each must be
 * answered with a 4xx {@code application/problem+json} (or a closed connection where HTTP
 * itself is broken), never a 5xx or a hang, and must leave nothing behind: no ledger entry,
 * no footage row, no temporary file. To grow the corpus, add a line to {@link #corpus()}.
 */
class HostileInputTest {
    @RegisterExtension
    static final RunningService service = new RunningService();
    static Sql sql;
    static String footageId;
    static final String OFFICER = TestTokens.officer("officer-h");
    static final String REVIEWER = TestTokens.reviewer("reviewer-h");
    static final String ADMIN = TestTokens.admin("admin-h");
    static final String OVERSIGHT = TestTokens.oversight("oversight-h");

    /** A request: its head (placeholders {id}, {officer}, {reviewer}, {admin}, {oversight}) and body; closeOk: a dropped connection is a fair answer. */
    record Case(String name, String head, byte[] body, boolean closeOk) {
        static Case of(String name, String head) {
            return new Case(name, head, null, false);
        }

        /** GET {@code target} as a reviewer. */
        static Case get(String name, String target) {
            return of(name, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {reviewer}");
        }

        /** An officer's three-byte upload with {@code query}. */
        static Case upload(String name, String query) {
            return of(name, "POST /api/v1/footage?" + query + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer {officer}\r\nContent-Length: 3");
        }

        static Case json(String name, String method, String path, String token, String json) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            return new Case(name, method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length, body, false);
        }

        static Case bytes(String name, String head, byte[] body, boolean closeOk) {
            return new Case(name, head, body, closeOk);
        }
    }

    @BeforeAll
    static void start() {
        sql = service.sql();
        String body = "{\"sha256\":\"" + "ab".repeat(32) + "\",\"size\":10,\"filename\":\"a.mp4\"}";
        RawHttp.Answer created = RawHttp.exchange(service.port(), "POST /api/v1/footage/by-hash HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + OFFICER + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length(),
                body.getBytes(StandardCharsets.UTF_8));
        assertEquals(201, created.status(), created.body());
        footageId = new JsonObject(created.body()).getString("id");
    }

    static List<Case> corpus() {
        List<Case> c = new ArrayList<>();
        String get = "GET %s HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {reviewer}";
        // Malformed percent-escapes, everywhere a query is read.
        for (String target : List.of("/api/v1/ledger/proof/inclusion?index=%zz&treeSize=1",
                "/api/v1/ledger/proof/consistency?from=%&to=1", "/api/v1/footage?incident=a%",
                "/api/v1/footage?sha256=%zz", "/api/v1/footage/{id}/history?cursor=%z",
                "/api/v1/footage/{id}/content?purpose=%zz", "/api/v1/footage/{id}/bundle?purpose=a%",
                "/api/v1/footage/{id}/verify?x=%", "/api/v1/audit/access-failures?limit=%zz",
                "/api/v1/ledger/audits?x=%", "/api/v1/ledger/entries/%zz", "/api/v1/footage/%zz",
                "/api/v1/footage/{id}/holds?%=1", "/api/v1/ledger/checkpoint?%zz", "/health?%zz")) {
            c.add(Case.get("bad escape " + target, target));
        }
        c.add(Case.upload("bad escape in upload", "filename=a%&incident=x"));
        c.add(Case.of("bad escape in dispose", "DELETE /api/v1/footage/{id}?purpose=%zz HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer {admin}"));
        // Path tricks in names and ids.
        c.add(Case.get("dot-dot footage id", "/api/v1/footage/..%2f..%2fetc%2fpasswd"));
        c.add(Case.get("encoded slash id", "/api/v1/footage/f-%2e%2e/content?purpose=x"));
        c.add(Case.get("huge index", "/api/v1/ledger/entries/99999999999999999999999"));
        c.add(Case.get("negative index", "/api/v1/ledger/proof/inclusion?index=-1&treeSize=1"));
        c.add(Case.upload("upload path filename", "filename=..%2F..%2Fx"));
        c.add(Case.upload("upload NUL filename", "filename=a%00b"));
        // Unknown parameters are refused, not ignored.
        c.add(Case.get("unknown search filter", "/api/v1/footage?uploadedBy=someone"));
        c.add(Case.get("unknown search filter 2", "/api/v1/footage?recordedAfter=2026-01-01T00:00:00Z"));
        c.add(Case.get("unknown history parameter", "/api/v1/footage/{id}/history?type=VIEWED"));
        c.add(Case.get("repeated limit", "/api/v1/footage?limit=1&limit=2"));
        // Giant headers and query strings.
        c.add(Case.bytes("giant query", String.format(get, "/api/v1/footage?incident=" + "a".repeat(20_000)), null, true));
        c.add(Case.bytes("giant header", String.format(get, "/api/v1/footage") + "\r\nX-Big: " + "b".repeat(20_000), null, true));
        // Dates outside any sane range, and not RFC 3339.
        String by = "/api/v1/footage/by-hash";
        for (String time : List.of("+294277-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "-4714-11-24T00:00:00Z",
                "0001-01-01T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T00:00:00")) {
            c.add(Case.json("recordedAt " + time, "POST", by, "{officer}", "{\"sha256\":\"" + "cd".repeat(32)
                    + "\",\"size\":1,\"filename\":\"a\",\"recordedAt\":\"" + time + "\"}"));
            c.add(Case.json("retention " + time, "PUT", "/api/v1/footage/{id}/retention", "{admin}",
                    "{\"retainUntil\":\"" + time + "\",\"purpose\":\"p\"}"));
        }
        c.add(Case.json("share expiry far away", "POST", "/api/v1/footage/{id}/events", "{reviewer}",
                "{\"type\":\"SHARED\",\"purpose\":\"p\",\"details\":{\"recipient\":\"r\",\"expiresAt\":\"+294277-01-01T00:00:00Z\"}}"));
        // Malformed, deep, huge and odd JSON.
        String hash = "{\"sha256\":\"" + "ef".repeat(32) + "\",\"size\":1,\"filename\":\"a\",";
        c.add(Case.json("NUL in metadata", "POST", by, "{officer}", hash + "\"metadata\":{\"k\":\"a\\u0000b\"}}"));
        c.add(Case.json("NUL in metadata key", "POST", by, "{officer}", hash + "\"metadata\":{\"a\\u0000\":1}}"));
        c.add(Case.json("lone surrogate in metadata", "POST", by, "{officer}", hash + "\"metadata\":{\"k\":\"\\ud800\"}}"));
        c.add(Case.json("lone surrogate in filename", "POST", by, "{officer}",
                "{\"sha256\":\"" + "ef".repeat(32) + "\",\"size\":1,\"filename\":\"a\\udc00\"}"));
        c.add(Case.json("1e400 in metadata", "POST", by, "{officer}", hash + "\"metadata\":{\"k\":1e400}}"));
        c.add(Case.json("huge integer in metadata", "POST", by, "{officer}", hash + "\"metadata\":{\"k\":" + "9".repeat(400) + "}}"));
        c.add(Case.json("deep metadata", "POST", by, "{officer}", hash + "\"metadata\":" + "{\"a\":".repeat(2000) + "1"
                + "}".repeat(2000) + "}"));
        c.add(Case.json("deep event details", "POST", "/api/v1/footage/{id}/events", "{reviewer}",
                "{\"type\":\"ANNOTATED\",\"details\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
        c.add(Case.json("truncated JSON", "POST", by, "{officer}", "{\"sha256\":"));
        c.add(Case.json("JSON array", "POST", by, "{officer}", "[1,2]"));
        c.add(Case.json("huge size", "POST", by, "{officer}", "{\"sha256\":\"" + "ef".repeat(32) + "\",\"size\":1e30,\"filename\":\"a\"}"));
        c.add(Case.json("event with NUL", "POST", "/api/v1/footage/{id}/events", "{reviewer}",
                "{\"type\":\"ANNOTATED\",\"details\":{\"note\":\"a\\u0000\"}}"));
        c.add(Case.json("hold with surrogate", "POST", "/api/v1/footage/{id}/holds", "{admin}",
                "{\"reason\":\"\\ud800x\",\"matter\":\"m\"}"));
        c.add(Case.json("audit body wrong types", "POST", "/api/v1/ledger/audits", "{oversight}",
                "{\"signatures\":\"yes\"}"));
        c.add(Case.bytes("invalid UTF-8 JSON", "POST " + by + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {officer}"
                + "\r\nContent-Type: application/json\r\nContent-Length: 5", new byte[] {'{', '"', (byte) 0xC3, '"', '}'}, false));
        c.add(Case.bytes("giant JSON body", "POST " + by + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {officer}"
                + "\r\nContent-Type: application/json\r\nContent-Length: 10000000", new byte[1 << 20], true));
        // Lying lengths and odd transfer codings on uploads.
        String up = "POST /api/v1/footage?filename=a.mp4 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {officer}";
        c.add(Case.bytes("upload longer than declared limit", up + "\r\nContent-Length: 99999999999999999", null, true));
        c.add(Case.bytes("upload Content-Length not a number", up + "\r\nContent-Length: 12abc", "abc".getBytes(), true));
        c.add(Case.bytes("upload two Content-Lengths", up + "\r\nContent-Length: 3\r\nContent-Length: 4", "abcd".getBytes(), true));
        c.add(Case.bytes("upload gzip coding", up + "\r\nTransfer-Encoding: gzip", "abc".getBytes(), true));
        c.add(Case.bytes("upload chunked identity", up + "\r\nTransfer-Encoding: chunked, identity",
                "3\r\nabc\r\n0\r\n\r\n".getBytes(), true));
        c.add(Case.bytes("upload malformed chunk", up + "\r\nTransfer-Encoding: chunked", "zz\r\nabc\r\n0\r\n\r\n".getBytes(), true));
        c.add(Case.bytes("upload Repr-Digest garbage", up + "\r\nRepr-Digest: sha-256=:!!!:\r\nContent-Length: 3",
                "abc".getBytes(), false));
        // Forged and malformed tokens.
        String protectedGet = "GET /api/v1/footage HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ";
        c.add(Case.of("alg none token", protectedGet + unsigned("{\"alg\":\"none\"}", "{\"sub\":\"x\",\"roles\":[\"admin\"]}")));
        c.add(Case.of("garbage token", protectedGet + "a.b.c"));
        c.add(Case.of("non-ASCII token", protectedGet + "é.é.é"));
        c.add(Case.of("huge token", protectedGet + "a".repeat(7000)));
        long exp = System.currentTimeMillis() / 1000 + 3600;
        String eddsa = "{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}";
        c.add(Case.of("crit header token", protectedGet + TestTokens.signedRaw(
                "{\"alg\":\"EdDSA\",\"crit\":[\"exp-x\"],\"exp-x\":1}",
                "{\"sub\":\"x\",\"roles\":[\"reviewer\"],\"exp\":" + exp + "}")));
        c.add(Case.of("token sub with NUL", protectedGet + TestTokens.signedRaw(eddsa,
                "{\"sub\":\"a\\u0000b\",\"roles\":[\"officer\"],\"exp\":" + exp + "}")));
        c.add(Case.of("token sub with lone surrogate", protectedGet + TestTokens.signedRaw(eddsa,
                "{\"sub\":\"a\\ud800\",\"roles\":[\"officer\"],\"exp\":" + exp + "}")));
        c.add(Case.of("token sub that is a number", protectedGet + TestTokens.signedRaw(eddsa,
                "{\"sub\":12,\"roles\":[\"officer\"],\"exp\":" + exp + "}")));
        c.add(Case.of("token exp far beyond", protectedGet + TestTokens.signedRaw(eddsa,
                "{\"sub\":\"x\",\"roles\":[\"officer\"],\"exp\":1e400}")));
        c.add(Case.of("Basic auth", "GET /api/v1/footage HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YTpi"));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> everyHostileRequestIsA4xxProblemAndLeavesNothing() {
        return corpus().stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> {
            long entries = sql.count("SELECT count(*) FROM log_entries");
            long footage = sql.count("SELECT count(*) FROM footage");
            RawHttp.Answer answer = RawHttp.exchange(service.port(), fill(k.head()), k.body());
            String what = k.name() + ": " + answer.status() + " " + answer.body();
            if (answer.status() == 0) {
                assertTrue(k.closeOk(), k.name() + ": the connection closed without an answer");
            } else {
                assertTrue(answer.status() >= 400 && answer.status() < 500, what);
                if (!k.closeOk() || answer.header("content-type") != null) {
                    assertEquals(Problems.CONTENT_TYPE, answer.header("content-type"), what);
                    JsonObject problem = new JsonObject(answer.body());
                    assertEquals(answer.status(), problem.getInteger("status"), what);
                    assertTrue(!problem.getString("detail", "").isBlank(), what + ": a problem must say what was wrong");
                    assertTrue(!problem.getString("detail").contains("Exception"), what);
                }
            }
            assertEquals(entries, sql.count("SELECT count(*) FROM log_entries"), what + ": nothing appended");
            assertEquals(footage, sql.count("SELECT count(*) FROM footage"), what + ": no footage row");
            Awaitility.await(k.name() + ": temporary upload files are removed").atMost(Duration.ofSeconds(20))
                    .until(() -> temporaryFiles() == 0);
        }));
    }

    private static long temporaryFiles() throws Exception {
        try (Stream<Path> files = Files.list(service.dataDir().resolve("blobs").resolve("tmp"))) {
            return files.count();
        }
    }

    private static String fill(String head) {
        return head.replace("{id}", footageId).replace("{officer}", OFFICER).replace("{reviewer}", REVIEWER)
                .replace("{admin}", ADMIN).replace("{oversight}", OVERSIGHT);
    }

    private static String unsigned(String header, String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
