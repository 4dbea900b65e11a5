package org.custodyledger.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Client loops registering footage by hash (one event each) as fast as the service answers,
 * keeping every acknowledged (201) registration and every other answer, so a test can check
 * that an outage cost nothing acknowledged and was answered honestly.
 */
public final class AppendLoad implements AutoCloseable {
    /** One registration the service acknowledged: its footage id, log index and leaf hash. */
    public record Acknowledged(String footageId, long index, String leafHash) {
    }

    private static final AtomicLong SEEDS = new AtomicLong(System.nanoTime());

    private final Http officer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> clients = new ArrayList<>();
    private final Queue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

    private AppendLoad(Http officer) {
        this.officer = officer;
    }

    /** Starts {@code clients} loops against the service {@code http} reaches, as an officer. */
    public static AppendLoad start(Http http, int clients) {
        AppendLoad load = new AppendLoad(http.as(TestTokens.officer("officer-load")));
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(load::loop, "append-load-" + i);
            t.setDaemon(true);
            load.clients.add(t);
            t.start();
        }
        return load;
    }

    /** One registration, answered: 201 with its entry kept, or whatever else the service said. */
    public HttpResponse<String> registerOne() {
        HttpResponse<String> answer = register(officer, SEEDS.incrementAndGet());
        statuses.computeIfAbsent(answer.statusCode(), s -> new AtomicInteger()).incrementAndGet();
        if (answer.statusCode() == 201) {
            JsonObject json = new JsonObject(answer.body());
            JsonObject event = json.getJsonObject("event");
            acknowledged.add(new Acknowledged(json.getString("id"), event.getLong("index"), event.getString("leafHash")));
        } else if (!isProblem503(answer)) {
            unexpected.add(answer.statusCode() + " " + answer.headers().firstValue("Content-Type").orElse("") + " "
                    + answer.body());
        }
        return answer;
    }

    public static boolean isProblem503(HttpResponse<String> answer) {
        return answer.statusCode() == 503
                && answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                && new JsonObject(answer.body()).getInteger("status") == 503;
    }

    public int answered(int status) {
        AtomicInteger n = statuses.get(status);
        return n == null ? 0 : n.get();
    }

    public List<Acknowledged> acknowledged() {
        return List.copyOf(acknowledged);
    }

    /** Every answer that was neither 201 nor a 503 problem (a 500, a hang cut short, a dropped connection). */
    public List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    /** Each acknowledged registration is in the log, at its index, with its leaf hash. */
    public void assertEveryAcknowledgedIsLogged(Http http) {
        Http reviewer = http.as(TestTokens.reviewer("reviewer-load"));
        List<Acknowledged> all = acknowledged();
        assertTrue(!all.isEmpty(), "nothing was acknowledged");
        for (Acknowledged a : all) {
            HttpResponse<String> entry = reviewer.get("/api/v1/ledger/entries/" + a.index());
            assertEquals(200, entry.statusCode(), "entry " + a.index() + ": " + entry.body());
            JsonObject json = new JsonObject(entry.body());
            assertEquals(a.leafHash(), json.getString("leafHash"), "leaf hash at " + a.index());
            assertEquals(a.footageId(), json.getJsonObject("event").getString("footageId"), "footage at " + a.index());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : clients) {
            t.join(120_000);
        }
    }

    private void loop() {
        while (running.get()) {
            try {
                if (registerOne().statusCode() != 201) {
                    // A client told to retry waits a little, as a real one does: no busy loop during an outage.
                    LockSupport.parkNanos(50_000_000);
                }
            } catch (UncheckedIOException | AssertionError e) {
                unexpected.add(e.toString());
            }
        }
    }

    private static HttpResponse<String> register(Http officer, long seed) {
        byte[] hash = new byte[32];
        new Random(seed).nextBytes(hash);
        String body = new JsonObject().put("sha256", HexFormat.of().formatHex(hash)).put("size", 1000)
                .put("filename", "clip-" + seed + ".mp4").put("incident", "INC-OUTAGE").encode();
        return officer.send(HttpRequest.newBuilder(officer.uri("/api/v1/footage/by-hash"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
