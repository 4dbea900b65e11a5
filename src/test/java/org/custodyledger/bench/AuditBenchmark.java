package org.custodyledger.bench;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.service.AuditService;
import org.custodyledger.storage.Database;
import org.custodyledger.storage.EmbeddedPostgresServer;
import org.custodyledger.storage.FootageStore;
import org.custodyledger.storage.LedgerStore;
import org.custodyledger.storage.StoredEntry;
import org.custodyledger.verify.LedgerAudit;
import org.custodyledger.cli.VertxRuntime;

/**
 * Full-ledger audit throughput against its baseline, measured in one run: the raw Bouncy
 * Castle Ed25519 verify rate on all cores (one thread per core, the ledger's own first event
 * and signature), then the audit with signatures, then without. Run against a ledger built
 * by {@link LedgerFiller}, with the service stopped: {@code AuditBenchmark DATA_DIR [ROUNDS] [no-signatures]}.
 * One warm-up audit runs first and is reported but not counted.
 */
public final class AuditBenchmark {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean withSignatures = !(args.length > 2 && args[2].equals("no-signatures"));
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dataDir, true)) {
            Vertx vertx = VertxRuntime.create();
            Database db = Database.connect(vertx, pg.url("postgres"), 4);
            try {
                LedgerStore ledger = new LedgerStore(db.pool());
                AuditService audits = new AuditService(vertx, ledger, new FootageStore(db.pool()), null);
                StoredEntry first = ledger.entriesBetween(0, 1, 1).await(1, TimeUnit.MINUTES).get(0);
                SignedEvent event = SignedEvent.parseLeaf(first.leaf());
                NoteVerifier key = ledger.keys().await(1, TimeUnit.MINUTES).get(event.keyId());
                List<double[]> results = new ArrayList<>();
                // A first pass in a fresh JVM runs partly interpreted while the JIT compiles on the
                // same two cores: reported, then left out of the medians (steady-state throughput).
                System.out.printf("warm-up (fresh JVM, not counted): without signatures %.0f entries/s%n",
                        audit(audits, false));
                for (int r = 0; r < rounds; r++) {
                    double raw = withSignatures ? rawVerifyRate(key.publicKey(), event.event().canonicalBytes(),
                            event.signature(), 10) : Double.NaN;
                    double with = withSignatures ? audit(audits, true) : Double.NaN;
                    double without = audit(audits, false);
                    System.out.printf("round %d: raw BC verify on %d cores %.0f/s; audit with signatures %.0f entries/s"
                            + " (%.2fx raw); without signatures %.0f entries/s%n", r + 1, CORES, raw, with, with / raw, without);
                    results.add(new double[] {raw, with, with / raw, without});
                }
                System.out.printf("medians: raw %.0f/s, audit with signatures %.0f/s, ratio %.2fx (target >= 0.8x),"
                                + " without signatures %.0f/s (target >= 200,000/s)%n", median(results, 0),
                        median(results, 1), median(results, 2), median(results, 3));
            } finally {
                db.close().await(10, TimeUnit.SECONDS);
                vertx.close().await(10, TimeUnit.SECONDS);
            }
        }
    }

    private static double audit(AuditService audits, boolean signatures) throws Exception {
        long t0 = System.nanoTime();
        LedgerAudit.Summary s = audits.run(new AuditService.Options(signatures, false), new AuditService.Progress())
                .await(1, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!s.clean()) {
            throw new IllegalStateException("the benchmark ledger is not clean: " + s.first());
        }
        return s.entries() / seconds;
    }

    /** Verifications per second over all cores, each thread verifying the same signature for {@code seconds}. */
    private static double rawVerifyRate(Ed25519PublicKeyParameters key, byte[] message, byte[] signature, int seconds)
            throws InterruptedException {
        AtomicLong total = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < CORES; i++) {
            Thread t = new Thread(() -> {
                long n = 0;
                while (System.nanoTime() < deadline) {
                    Ed25519Signer v = new Ed25519Signer();
                    v.init(false, key);
                    v.update(message, 0, message.length);
                    if (!v.verifySignature(signature)) {
                        throw new IllegalStateException("raw verification failed");
                    }
                    n++;
                }
                total.addAndGet(n);
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return total.get() / ((System.nanoTime() - t0) / 1e9);
    }

    private static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).toArray();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
