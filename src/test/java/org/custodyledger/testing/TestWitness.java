package org.custodyledger.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.witness.AddCheckpointRequest;
import org.custodyledger.witness.CosignatureLines;
import org.custodyledger.witness.CosignatureSigner;
import org.custodyledger.witness.CosignatureVerifier;
import org.custodyledger.witness.WitnessDecision;
import org.custodyledger.witness.WitnessException;
import org.custodyledger.witness.WitnessStatus;
import org.custodyledger.witness.Witnessing;

/**
 * A minimal c2sp.org/tlog-witness server for tests, built from the pure witness code: a Vert.x
 * HTTP server on a free port whose {@code POST /add-checkpoint} runs {@link Witnessing#decide}
 * against in-memory state and cosigns with {@link CosignatureSigner}. Unlike the real
 * {@code witness} command (see {@code cli.RealWitness}, used by {@code http.WitnessedLogTest}), it
 * counts requests, can be seeded with another view of the log (a fork) and can be made to hang.
 */
public final class TestWitness implements AutoCloseable {
    private final HttpServer server;
    private final CosignatureSigner signer;
    private final List<NoteVerifier> logKeys;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean hang;
    private Checkpoint latest;

    private TestWitness(Vertx vertx, CosignatureSigner signer, List<NoteVerifier> logKeys) {
        this.signer = signer;
        this.logKeys = List.copyOf(logKeys);
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    /** Starts a witness named {@code name} with a key from {@code seed}, trusting {@code logKey}; blocks until it listens. */
    public static TestWitness start(Vertx vertx, String name, int seed, NoteVerifier logKey) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) seed);
        TestWitness witness = new TestWitness(vertx, new CosignatureSigner(name, new Ed25519PrivateKeyParameters(bytes, 0)),
                List.of(logKey));
        Await.result(witness.server.listen(0));
        return witness;
    }

    /** The submission prefix, as a policy's witness line gives it. */
    public String url() {
        return "http://localhost:" + server.actualPort();
    }

    public CosignatureVerifier verifier() {
        return signer.verifier();
    }

    /** The policy line for this witness. */
    public String policyLine() {
        return "witness " + signer.name() + " " + verifier().verifierKey() + " " + url();
    }

    /** Pretends the witness has already cosigned {@code checkpoint} (say, a fork of the log). */
    public synchronized TestWitness seed(Checkpoint checkpoint) {
        latest = checkpoint;
        return this;
    }

    /** From now on requests are read and never answered. */
    public TestWitness hang() {
        hang = true;
        return this;
    }

    public synchronized Checkpoint latest() {
        return latest;
    }

    public int requests() {
        return requests.get();
    }

    private void handle(HttpServerRequest req) {
        if (req.method().name().equals("POST") && req.path().equals("/add-checkpoint")) {
            req.body().onSuccess(body -> {
                requests.incrementAndGet();
                if (!hang) {
                    answer(req, body.getBytes());
                }
            });
        } else {
            req.response().setStatusCode(404).end();
        }
    }

    private void answer(HttpServerRequest req, byte[] body) {
        AddCheckpointRequest request;
        try {
            request = AddCheckpointRequest.parse(body);
        } catch (WitnessException e) {
            req.response().setStatusCode(400).end(e.getMessage() + "\n");
            return;
        }
        WitnessDecision decision;
        synchronized (this) {
            decision = Witnessing.decide(request, logKeys, latest);
            if (decision instanceof WitnessDecision.Cosign c) {
                latest = c.checkpoint();
            }
        }
        if (decision instanceof WitnessDecision.Cosign c) {
            long now = TimeUnit.MILLISECONDS.toSeconds(System.currentTimeMillis());
            req.response().putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(CosignatureLines.encode(List.of(signer.sign(c.checkpointText(), now))));
        } else if (decision instanceof WitnessDecision.Conflict c) {
            req.response().setStatusCode(409).putHeader("Content-Type", WitnessStatus.SIZE_CONTENT_TYPE).end(c.body());
        } else if (decision instanceof WitnessDecision.Refused r) {
            req.response().setStatusCode(r.status().code()).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(r.reason() + "\n");
        }
    }

    /** Stops listening: the witness is down. */
    @Override
    public void close() {
        Await.result(server.close());
    }
}
