package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.custodyledger.testing.Audits;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.vertx.core.json.JsonArray;
import org.custodyledger.config.AppConfig;
import org.custodyledger.hash.Sha256Hasher;

/**
 * Every (credential × endpoint) pair, with the exact status expected. Each case gets its own
 * footage (owned by officer-1), so a case that succeeds cannot change what another case sees.
 * A refused case (401/403) must also leave the ledger exactly as it was.
 */
class AccessMatrixTest {
    @RegisterExtension
    // Complaints are rate limited per address; every case here comes from one, so the limits are lifted.
    static final RunningService service = new RunningService((dir, db) -> AppConfig.builder(dir).dbUrl(db)
            .complaints(new AppConfig.Complaints(Duration.ofMinutes(30), 90, 100_000, 100_000)).build());
    static Http http;
    static Sql sql;

    static final String OWNER = "officer-1";

    /** The credentials every endpoint is tried with, by name. */
    static final Map<String, String> CREDENTIALS = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        http = service.http();
        sql = service.sql();
        CREDENTIALS.put("officer", TestTokens.officer(OWNER));
        CREDENTIALS.put("other-officer", TestTokens.officer("officer-2"));
        CREDENTIALS.put("reviewer", TestTokens.reviewer("reviewer-1"));
        CREDENTIALS.put("oversight", TestTokens.oversight("auditor-1"));
        CREDENTIALS.put("admin", TestTokens.admin("admin-1"));
        CREDENTIALS.put("no-role", TestTokens.of("nobody-1"));
        CREDENTIALS.put("unknown-role", TestTokens.of("chief-1", "chief"));
        CREDENTIALS.put("none", null);
        CREDENTIALS.put("expired", TestTokens.expired(OWNER, "officer", "reviewer", "oversight", "admin"));
        CREDENTIALS.put("not-yet-valid", TestTokens.notYetValid(OWNER, "officer", "reviewer", "oversight", "admin"));
        CREDENTIALS.put("foreign-key", TestTokens.foreignKey(OWNER, "officer", "reviewer", "oversight", "admin"));
        CREDENTIALS.put("no-exp", TestTokens.withClaims(new JsonObject().put("sub", OWNER)
                .put("roles", new JsonArray().add("admin"))));
        CREDENTIALS.put("garbage", "not.a.jwt");
    }

    /**
     * A request against a case's own footage and hold, and (when asked) its own legal case holding it and share
     * of it, and its own complaint (for the complaint routes).
     */
    record Target(String footageId, String holdId, String caseNumber, String shareId, String capability,
                  String complaintId, String receiptSecret) {
    }

    /**
     * One endpoint: how to build its request, and the status each credential gets. Credentials
     * not listed get 401 (invalid or missing token) on protected routes.
     */
    record Endpoint(String name, Function<Target, HttpRequest.Builder> request, Map<String, Integer> expected,
                    boolean needsHold, boolean needsCaseAndShare) {
        Endpoint(String name, Function<Target, HttpRequest.Builder> request, Map<String, Integer> expected,
                 boolean needsHold) {
            this(name, request, expected, needsHold, false);
        }
    }

    private static final int PUBLIC = -1;

    /** Statuses for officer(owner), other officer, reviewer, oversight, admin; no-role/unknown-role get 403. */
    private static Map<String, Integer> roles(int officer, int otherOfficer, int reviewer, int oversight, int admin) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("officer", officer);
        m.put("other-officer", otherOfficer);
        m.put("reviewer", reviewer);
        m.put("oversight", oversight);
        m.put("admin", admin);
        m.put("no-role", 403);
        m.put("unknown-role", 403);
        return m;
    }

    private static Map<String, Integer> open(int status) {
        Map<String, Integer> m = new LinkedHashMap<>();
        CREDENTIALS.keySet().forEach(k -> m.put(k, status));
        m.put("__public__", PUBLIC);
        return m;
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(http.uri(path)).GET();
    }

    private static HttpRequest.Builder json(String method, String path, JsonObject body) {
        return HttpRequest.newBuilder(http.uri(path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[2048];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    static List<Endpoint> endpoints() {
        String f = "/api/v1/footage/";
        List<Endpoint> list = new ArrayList<>();
        list.add(new Endpoint("GET /health", t -> get("/health"), open(200), false));
        list.add(new Endpoint("GET /api/v1/openapi.json", t -> get("/api/v1/openapi.json"), open(200), false));
        list.add(new Endpoint("GET ledger/checkpoint", t -> get("/api/v1/ledger/checkpoint"), open(200), false));
        list.add(new Endpoint("GET ledger/key", t -> get("/api/v1/ledger/key"), open(200), false));
        list.add(new Endpoint("GET ledger/proof/inclusion", t -> get("/api/v1/ledger/proof/inclusion?index=0&treeSize=1"),
                open(200), false));
        list.add(new Endpoint("GET ledger/proof/consistency", t -> get("/api/v1/ledger/proof/consistency?from=1&to=1"),
                open(200), false));
        list.add(new Endpoint("GET ledger/entries/{i}", t -> get("/api/v1/ledger/entries/0"),
                roles(403, 403, 200, 200, 200), false));
        // Each case uploads first, so a checkpoint was signed at size 1: its partial tile and bundle exist.
        list.add(new Endpoint("GET tlog/checkpoint", t -> get("/tlog/checkpoint"), open(200), false));
        list.add(new Endpoint("GET tlog/tile/0/000.p/1", t -> get("/tlog/tile/0/000.p/1"), open(200), false));
        list.add(new Endpoint("GET tlog/tile/entries/000.p/1", t -> get("/tlog/tile/entries/000.p/1"),
                roles(403, 403, 200, 200, 200), false));
        list.add(new Endpoint("POST footage (upload)", t -> HttpRequest.newBuilder(http.uri("/api/v1/footage?filename=m.mp4"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(randomBytes())), roles(201, 201, 201, 403, 403), false));
        list.add(new Endpoint("PUT footage (upload)", t -> HttpRequest.newBuilder(http.uri("/api/v1/footage?filename=m.mp4"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(randomBytes())), roles(201, 201, 201, 403, 403), false));
        list.add(new Endpoint("POST footage/by-hash", t -> json("POST", "/api/v1/footage/by-hash", new JsonObject()
                .put("sha256", Sha256Hasher.hash(randomBytes()).hex()).put("size", 2048)
                .put("filename", "kept-elsewhere.mp4")), roles(201, 201, 201, 403, 403), false));
        list.add(new Endpoint("GET footage (search)", t -> get("/api/v1/footage"), roles(200, 200, 200, 200, 200), false));
        list.add(new Endpoint("GET footage/{id}", t -> get(f + t.footageId()), roles(200, 403, 200, 200, 200), false));
        list.add(new Endpoint("GET footage/{id}/history", t -> get(f + t.footageId() + "/history"),
                roles(200, 403, 200, 200, 200), false));
        list.add(new Endpoint("POST footage/{id}/events", t -> json("POST", f + t.footageId() + "/events",
                new JsonObject().put("type", "ANNOTATED").put("details", new JsonObject().put("note", "siren at 0:41"))),
                roles(201, 403, 201, 403, 403), false));
        list.add(new Endpoint("GET footage/{id}/content", t -> get(f + t.footageId() + "/content?purpose=review"),
                roles(200, 403, 200, 403, 403), false));
        list.add(new Endpoint("GET footage/{id}/content download", t -> get(f + t.footageId()
                + "/content?purpose=disclosure&download=true"), roles(403, 403, 200, 403, 403), false));
        list.add(new Endpoint("GET footage/{id}/holds", t -> get(f + t.footageId() + "/holds"),
                roles(403, 403, 200, 200, 200), false));
        list.add(new Endpoint("POST footage/{id}/holds", t -> json("POST", f + t.footageId() + "/holds",
                new JsonObject().put("reason", "litigation").put("matter", "CV-1")), roles(403, 403, 403, 403, 201), false));
        list.add(new Endpoint("POST footage/{id}/holds/{h}/release", t -> json("POST", f + t.footageId() + "/holds/"
                + t.holdId() + "/release", new JsonObject().put("reason", "case closed")), roles(403, 403, 403, 403, 200), true));
        list.add(new Endpoint("PUT footage/{id}/retention", t -> json("PUT", f + t.footageId() + "/retention",
                new JsonObject().put("retainUntil", "2030-01-01T00:00:00Z").put("purpose", "policy 7y")),
                roles(403, 403, 403, 403, 200), false));
        list.add(new Endpoint("DELETE footage/{id}", t -> HttpRequest.newBuilder(http.uri(f + t.footageId()
                + "?purpose=retention%20expired")).DELETE(), roles(403, 403, 403, 403, 200), false));
        list.add(new Endpoint("GET footage/{id}/verify", t -> get(f + t.footageId() + "/verify"),
                roles(403, 403, 200, 200, 200), false));
        list.add(new Endpoint("GET footage/{id}/bundle", t -> get(f + t.footageId() + "/bundle?purpose=disclosure"),
                roles(403, 403, 200, 200, 200), false));
        list.add(new Endpoint("POST verify (copy)", t -> HttpRequest.newBuilder(http.uri("/api/v1/verify"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(randomBytes())), roles(403, 403, 200, 200, 200), false));
        list.add(new Endpoint("POST ledger/audits", t -> json("POST", "/api/v1/ledger/audits", new JsonObject()),
                roles(403, 403, 403, 202, 202), false));
        list.add(new Endpoint("GET ledger/audits", t -> get("/api/v1/ledger/audits"), roles(403, 403, 403, 200, 200), false));
        list.add(new Endpoint("GET ledger/audits/{id}", t -> get("/api/v1/ledger/audits/a-unknown"),
                roles(403, 403, 403, 404, 404), false));
        list.add(new Endpoint("GET audit/access-failures", t -> get("/api/v1/audit/access-failures"),
                roles(403, 403, 403, 200, 200), false));
        addCasesSharesAndBulk(list);
        addComplaints(list);
        return list;
    }

    /** Cases (reviewer, admin manage; oversight reads), shares (reviewer makes; the link is public), bulk (admin). */
    private static void addCasesSharesAndBulk(List<Endpoint> list) {
        String c = "/api/v1/cases/";
        list.add(new Endpoint("POST cases", t -> json("POST", "/api/v1/cases", new JsonObject()
                .put("caseNumber", "N-" + t.footageId().substring(2, 18)).put("title", "t")),
                roles(403, 403, 201, 403, 201), false));
        list.add(new Endpoint("GET cases", t -> get("/api/v1/cases"), roles(403, 403, 200, 200, 200), false));
        list.add(new Endpoint("GET cases/{n}", t -> get(c + t.caseNumber()), roles(403, 403, 200, 200, 200), false, true));
        list.add(new Endpoint("POST cases/{n}/footage", t -> json("POST", c + t.caseNumber() + "/footage",
                new JsonObject().put("incident", "NO-SUCH-INCIDENT").put("reason", "r")),
                roles(403, 403, 200, 403, 200), false, true));
        list.add(new Endpoint("DELETE cases/{n}/footage/{id}", t -> HttpRequest.newBuilder(http.uri(c + t.caseNumber()
                + "/footage/" + t.footageId() + "?reason=wrong")).DELETE(), roles(403, 403, 200, 403, 200), false, true));
        list.add(new Endpoint("GET cases/{n}/bundle", t -> get(c + t.caseNumber() + "/bundle?purpose=disclosure"),
                roles(403, 403, 200, 200, 200), false, true));
        list.add(new Endpoint("GET footage?case=", t -> get("/api/v1/footage?case=" + t.caseNumber()),
                roles(200, 200, 200, 200, 200), false, true));
        list.add(new Endpoint("POST shares", t -> json("POST", "/api/v1/shares", new JsonObject()
                .put("footageIds", new JsonArray().add(t.footageId())).put("purpose", "disclosure")
                .put("recipient", new JsonObject().put("name", "R").put("organisation", "DA"))
                .put("expiresAt", java.time.Instant.now().plusSeconds(86_400).toString())),
                roles(403, 403, 201, 403, 403), false));
        list.add(new Endpoint("GET shares", t -> get("/api/v1/shares"), roles(403, 403, 200, 200, 200), false));
        list.add(new Endpoint("GET shares/{id}", t -> get("/api/v1/shares/" + t.shareId()),
                roles(403, 403, 200, 200, 200), false, true));
        list.add(new Endpoint("POST shares/{id}/revoke", t -> json("POST", "/api/v1/shares/" + t.shareId() + "/revoke",
                new JsonObject().put("reason", "r")), roles(403, 403, 200, 403, 200), false, true));
        // The capability is the only credential: a token neither helps nor hurts.
        list.add(new Endpoint("GET shared/{capability}", t -> get("/api/v1/shared/" + t.capability()), open(200),
                false, true));
        list.add(new Endpoint("GET shared/{capability}/footage/{id}/content", t -> get("/api/v1/shared/"
                + t.capability() + "/footage/" + t.footageId() + "/content"), open(200), false, true));
        list.add(new Endpoint("POST holds/bulk", t -> json("POST", "/api/v1/holds/bulk", new JsonObject()
                .put("case", t.caseNumber()).put("reason", "litigation")), roles(403, 403, 403, 403, 200), false, true));
        list.add(new Endpoint("POST retention/bulk", t -> json("POST", "/api/v1/retention/bulk", new JsonObject()
                .put("case", t.caseNumber()).put("retainUntil", "2030-01-01T00:00:00Z").put("purpose", "policy")),
                roles(403, 403, 403, 403, 200), false, true));
        list.add(new Endpoint("POST disposals/bulk", t -> json("POST", "/api/v1/disposals/bulk", new JsonObject()
                .put("case", t.caseNumber()).put("purpose", "expired")), roles(403, 403, 403, 403, 200), false, true));
    }

    /** Complaints: anyone (or staff) submits; the receipt's secret reads the status; oversight and admin investigate. */
    private static void addComplaints(List<Endpoint> list) {
        String c = "/api/v1/complaints";
        Map<String, Integer> anyoneOrStaff = roles(201, 201, 201, 201, 201);
        anyoneOrStaff.put("none", 201);
        list.add(new Endpoint("POST complaints", t -> json("POST", c, complaint()), anyoneOrStaff, false));
        list.add(new Endpoint("GET complaints/{id}/status", t -> get(c + "/" + t.complaintId() + "/status")
                .header("Receipt-Secret", t.receiptSecret()), open(200), false));
        list.add(new Endpoint("GET complaints", t -> get(c), roles(403, 403, 403, 200, 200), false));
        list.add(new Endpoint("GET complaints/{id}", t -> get(c + "/" + t.complaintId()), roles(403, 403, 403, 200, 200),
                false));
        list.add(new Endpoint("POST complaints/{id}/assignment", t -> json("POST", c + "/" + t.complaintId() + "/assignment",
                new JsonObject().put("investigator", "inv-1")), roles(403, 403, 403, 200, 200), false));
        // The matrix's complaint matches no footage: past the access check, its bundle set is refused as empty (422).
        list.add(new Endpoint("GET complaints/{id}/bundle", t -> get(c + "/" + t.complaintId() + "/bundle?purpose=review"),
                roles(403, 403, 403, 422, 422), false));
        list.add(new Endpoint("POST complaints/{id}/transitions", t -> json("POST", c + "/" + t.complaintId()
                + "/transitions", new JsonObject().put("status", "under-investigation")), roles(403, 403, 403, 200, 200),
                false));
    }

    /** A complaint about a time long before any test footage was recorded, so it holds nothing another case disposes of. */
    private static JsonObject complaint() {
        return new JsonObject().put("category", "discourtesy").put("occurredFrom", "2001-01-01T10:00:00Z")
                .put("occurredTo", "2001-01-01T10:10:00Z").put("place", "front desk").put("description", "rude reply");
    }

    @TestFactory
    List<DynamicTest> everyCredentialOnEveryEndpoint() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            for (String credential : CREDENTIALS.keySet()) {
                boolean isPublic = e.expected().containsKey("__public__");
                int expected = isPublic ? e.expected().get(credential) : e.expected().getOrDefault(credential, 401);
                tests.add(DynamicTest.dynamicTest(e.name() + " as " + credential + " → " + expected,
                        () -> check(e, credential, expected)));
            }
        }
        return tests;
    }

    private static void check(Endpoint e, String credential, int expected) {
        Target target = freshTarget(e.needsHold(), e.needsCaseAndShare(), e.name().contains("complaints/{id}"));
        long logBefore = sql.count("SELECT count(*) FROM log_entries");
        long failuresBefore = sql.count("SELECT count(*) FROM access_failures");
        HttpRequest.Builder request = e.request().apply(target);
        String token = CREDENTIALS.get(credential);
        HttpResponse<String> r = (token == null ? http : http.as(token)).send(request);
        assertEquals(expected, r.statusCode(), e.name() + " as " + credential + ": " + r.body());
        if (expected == 401 || expected == 403) {
            assertEquals(Problems.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElse(""));
            assertEquals(logBefore, sql.count("SELECT count(*) FROM log_entries"), "a refused request changed the log");
            assertEquals(failuresBefore + 1, sql.count("SELECT count(*) FROM access_failures"),
                    "the refusal is kept in the access audit");
        }
        if (expected == 401) {
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        }
        if (r.statusCode() == 202) {
            // One audit runs at a time: let this one finish before the next case starts another.
            Audits.awaitEnd(http.as(CREDENTIALS.get("admin")), r.headers().firstValue("Location").orElseThrow());
        }
    }

    /** A footage of officer-1 with bytes held here, and (when asked) an open legal hold on it. */
    private static Target freshTarget(boolean withHold, boolean withCaseAndShare, boolean withComplaint) {
        HttpResponse<String> up = http.as(CREDENTIALS.get("officer")).send(HttpRequest.newBuilder(
                http.uri("/api/v1/footage?filename=case.mp4")).POST(HttpRequest.BodyPublishers.ofByteArray(randomBytes())));
        assertEquals(201, up.statusCode(), up.body());
        String id = new JsonObject(up.body()).getString("id");
        String hold = "h-00000000000000000000000000000000";
        if (withHold) {
            HttpResponse<String> placed = http.as(CREDENTIALS.get("admin")).send(json("POST", "/api/v1/footage/" + id + "/holds",
                    new JsonObject().put("reason", "preservation letter")));
            assertEquals(201, placed.statusCode(), placed.body());
            hold = new JsonObject(placed.body()).getJsonObject("hold").getString("id");
        }
        String complaintId = "c-00000000000000000000000000000000";
        String secret = "none";
        if (withComplaint) {
            HttpResponse<String> received = http.send(json("POST", "/api/v1/complaints", complaint()));
            assertEquals(201, received.statusCode(), received.body());
            complaintId = new JsonObject(received.body()).getString("complaintId");
            secret = new JsonObject(received.body()).getString("receiptSecret");
        }
        if (!withCaseAndShare) {
            return new Target(id, hold, "NO-CASE", "s-00000000000000000000000000000000", "none", complaintId, secret);
        }
        String caseNumber = "AM-" + id.substring(2, 18);
        HttpResponse<String> opened = http.as(CREDENTIALS.get("admin")).send(json("POST", "/api/v1/cases",
                new JsonObject().put("caseNumber", caseNumber).put("title", "matrix")));
        assertEquals(201, opened.statusCode(), opened.body());
        HttpResponse<String> added = http.as(CREDENTIALS.get("admin")).send(json("POST", "/api/v1/cases/" + caseNumber
                + "/footage", new JsonObject().put("footageId", id).put("reason", "matrix")));
        assertEquals(201, added.statusCode(), added.body());
        HttpResponse<String> shared = http.as(CREDENTIALS.get("reviewer")).send(json("POST", "/api/v1/shares",
                new JsonObject().put("footageIds", new JsonArray().add(id)).put("purpose", "matrix")
                        .put("recipient", new JsonObject().put("name", "R").put("organisation", "DA"))
                        .put("expiresAt", java.time.Instant.now().plusSeconds(86_400).toString())));
        assertEquals(201, shared.statusCode(), shared.body());
        JsonObject share = new JsonObject(shared.body());
        return new Target(id, hold, caseNumber, share.getJsonObject("share").getString("id"), share.getString("capability"),
                complaintId, secret);
    }
}
