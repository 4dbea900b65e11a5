package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.custodyledger.note.StoredCheckpoint;
import org.custodyledger.storage.LedgerStore;
import org.custodyledger.model.StoredTimestamp;
import org.custodyledger.storage.TimestampStore;
import org.custodyledger.timestamp.TimestampException;
import org.custodyledger.timestamp.TimestampRequest;
import org.custodyledger.timestamp.TimestampTokens;
import org.custodyledger.timestamp.VerifiedToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timestamping loop: every interval, each configured time-stamping authority whose last
 * kept token is over a smaller tree than the log's newest checkpoint is asked (RFC 3161) for a
 * token over SHA-256 of that checkpoint's exact signed note. A token is kept only once it
 * verified (imprint, nonce, signature, certificate chain to a trusted certificate, timeStamping
 * EKU). Appends never wait for this: a TSA that is down, slow or answers garbage costs one
 * failed request (one in flight per TSA, bounded in time), counted, logged when its state
 * changes, and retried at the next interval.
 */
public final class Timestamping implements AutoCloseable {
    /** A TSA's HTTP answer as received: status, Content-Type (null: none) and body. */
    public record Answer(int status, String contentType, byte[] body) {
    }

    /** POSTs a DER TimeStampReq to a TSA URL; fails on a transport error or time-out. */
    public interface Transport extends BiFunction<String, byte[], Future<Answer>> {
    }

    private static final Logger log = LoggerFactory.getLogger(Timestamping.class);

    /** A TSA as the loop last found it. */
    private static final class Track {
        final String url;
        long stampedSize;
        boolean inFlight;
        String lastFailure;

        Track(String url) {
            this.url = url;
        }
    }

    /** A failed request, with the metric outcome it counts as. */
    private static final class Failure extends RuntimeException {
        final String outcome;

        Failure(String outcome, String message, Throwable cause) {
            super(message, cause);
            this.outcome = outcome;
        }
    }

    private final Vertx vertx;
    private final LedgerStore ledger;
    private final TimestampStore stamps;
    private final List<X509Certificate> trusted;
    private final Duration interval;
    private final LedgerMetrics metrics;
    private final Transport transport;
    private final Map<String, Track> tracks = new LinkedHashMap<>();
    private long timer = -1;
    private boolean closed;

    /** {@code transport} must bound each request in time (http/TsaClient does). */
    public Timestamping(Vertx vertx, LedgerStore ledger, TimestampStore stamps, List<String> urls,
                        List<X509Certificate> trusted, Duration interval, LedgerMetrics metrics, Transport transport) {
        this.vertx = vertx;
        this.ledger = ledger;
        this.stamps = stamps;
        this.trusted = List.copyOf(trusted);
        this.interval = interval;
        this.metrics = metrics;
        this.transport = transport;
        for (String url : urls) {
            Track track = new Track(url);
            tracks.put(url, track);
            metrics.watchTimestamps(url, () -> stampedSize(track));
        }
    }

    /** Starts from the tokens kept before (by this or another instance), then asks at once and every interval. */
    public Future<Void> start() {
        return stamps.stampedSizes().map(sizes -> {
            synchronized (this) {
                sizes.forEach((url, size) -> {
                    Track t = tracks.get(url);
                    if (t != null) {
                        t.stampedSize = size;
                    }
                });
            }
            return (Void) null;
        }).recover(e -> {
            log.warn("timestamping: cannot read the tokens kept before: {}", e.toString());
            return Future.succeededFuture();
        }).onSuccess(v -> {
            synchronized (this) {
                if (!closed) {
                    timer = vertx.setPeriodic(1, interval.toMillis(), id -> round());
                }
            }
        });
    }

    private void round() {
        ledger.latestCheckpoint().onComplete(read -> {
            if (read.failed()) {
                log.warn("timestamping: cannot read the latest checkpoint: {}", read.cause().toString());
                return;
            }
            StoredCheckpoint cp = read.result();
            if (cp == null || cp.size() < 1) {
                return;
            }
            for (Track t : tracks.values()) {
                synchronized (this) {
                    // Only when the log grew since this TSA's last token, and never two requests at once.
                    if (t.inFlight || t.stampedSize >= cp.size()) {
                        continue;
                    }
                    t.inFlight = true;
                }
                ask(t, cp).onComplete(done -> {
                    synchronized (this) {
                        t.inFlight = false;
                    }
                });
            }
        });
    }

    private Future<Void> ask(Track t, StoredCheckpoint cp) {
        TimestampRequest request = TimestampRequest.over(cp.note().getBytes(StandardCharsets.UTF_8));
        return transport.apply(t.url, request.encoded())
                .recover(e -> Future.failedFuture(new Failure("unreachable", message(e), e)))
                .compose(answer -> {
                    if (answer.status() != 200) {
                        throw new Failure("refused", "answered HTTP " + answer.status(), null);
                    }
                    // Signature and path checks are CPU work: off the event loop, unordered.
                    return vertx.executeBlocking(() -> verified(answer, request), false);
                })
                .compose(token -> stamps.record(new StoredTimestamp(cp.size(), cp.note(), token.der(), token.genTime(), t.url))
                        .recover(e -> Future.failedFuture(new Failure("unstored", "the token could not be kept: " + message(e), e)))
                        .map(kept -> token))
                .transform(done -> {
                    if (done.succeeded()) {
                        stored(t, cp.size(), done.result());
                    } else {
                        failed(t, cp.size(), done.cause());
                    }
                    return Future.succeededFuture();
                });
    }

    private VerifiedToken verified(Answer answer, TimestampRequest request) {
        try {
            return TimestampTokens.fromResponse(answer.body(), request, trusted);
        } catch (TimestampException e) {
            throw new Failure("invalid", e.getMessage(), e);
        }
    }

    private void stored(Track t, long size, VerifiedToken token) {
        String was;
        synchronized (this) {
            was = t.lastFailure;
            t.stampedSize = Math.max(t.stampedSize, size);
            t.lastFailure = null;
        }
        metrics.timestampRequested(t.url, "stored");
        if (was != null) {
            log.info("timestamping: TSA {} answers again: checkpoint of size {} stamped {}", t.url, size, token.genTime());
        }
    }

    private void failed(Track t, long size, Throwable cause) {
        Failure f = cause instanceof Failure ff ? ff : new Failure("invalid", message(cause), cause);
        boolean fresh;
        synchronized (this) {
            // One line when a TSA starts failing or fails differently, not one per interval while it stays down.
            fresh = !f.getMessage().equals(t.lastFailure);
            t.lastFailure = f.getMessage();
        }
        metrics.timestampRequested(t.url, f.outcome);
        if (fresh) {
            log.warn("timestamping: TSA {} gave no token for the checkpoint of size {} ({}): {}; retrying every {} s",
                    t.url, size, f.outcome, f.getMessage(), interval.toMillis() / 1000.0);
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private synchronized double stampedSize(Track t) {
        return t.stampedSize;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
