package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.custodyledger.TestKeys;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.merkle.ProofVerifier;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Events;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.custodyledger.testing.TestTokens;

/** DESIGN.md §5 as an outside verifier sees it: only HTTP and the pure verifier. */
class LedgerApiTest {
    @RegisterExtension
    static final RunningService service = new RunningService();
    static Http http;
    static List<AppendedEntry> appended = new ArrayList<>();

    @BeforeAll
    static void start() {
        http = service.http();
        for (int wave = 0; wave < 3; wave++) {
            List<Future<AppendedEntry>> futures = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                futures.add(service.app().sequencer().append(Events.viewed("api-" + (i % 3))));
            }
            Await.result(Future.all(futures));
            futures.forEach(f -> appended.add(f.result()));
        }
    }

    private static Checkpoint checkpoint() throws Exception {
        HttpResponse<String> r = http.get("/api/v1/ledger/checkpoint");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        NoteVerifier key = NoteVerifier.parse(http.get("/api/v1/ledger/key").body().lines().findFirst().orElseThrow());
        return Checkpoints.verify(r.body(), key);
    }

    @Test
    void withoutAWitnessPolicyNoWitnessIsListed() {
        HttpResponse<String> r = http.get("/api/v1/ledger/witnesses");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(new JsonObject().putNull("quorum").putNull("cosignedSize").put("quorumMet", false)
                .put("witnesses", new JsonArray()), new JsonObject(r.body()));
        assertEquals(400, http.get("/api/v1/ledger/witnesses?name=w1").statusCode());
    }

    @Test
    void checkpointIsByteExactAndSignedByThePublishedKey() throws Exception {
        HttpResponse<String> keys = http.get("/api/v1/ledger/key");
        assertEquals(TestKeys.sampleSigner().verifier().verifierKey() + "\n", keys.body());
        Checkpoint cp = checkpoint();
        assertEquals(21, cp.size());
        String latestNote = appended.stream().filter(e -> e.checkpoint().size() == 21).findFirst().orElseThrow().checkpointNote();
        assertEquals(latestNote, http.get("/api/v1/ledger/checkpoint").body());
    }

    @Test
    void everyInclusionProofVerifies() throws Exception {
        Checkpoint cp = checkpoint();
        for (long i = 0; i < cp.size(); i++) {
            JsonObject p = new JsonObject(http.get("/api/v1/ledger/proof/inclusion?index=" + i + "&treeSize=" + cp.size()).body());
            assertEquals(i, p.getLong("index"));
            assertEquals(cp.size(), p.getLong("treeSize"));
            assertTrue(ProofVerifier.verifyInclusion(i, cp.size(), b64(p.getString("leafHash")),
                    hashes(p.getJsonArray("hashes")), cp.root()).isValid(), "index " + i);
        }
    }

    @Test
    void consistencyFromEveryEarlierCheckpointVerifies() throws Exception {
        Checkpoint now = checkpoint();
        for (AppendedEntry e : appended) {
            Checkpoint old = e.checkpoint();
            JsonObject p = new JsonObject(http.get("/api/v1/ledger/proof/consistency?from=" + old.size() + "&to=" + now.size()).body());
            assertEquals(old.size(), p.getLong("from"));
            assertEquals(now.size(), p.getLong("to"));
            assertTrue(ProofVerifier.verifyConsistency(old.size(), now.size(), hashes(p.getJsonArray("hashes")),
                    old.root(), now.root()).isValid());
        }
    }

    @Test
    void entriesServeTheLeafVerbatim() throws Exception {
        AppendedEntry e = appended.get(5);
        JsonObject body = new JsonObject(http.as(TestTokens.oversight("auditor-1")).get("/api/v1/ledger/entries/" + e.index()).body());
        byte[] leaf = b64(body.getString("leaf"));
        assertArrayEquals(e.event().leafBytes(), leaf);
        assertArrayEquals(Rfc6962.hashLeaf(leaf), b64(body.getString("leafHash")));
        assertEquals(e.event().keyId(), body.getString("keyId"));
        assertEquals(e.event().signatureBase64(), body.getString("sig"));
        assertEquals(new JsonObject(new String(leaf, StandardCharsets.UTF_8)).getJsonObject("event"), body.getJsonObject("event"));
        assertEquals(e.event(), SignedEvent.parseLeaf(leaf));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/v1/ledger/proof/inclusion?index=abc&treeSize=3|400|parameter 'index' must be a non-negative decimal integer, got 'abc'",
            "/api/v1/ledger/proof/inclusion?index=-1&treeSize=3|400|parameter 'index' must be a non-negative decimal integer, got '-1'",
            "/api/v1/ledger/proof/inclusion?treeSize=3|400|parameter 'index' is required",
            "/api/v1/ledger/proof/inclusion?index=3&treeSize=3|400|index is beyond treeSize: 3 >= 3",
            "/api/v1/ledger/proof/inclusion?index=0&treeSize=0|400|index must be ≥ 0 and treeSize ≥ 1, got index 0, treeSize 0",
            "/api/v1/ledger/proof/inclusion?index=1&treeSize=22|404|the log has no tree of size 22 yet (size is 21)",
            "/api/v1/ledger/proof/inclusion?index=1&treeSize=99999999999999999999|400|parameter 'treeSize' must be a non-negative decimal integer, got '99999999999999999999'",
            "/api/v1/ledger/proof/consistency?from=0&to=3|400|want 1 ≤ from ≤ to, got from 0, to 3",
            "/api/v1/ledger/proof/consistency?from=4&to=3|400|want 1 ≤ from ≤ to, got from 4, to 3",
            "/api/v1/ledger/proof/consistency?from=4&to=30|404|the log has no tree of size 30 yet (size is 21)",
            "/api/v1/ledger/proof/consistency?from=4|400|parameter 'to' is required",
            "/api/v1/ledger/entries/21|404|no log entry at index 21",
            "/api/v1/ledger/entries/x1|400|parameter 'index' must be a non-negative decimal integer, got 'x1'",
    })
    void badParametersAreProblemsNever500(String path, int status, String detail) {
        // A token only matters to entries; the public endpoints ignore it.
        HttpResponse<String> r = http.as(TestTokens.reviewer("reviewer-1")).get(path);
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(Problems.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(detail, new JsonObject(r.body()).getString("detail"));
    }

    private static List<byte[]> hashes(JsonArray a) {
        List<byte[]> list = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            list.add(b64(a.getString(i)));
        }
        return list;
    }

    private static byte[] b64(String s) {
        return Base64.getDecoder().decode(s);
    }
}
