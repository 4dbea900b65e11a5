package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.merkle.EntryBundles;
import org.custodyledger.merkle.Tile;
import org.custodyledger.storage.LeafTooLargeException;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every leaf must fit a c2sp.org/tlog-tiles entry bundle (65,535 bytes). Of today's requests only
 * a custody event's details (32 fields of 4,000 characters, in a 64 KiB body) can get there;
 * registrations, holds and retention are bounded far below, so their guard is tested at the
 * sequencer, which every append goes through.
 */
class LeafLimitTest {
    @RegisterExtension
    static final RunningService service = new RunningService();
    /** The bound assumes the longest previous-event link (16 digits); these events' links have one digit. */
    static final int LINK_SLACK = 15;

    private static HttpResponse<String> post(Http as, String path, JsonObject body) {
        return as.send(HttpRequest.newBuilder(as.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    /** ANNOTATED details: a note and 16 more fields, each value {@code lengths[i]} characters. */
    private static JsonObject annotation(int[] lengths) {
        JsonObject details = new JsonObject();
        for (int i = 0; i < lengths.length; i++) {
            details.put(i == 0 ? "note" : String.format("d%02d", i), "n".repeat(lengths[i]));
        }
        return new JsonObject().put("type", "ANNOTATED").put("details", details);
    }

    private static int[] lengthsAdding(int extra) {
        int[] lengths = new int[17];
        for (int i = 0; i < lengths.length; i++) {
            int add = Math.min(extra, 3999);
            lengths[i] = 1 + add;
            extra -= add;
        }
        assertEquals(0, extra);
        return lengths;
    }

    private static byte[] leaf(long index) {
        HttpResponse<String> r = service.reviewer("limit-reviewer").get("/api/v1/ledger/entries/" + index);
        assertEquals(200, r.statusCode(), r.body());
        return Base64.getDecoder().decode(new JsonObject(r.body()).getString("leaf"));
    }

    @Test
    void anEventWhoseLeafCouldExceedAnEntryBundleIsRefusedWith422AndNothingIsWritten() {
        Http officer = service.officer("limit-officer");
        JsonObject reg = new JsonObject().put("sha256", Sha256Hasher.hash("limit".getBytes()).hex()).put("size", 5)
                .put("filename", "limit.mp4").put("incident", "INC-LIMIT");
        HttpResponse<String> registered = post(officer, "/api/v1/footage/by-hash", reg);
        assertEquals(201, registered.statusCode(), registered.body());
        String events = "/api/v1/footage/" + new JsonObject(registered.body()).getString("id") + "/events";

        // The same fields with one-character values: the leaf then grows by exactly what is added.
        HttpResponse<String> small = post(officer, events, annotation(lengthsAdding(0)));
        assertEquals(201, small.statusCode(), small.body());
        long smallIndex = new JsonObject(small.body()).getJsonObject("event").getLong("index");
        int base = leaf(smallIndex).length;

        int fits = EntryBundles.MAX_ENTRY_SIZE - LINK_SLACK - base;
        HttpResponse<String> largest = post(officer, events, annotation(lengthsAdding(fits)));
        assertEquals(201, largest.statusCode(), largest.body());
        long largestIndex = new JsonObject(largest.body()).getJsonObject("event").getLong("index");
        byte[] largestLeaf = leaf(largestIndex);
        assertEquals(EntryBundles.MAX_ENTRY_SIZE - LINK_SLACK, largestLeaf.length);
        // ... and the tiles serve it.
        long size = largestIndex + 1;
        Tile bundle = new Tile(0, 0, (int) size);
        HttpResponse<byte[]> served = service.reviewer("limit-reviewer").sendBytes(HttpRequest.newBuilder(
                service.http().uri("/tlog/" + bundle.entriesPath())).GET());
        assertEquals(200, served.statusCode());
        assertArrayEquals(largestLeaf, EntryBundles.decode(bundle, served.body()).get((int) largestIndex));

        String checkpoint = service.http().get("/api/v1/ledger/checkpoint").body();
        long entries = service.sql().count("SELECT count(*) FROM log_entries");
        String history = service.reviewer("limit-reviewer").get(events.replace("/events", "/history")).body();
        JsonObject oneByteMore = annotation(lengthsAdding(fits + 1));
        assertTrue(oneByteMore.encode().length() < 64 * 1024, "the body itself is within the endpoint's limit");
        HttpResponse<String> refused = post(officer, events, oneByteMore);
        assertEquals(422, refused.statusCode(), refused.body());
        assertEquals(Problems.CONTENT_TYPE, refused.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(new JsonObject(refused.body()).getString("detail").contains("65535 bytes"), refused.body());

        assertEquals(checkpoint, service.http().get("/api/v1/ledger/checkpoint").body());
        assertEquals(entries, service.sql().count("SELECT count(*) FROM log_entries"));
        assertEquals(history, service.reviewer("limit-reviewer").get(events.replace("/events", "/history")).body());
        // The refusal failed only its own request: the next event is appended as usual.
        assertEquals(201, post(officer, events, annotation(lengthsAdding(0))).statusCode());
    }

    @Test
    void theSequencerRefusesATooLargeLeafBeforeItsAdmissionWritesAnything() {
        long entries = service.sql().count("SELECT count(*) FROM log_entries");
        long checkpoints = service.sql().count("SELECT count(*) FROM checkpoints");
        CustodyEvent fits = CustodyEvent.of("f-limit", Sha256Hasher.hash("f-limit".getBytes()), EventType.REGISTERED,
                "officer-1", "officer", Instant.now(), null, null, Map.of("filename", "a.mp4"));
        CustodyEvent tooLarge = CustodyEvent.of("f-limit", Sha256Hasher.hash("f-limit".getBytes()), EventType.REGISTERED,
                "officer-1", "officer", Instant.now(), null, null, Map.of("filename", "a".repeat(EntryBundles.MAX_ENTRY_SIZE)));
        AtomicBoolean admitted = new AtomicBoolean();
        Throwable failure = service.app().sequencer().appendAll(List.of(fits, tooLarge), conn -> {
            admitted.set(true);
            return io.vertx.core.Future.succeededFuture(true);
        }).toCompletionStage().toCompletableFuture().handle((ok, err) -> err).join();
        assertInstanceOf(LeafTooLargeException.class, failure);
        assertFalse(admitted.get(), "an admission (a footage row) must not run for a refused append");
        assertEquals(entries, service.sql().count("SELECT count(*) FROM log_entries"), "not even the event that fits");
        assertEquals(checkpoints, service.sql().count("SELECT count(*) FROM checkpoints"));
    }
}
