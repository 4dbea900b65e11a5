package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.merkle.EntryBundles;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.merkle.Tile;
import org.custodyledger.merkle.Tiles;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Events;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** c2sp.org/tlog-tiles as a tile client sees it: only HTTP, the published checkpoint and the pure merkle code. */
class TlogApiTest {
    @RegisterExtension
    static final RunningService service = new RunningService();
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static Http http;
    static Http reviewer;
    /** Every leaf as /api/v1/ledger/entries/{i} serves it, and its hash. */
    static final List<byte[]> leaves = new ArrayList<>();
    static final List<byte[]> leafHashes = new ArrayList<>();
    /** Every tree size a checkpoint was signed at. */
    static final TreeSet<Long> published = new TreeSet<>();
    static long size;

    @BeforeAll
    static void fill() {
        http = service.http();
        reviewer = service.reviewer("tiles-reviewer");
        // Waves of different sizes, so the published sizes cross tile boundaries at levels 0 and 1.
        for (int wave : new int[] {1, 40, 215, 3, 300, 77}) {
            List<Future<AppendedEntry>> futures = new ArrayList<>();
            for (int i = 0; i < wave; i++) {
                futures.add(service.app().sequencer().append(Events.viewed("tiles-" + (i % 5))));
            }
            Await.result(Future.all(futures));
            futures.forEach(f -> published.add(f.result().checkpoint().size()));
        }
        size = published.last();
        assertEquals(636, size);
        for (long i = 0; i < size; i++) {
            HttpResponse<String> r = reviewer.get("/api/v1/ledger/entries/" + i);
            assertEquals(200, r.statusCode(), r.body());
            JsonObject entry = new JsonObject(r.body());
            leaves.add(Base64.getDecoder().decode(entry.getString("leaf")));
            leafHashes.add(Base64.getDecoder().decode(entry.getString("leafHash")));
        }
    }

    private static HttpResponse<byte[]> get(Http client, String path) {
        return client.sendBytes(HttpRequest.newBuilder(client.uri("/tlog/" + path)).GET());
    }

    private static byte[] tile(Tile tile) {
        HttpResponse<byte[]> r = get(http, tile.path());
        assertEquals(200, r.statusCode(), tile.path() + ": " + new String(r.body()));
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(tile.isFull() ? IMMUTABLE : "no-cache", r.headers().firstValue("Cache-Control").orElseThrow(),
                tile.path());
        assertEquals(tile.width() * 32, r.body().length, tile.path());
        return r.body();
    }

    /** The level-0 hashes of leaves [from, from + n). */
    private static byte[] leafHashBytes(long from, int n) {
        return Tiles.tileBytes(new Tile(0, from / 256, n), leafHashes.subList((int) from, (int) from + n));
    }

    private static void assertNotFound(HttpResponse<?> r, String what) {
        assertEquals(404, r.statusCode(), what);
        assertEquals(Problems.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElseThrow(), what);
        String body = r.body() instanceof byte[] b ? new String(b) : String.valueOf(r.body());
        assertFalse(new JsonObject(body).getString("detail").isEmpty(), what);
    }

    @Test
    void theCheckpointIsTheLedgerCheckpointAndIsNotCached() {
        HttpResponse<String> tlog = http.get("/tlog/checkpoint");
        assertEquals(200, tlog.statusCode());
        assertEquals("text/plain; charset=utf-8", tlog.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-cache", tlog.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(http.get("/api/v1/ledger/checkpoint").body(), tlog.body());
        assertTrue(tlog.body().startsWith("custody-ledger.local/log\n" + size + "\n"), tlog.body());
    }

    @Test
    void headAnswersAsGetWithoutTheBody() {
        // curl -I: the status and headers of the GET, Content-Length included, and no body.
        for (Http client : List.of(http, reviewer)) {
            for (String path : List.of("checkpoint", "tile/0/000", "tile/0/002.p/124", "tile/1/000.p/2", "tile/0/009",
                    "tile/entries/000", "tile/entries/002.p/124", "tile/x")) {
                HttpResponse<byte[]> get = get(client, path);
                HttpResponse<byte[]> head = client.sendBytes(HttpRequest.newBuilder(client.uri("/tlog/" + path))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
                String what = (client == http ? "anonymous " : "reviewer ") + path;
                assertEquals(get.statusCode(), head.statusCode(), what);
                assertEquals(0, head.body().length, what);
                assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"), what);
                if (get.statusCode() == 200) {
                    assertEquals(get.headers().firstValue("Cache-Control"), head.headers().firstValue("Cache-Control"), what);
                    assertEquals(String.valueOf(get.body().length), head.headers().firstValue("Content-Length").orElseThrow(),
                            what);
                }
            }
        }
        assertEquals(401, http.sendBytes(HttpRequest.newBuilder(http.uri("/tlog/tile/entries/000"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode(), "entry bundles need a token for HEAD too");
    }

    @Test
    void everyLevel0TileHoldsTheLeafHashesAndTheTilesHashToTheSignedRoot() throws Exception {
        List<Tile> tiles = Tiles.forSize(size);
        // 636 entries: level 0 has full tiles 0 and 1 and a partial of 124; level 1 a partial of 2.
        assertEquals(List.of(Tile.full(0, 0), Tile.full(0, 1), new Tile(0, 2, 124), new Tile(1, 0, 2)), tiles);
        CompactRange tree = new CompactRange();
        for (Tile t : tiles.subList(0, 3)) {
            byte[] bytes = tile(t);
            assertArrayEquals(leafHashBytes(t.firstNodeIndex(), t.width()), bytes, t.path());
            Tiles.hashesOf(t, bytes).forEach(tree::append);
        }
        NoteVerifier key = NoteVerifier.parse(http.get("/api/v1/ledger/key").body().lines().findFirst().orElseThrow());
        Checkpoint cp = Checkpoints.verify(http.get("/tlog/checkpoint").body(), key);
        assertEquals(size, tree.size());
        assertArrayEquals(cp.root(), tree.root());
    }

    @Test
    void aLevel1TileHoldsTheRootsOfFullLevel0Tiles() {
        byte[] level1 = tile(new Tile(1, 0, 2));
        for (int i = 0; i < 2; i++) {
            List<byte[]> level0 = Tiles.hashesOf(Tile.full(0, i), tile(Tile.full(0, i)));
            byte[] root = Tiles.fullTileHash(level0);
            // The same root recomputed from the leaves, not from the served tile.
            CompactRange range = new CompactRange();
            leafHashes.subList(i * 256, (i + 1) * 256).forEach(range::append);
            assertArrayEquals(range.root(), root);
            assertArrayEquals(root, java.util.Arrays.copyOfRange(level1, i * 32, (i + 1) * 32), "hash " + i);
        }
    }

    @Test
    void thePartialTilesOfEveryPublishedSizeAreServedAndNoOthers() {
        java.util.Set<Tile> expected = new java.util.HashSet<>();
        for (long s : published) {
            Tiles.forSize(s).stream().filter(t -> !t.isFull()).forEach(expected::add);
        }
        assertTrue(expected.size() >= published.size(), expected.toString());
        int served = 0;
        // Every partial tile at levels 0 and 1 a tree of up to 768 entries could have.
        for (int level = 0; level <= 1; level++) {
            for (long index = 0; index < (level == 0 ? 3 : 1); index++) {
                for (int width = 1; width < 256; width++) {
                    Tile t = new Tile(level, index, width);
                    if (!expected.contains(t)) {
                        assertNotFound(get(http, t.path()), t.path());
                        if (level == 0) {
                            assertNotFound(get(reviewer, t.entriesPath()), t.entriesPath());
                        }
                        continue;
                    }
                    byte[] bytes = tile(t);
                    if (level == 0) {
                        assertArrayEquals(leafHashBytes(t.firstNodeIndex(), t.width()), bytes, t.path());
                        assertEquals(200, get(reviewer, t.entriesPath()).statusCode(), t.entriesPath());
                    }
                    served++;
                }
            }
        }
        assertEquals(expected.size(), served);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tile/0/003", "tile/0/002", "tile/0/003.p/1", "tile/1/000", "tile/1/001.p/1", "tile/2/000.p/1",
            "tile/7/000", "tile/8/000", "tile/63/000.p/1", "tile/0/x001/000", "tile/entries/003"})
    void aTileBeyondThePublishedTreeIsNotFound(String path) {
        assertNotFound(get(path.startsWith("tile/entries") ? reviewer : http, path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tile/0/0", "tile/0/00", "tile/00/000", "tile/0/x000/001", "tile/0/000.p/0", "tile/0/000.p/256",
            "tile/0/000.p/01", "tile/0/000.p/", "tile/0/000/", "tile/64/000", "tile/-1/000", "tile/0/001.p/5/x",
            "tile/entries/", "tile/", "tile", "tiles/0/000", "tile/0/x001", "tile/0/1x1", "tile/entries/0/000",
            "checkpoint/x", "tile/0/%30%30%30"})
    void aMalformedPathIsNotFound(String path) {
        assertNotFound(get(path.startsWith("tile/entries") ? reviewer : http, path), path);
    }

    @Test
    void entryBundlesHoldTheExactLeavesAndNeedAReviewerOversightOrAdminToken() {
        for (Tile t : List.of(Tile.full(0, 0), Tile.full(0, 1), new Tile(0, 2, 124), new Tile(0, 0, 1), new Tile(0, 0, 41))) {
            for (Http reader : List.of(reviewer, service.oversight("tiles-oversight"), service.admin("tiles-admin"))) {
                HttpResponse<byte[]> r = get(reader, t.entriesPath());
                assertEquals(200, r.statusCode(), t.entriesPath() + ": " + new String(r.body()));
                assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElseThrow());
                assertEquals(t.isFull() ? "private, max-age=31536000, immutable" : "no-cache",
                        r.headers().firstValue("Cache-Control").orElseThrow(), t.entriesPath());
                List<byte[]> entries = EntryBundles.decode(t, r.body());
                for (int i = 0; i < t.width(); i++) {
                    int index = (int) t.firstNodeIndex() + i;
                    assertArrayEquals(leaves.get(index), entries.get(i), t.entriesPath() + " entry " + i);
                    assertArrayEquals(leafHashes.get(index), Rfc6962.hashLeaf(entries.get(i)));
                }
            }
        }
        HttpResponse<byte[]> anonymous = get(http, "tile/entries/000");
        assertEquals(401, anonymous.statusCode());
        assertEquals(Problems.CONTENT_TYPE, anonymous.headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<byte[]> officer = get(service.officer("tiles-officer"), "tile/entries/000");
        assertEquals(403, officer.statusCode());
        assertEquals(Problems.CONTENT_TYPE, officer.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void hashTilesArePublicAndTakeNoParameters() {
        assertEquals(200, get(service.officer("tiles-officer"), "tile/0/000").statusCode());
        assertEquals(400, get(http, "tile/0/000?w=1").statusCode());
        assertEquals(400, get(reviewer, "tile/entries/000?w=1").statusCode());
        assertEquals(400, http.get("/tlog/checkpoint?x=1").statusCode());
    }
}
