package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.SignedNote;
import org.custodyledger.note.StoredCheckpoint;
import org.custodyledger.storage.CosignedCheckpointStore;
import org.custodyledger.storage.LedgerStore;
import org.custodyledger.witness.AddCheckpointRequest;
import org.custodyledger.witness.Cosignature;
import org.custodyledger.witness.Policy;
import org.custodyledger.witness.WitnessReplies;
import org.custodyledger.witness.WitnessReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The witnessing loop: every interval the log's newest checkpoint (new or unchanged, so
 * cosignature times stay fresh) goes to every policy witness in parallel, each from the size
 * that witness last cosigned; the newest checkpoint whose cosignatures meet the quorum is
 * published with them. Appends never wait for it, and a witness that is down or slow holds up
 * only its own requests (one in flight per witness, each bounded in time).
 */
public final class Cosigning implements AutoCloseable {
    /** A witness's answer as received (what it means is {@code WitnessReplies}'s business). */
    public record Answer(int status, String body) {
    }

    /** POSTs a request body to {@code <url>/add-checkpoint}; fails on a transport error or time-out. */
    public interface Transport extends BiFunction<String, String, Future<Answer>> {
    }

    private static final Logger log = LoggerFactory.getLogger(Cosigning.class);

    /** A checkpoint whose cosignatures meet the quorum: its size, and its note with the cosignature lines appended. */
    public record Published(long size, String note) {
    }

    /** A witness as the log last found it. */
    public enum State {
        PENDING("pending"), OK("ok"), UNREACHABLE("unreachable"), REFUSED("refused"), SPLIT_VIEW("split-view");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One witness: its policy entry, the last checkpoint size it cosigned and when (null: never), its state and last error. */
    public record WitnessView(String name, String vkey, String url, State state, long cosignedSize, Instant cosignedAt,
                              String lastError) {
    }

    /**
     * The policy's quorum, the size of the cosigned checkpoint served (null: none yet), whether
     * that is the log's newest checkpoint, and each witness in policy order.
     */
    public record Overview(String quorum, Long cosignedSize, boolean quorumMet, List<WitnessView> witnesses) {
    }

    private final Vertx vertx;
    private final LedgerStore store;
    private final Policy policy;
    private final Duration interval;
    private final LedgerMetrics metrics;
    private final Transport transport;
    private final Map<String, WitnessTrack> tracks = new LinkedHashMap<>();
    private final CosignedPublication publication;
    private long newestSize = -1;
    private long timer = -1;
    private boolean closed;

    /** {@code transport} must bound each request in time (http/WitnessClient: one interval, at least 5 s). */
    public Cosigning(Vertx vertx, LedgerStore store, CosignedCheckpointStore cosigned, Policy policy, Duration interval,
                     LedgerMetrics metrics, Transport transport) {
        this.vertx = vertx;
        this.publication = new CosignedPublication(cosigned, policy);
        this.store = store;
        this.policy = policy;
        this.interval = interval;
        this.metrics = metrics;
        this.transport = transport;
        for (Policy.Witness w : policy.witnesses().values()) {
            WitnessTrack track = new WitnessTrack(w);
            if (w.url() == null) {
                // tlog-policy makes the URL optional (a witness reached some other way): nothing to send it.
                track.lastError = "the policy gives no URL for this witness: its cosignatures are never requested";
            }
            tracks.put(w.name(), track);
            metrics.watchWitness(w.name(), () -> cosignedSize(track));
        }
    }

    /**
     * Starts from the cosigned checkpoint recorded before (by this or another instance), then
     * the rounds: the first at once, then one every interval.
     */
    public Future<Void> start() {
        return publication.load().recover(e -> {
            log.warn("witnessing: cannot read the recorded cosigned checkpoint: {}", e.toString());
            return Future.succeededFuture();
        }).onSuccess(v -> {
            synchronized (this) {
                if (!closed) {
                    timer = vertx.setPeriodic(1, interval.toMillis(), id -> round());
                }
            }
        });
    }

    /**
     * Whether the served checkpoint is the cosigned one: not with {@code quorum none}, which
     * asks for no cosignature, so the log serves its latest signed checkpoint as without a policy.
     */
    public boolean servesCosigned() {
        return !policy.quorum().equals(Policy.NONE);
    }

    /**
     * The cosigned checkpoint to serve: the newest recorded in the database by any instance whose
     * cosignatures meet the quorum, never a smaller tree than one served before; null before the
     * first quorum and with {@code quorum none}.
     */
    public Future<Published> served() {
        return servesCosigned() ? publication.served() : Future.succeededFuture();
    }

    /** The witnesses as this instance last found them, with the size of {@code served} (null: none). */
    public synchronized Overview overview(Published served) {
        List<WitnessView> views = new ArrayList<>();
        for (WitnessTrack t : tracks.values()) {
            views.add(new WitnessView(t.witness.name(), t.witness.key().verifierKey(), t.witness.url(), t.state,
                    t.cosignedSize, t.cosignature == null ? null : Instant.ofEpochSecond(t.cosignature.timestamp()),
                    t.lastError));
        }
        Published offered = publication.offered();
        boolean met = !servesCosigned() || offered != null && offered.size() == newestSize;
        return new Overview(policy.quorum(), served == null ? null : served.size(), met, views);
    }

    private void round() {
        store.latestCheckpoint().onComplete(read -> {
            if (read.failed()) {
                log.warn("witnessing: cannot read the latest checkpoint: {}", read.cause().toString());
                return;
            }
            StoredCheckpoint cp = read.result();
            if (cp == null) {
                return;
            }
            String text;
            try {
                text = SignedNote.parse(cp.note()).text();
            } catch (NoteException e) {
                log.error("witnessing: the stored checkpoint of size {} is not a signed note: {}", cp.size(), e.getMessage());
                return;
            }
            synchronized (this) {
                newestSize = Math.max(newestSize, cp.size());
            }
            for (WitnessTrack t : tracks.values()) {
                synchronized (this) {
                    if (t.inFlight || t.witness.url() == null) {
                        continue;
                    }
                    t.inFlight = true;
                }
                send(t, cp, text, false).onComplete(done -> {
                    synchronized (this) {
                        t.inFlight = false;
                    }
                });
            }
        });
    }

    private Future<Void> send(WitnessTrack t, StoredCheckpoint cp, String text, boolean resending) {
        long old;
        synchronized (this) {
            old = t.knownSize;
        }
        if (old > cp.size()) {
            // The witness holds a bigger tree (from another instance) than this round read: the next round sends it.
            return Future.succeededFuture();
        }
        Future<List<byte[]>> proof = old == 0 || old >= cp.size()
                ? Future.succeededFuture(List.of()) : store.consistencyProof(old, cp.size());
        return proof.transform(p -> {
            if (p.failed()) {
                log.warn("witnessing: cannot read the consistency proof {} → {}: {}", old, cp.size(), p.cause().toString());
                return Future.succeededFuture();
            }
            String body = new AddCheckpointRequest(old, p.result(), cp.note()).encode();
            return transport.apply(t.witness.url(), body).transform(answer -> {
                if (answer.failed()) {
                    String cause = answer.cause().getMessage() == null ? answer.cause().toString() : answer.cause().getMessage();
                    trouble(t, State.UNREACHABLE, cause);
                    return Future.succeededFuture();
                }
                WitnessReply reply = WitnessReplies.interpret(answer.result().status(), answer.result().body(), text,
                        t.witness.key());
                return answered(t, cp, text, old, reply, resending);
            });
        });
    }

    private Future<Void> answered(WitnessTrack t, StoredCheckpoint cp, String text, long old, WitnessReply reply, boolean resending) {
        if (reply instanceof WitnessReply.Cosigned c) {
            cosigned(t, cp, text, c.cosignature());
        } else if (reply instanceof WitnessReply.Conflict c) {
            return ConflictTriage.triage(store, c, old, cp.size(), resending).transform(triaged -> {
                if (triaged.failed()) {
                    trouble(t, State.REFUSED, "answered 409 with size " + c.witnessSize()
                            + ", which the log could not check: " + triaged.cause());
                    return Future.succeededFuture();
                }
                ConflictTriage.Outcome outcome = triaged.result();
                if (outcome instanceof ConflictTriage.Outcome.Alarm a) {
                    alarm(t, a.message());
                    return Future.succeededFuture();
                }
                synchronized (this) {
                    t.knownSize = c.witnessSize();
                }
                return outcome instanceof ConflictTriage.Outcome.Resend ? send(t, cp, text, true) : Future.succeededFuture();
            });
        } else if (reply instanceof WitnessReply.Inconsistent i) {
            alarm(t, "answered 422: the checkpoint of size " + cp.size() + " is inconsistent with its size " + old
                    + (i.body().isEmpty() ? "" : " (" + i.body() + ")"));
        } else if (reply instanceof WitnessReply.Failed f) {
            trouble(t, f.status() >= 500 ? State.UNREACHABLE : State.REFUSED, f.status() + ": " + f.reason());
        }
        return Future.succeededFuture();
    }

    private void cosigned(WitnessTrack t, StoredCheckpoint cp, String text, Cosignature cosignature) {
        State was;
        synchronized (this) {
            was = t.state;
            t.knownSize = cp.size();
            t.cosignedSize = cp.size();
            t.cosignedText = text;
            t.cosignedNote = cp.note();
            t.cosignature = cosignature;
            t.state = State.OK;
            t.lastError = null;
            republish();
        }
        if (was != State.OK && was != State.PENDING) {
            log.info("witness {} cosigns again (size {})", t.witness.name(), cp.size());
        }
    }

    /** Offers the newest checkpoint whose cosigners meet the quorum; quorum none publishes nothing. */
    private void republish() {
        if (servesCosigned()) {
            publication.offerNewest(tracks.values());
        }
    }

    private void alarm(WitnessTrack t, String message) {
        boolean fresh;
        synchronized (this) {
            // Once per new finding, not once per round while the witness keeps refusing the same way.
            fresh = t.state != State.SPLIT_VIEW || !message.equals(t.lastError);
            t.state = State.SPLIT_VIEW;
            t.lastError = message;
        }
        metrics.witnessAlarm(t.witness.name());
        if (fresh) {
            log.error("SPLIT-VIEW ALARM: witness {} ({}) {}", t.witness.name(), t.witness.url(), message);
        }
    }

    private void trouble(WitnessTrack t, State state, String message) {
        State was;
        synchronized (this) {
            was = t.state;
            t.state = state;
            t.lastError = message;
        }
        if (was != state) {
            log.warn("witness {} ({}) is {}: {}", t.witness.name(), t.witness.url(), state.label(), message);
        }
    }

    private synchronized double cosignedSize(WitnessTrack t) {
        return t.cosignedSize;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
