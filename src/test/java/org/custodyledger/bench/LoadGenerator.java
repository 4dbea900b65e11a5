package org.custodyledger.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.custodyledger.testing.TestTokens;

/**
 * Drives a running service through its HTTP API and reports throughput and latency
 * percentiles. Modes:
 * <ul>
 *   <li>{@code append URL CLIENTS SECONDS}: each client registers footage by hash (one signed
 *       REGISTERED event per request, answered with its checkpoint) back to back;</li>
 *   <li>{@code proofs URL CLIENTS SECONDS}: inclusion and consistency proofs at random
 *       indexes of the current tree.</li>
 * </ul>
 * Every run is bounded in time and stops by itself. Targets only the URL given (localhost).
 */
public final class LoadGenerator {
    private static final long WARMUP_MS = 5_000;
    /** Appends go through the real authentication: one officer token, as a camera dock would hold. */
    private static final String OFFICER_TOKEN = TestTokens.officer("load-officer");

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: LoadGenerator append|proofs URL CLIENTS SECONDS");
            System.exit(2);
        }
        URI base = URI.create(args[1]);
        int clients = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        Vertx vertx = Vertx.vertx();
        WebClient web = WebClient.create(vertx, new WebClientOptions().setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(clients));
        try {
            switch (args[0]) {
                case "append" -> report("append (REGISTERED by hash, answered with signed checkpoint)",
                        run(clients, seconds, () -> register(web)));
                case "proofs" -> {
                    long size = treeSize(web);
                    report("inclusion proof at tree size " + size, run(clients, seconds, () -> inclusion(web, size)));
                    report("consistency proof to tree size " + size, run(clients, seconds, () -> consistency(web, size)));
                }
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        } finally {
            web.close();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static Future<HttpResponse<Buffer>> register(WebClient web) {
        byte[] hash = new byte[32];
        ThreadLocalRandom.current().nextBytes(hash);
        JsonObject body = new JsonObject().put("sha256", HexFormat.of().formatHex(hash)).put("size", 1_000_000)
                .put("filename", "load.mp4").put("incident", "LOAD-TEST");
        return web.post("/api/v1/footage/by-hash").bearerTokenAuthentication(OFFICER_TOKEN).sendJsonObject(body).compose(r -> expect(r, 201));
    }

    private static Future<HttpResponse<Buffer>> inclusion(WebClient web, long size) {
        long index = ThreadLocalRandom.current().nextLong(size);
        return web.get("/api/v1/ledger/proof/inclusion?index=" + index + "&treeSize=" + size).send()
                .compose(r -> expect(r, 200));
    }

    private static Future<HttpResponse<Buffer>> consistency(WebClient web, long size) {
        long from = 1 + ThreadLocalRandom.current().nextLong(size);
        return web.get("/api/v1/ledger/proof/consistency?from=" + from + "&to=" + size).send()
                .compose(r -> expect(r, 200));
    }

    private static long treeSize(WebClient web) throws Exception {
        String note = web.get("/api/v1/ledger/checkpoint").send().await(10, TimeUnit.SECONDS).bodyAsString();
        return Long.parseLong(note.split("\n")[1]);
    }

    private static Future<HttpResponse<Buffer>> expect(HttpResponse<Buffer> r, int status) {
        return r.statusCode() == status ? Future.succeededFuture(r)
                : Future.failedFuture("HTTP " + r.statusCode() + ": " + r.bodyAsString());
    }

    /** Latencies (ns) of requests completed after the warm-up, and the measured wall time. */
    private record Result(long[] latencies, long measuredNanos, long errors) {
    }

    private static Result run(int clients, long seconds, Supplier<Future<HttpResponse<Buffer>>> request) throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.MILLISECONDS.toNanos(WARMUP_MS);
        long stopAt = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        List<long[]> perClient = new ArrayList<>();
        long[] errors = new long[1];
        List<Future<Void>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long[][] box = {new long[1 << 16]};
            int[] count = {0};
            perClient.add(null);
            int slot = c;
            Promise<Void> finished = Promise.promise();
            done.add(finished.future());
            Runnable[] loop = new Runnable[1];
            loop[0] = () -> {
                long t0 = System.nanoTime();
                if (t0 >= stopAt) {
                    perClient.set(slot, Arrays.copyOf(box[0], count[0]));
                    finished.complete();
                    return;
                }
                request.get().onComplete(ar -> {
                    long t1 = System.nanoTime();
                    if (ar.failed()) {
                        errors[0]++;
                        if (errors[0] < 5) {
                            System.err.println("request failed: " + ar.cause().getMessage());
                        }
                    } else if (t0 >= measureFrom) {
                        if (count[0] == box[0].length) {
                            box[0] = Arrays.copyOf(box[0], count[0] * 2);
                        }
                        box[0][count[0]++] = t1 - t0;
                    }
                    loop[0].run();
                });
            };
            loop[0].run();
        }
        Future.all(done).await(seconds + 120, TimeUnit.SECONDS);
        long total = perClient.stream().mapToLong(a -> a.length).sum();
        long[] all = new long[(int) total];
        int pos = 0;
        for (long[] a : perClient) {
            System.arraycopy(a, 0, all, pos, a.length);
            pos += a.length;
        }
        Arrays.sort(all);
        return new Result(all, stopAt - measureFrom, errors[0]);
    }

    private static void report(String what, Result r) {
        long[] l = r.latencies;
        double seconds = r.measuredNanos / 1e9;
        System.out.printf("%s: %d requests in %.1f s = %.0f/s; latency p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms; errors %d%n",
                what, l.length, seconds, l.length / seconds, pct(l, 50), pct(l, 95), pct(l, 99),
                l.length == 0 ? 0 : l[l.length - 1] / 1e6, r.errors);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
