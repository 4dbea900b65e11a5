package org.custodyledger.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.custodyledger.storage.Sequencer;

/**
 * The ledger's own meters, registered once: every hot-path call is one counter, timer or
 * atomic update on a meter held in a field, with no look-up and no allocation. Gauges read
 * values kept here or in memory elsewhere, never the database, so a scrape costs no query.
 */
public final class LedgerMetrics implements Sequencer.BatchListener {
    private static final long NO_CHECKPOINT = Long.MIN_VALUE;
    private static final java.util.List<String> TIMESTAMP_OUTCOMES = java.util.List.of("stored", "unreachable", "refused",
            "invalid", "unstored");

    private final MeterRegistry registry;
    private final Clock clock;
    private final DistributionSummary batchSize;
    private final Timer batchTime;
    private final AtomicLong ledgerSize = new AtomicLong();
    private final AtomicLong checkpointMillis = new AtomicLong(NO_CHECKPOINT);
    private final Counter uploadBytes;
    private final Counter verified;
    private final Counter verificationFailed;

    private LongSupplier embeddedRestarts;

    public LedgerMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        batchSize = DistributionSummary.builder("custody.append.batch.size")
                .description("Events appended per committed batch (one transaction each)")
                .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
                .register(registry);
        batchTime = Timer.builder("custody.append.batch")
                .description("Time from forming a batch to its commit")
                .serviceLevelObjectives(Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
                .register(registry);
        Gauge.builder("custody.ledger.size", ledgerSize, AtomicLong::get)
                .description("Entries in the log as of the latest checkpoint this instance signed or read at start-up")
                .register(registry);
        Gauge.builder("custody.checkpoint.age", this, LedgerMetrics::checkpointAgeSeconds)
                .description("Seconds since the latest checkpoint this instance signed or read at start-up")
                .baseUnit("seconds")
                .register(registry);
        uploadBytes = Counter.builder("custody.upload.bytes")
                .description("Footage bytes received in full by uploads (before the record is committed)")
                .register(registry);
        verified = verifications("verified");
        verificationFailed = verifications("failed");
    }

    private Counter verifications(String outcome) {
        return Counter.builder("custody.verifications")
                .description("Footage verifications on request, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** The log as it stands at start-up: its size and when its latest checkpoint was stored (null: none yet). */
    public void ledgerOpened(long size, Instant latestCheckpoint) {
        ledgerSize.set(size);
        checkpointMillis.set(latestCheckpoint == null ? NO_CHECKPOINT : latestCheckpoint.toEpochMilli());
    }

    /** Each committed batch signed a checkpoint of {@code treeSize} just now. */
    @Override
    public void committed(int events, long nanos, long treeSize) {
        batchSize.record(events);
        batchTime.record(nanos, TimeUnit.NANOSECONDS);
        ledgerSize.set(treeSize);
        checkpointMillis.set(clock.millis());
    }

    /** How many appends wait for a batch: read at scrape time from the sequencer's queue. */
    public void watchQueue(Sequencer sequencer) {
        Gauge.builder("custody.sequencer.queue.depth", sequencer, Sequencer::waiting)
                .description("Appends waiting for a batch")
                .strongReference(true)
                .register(registry);
    }

    /** Integrity alarms raised while serving content, counted by {@link ContentIntegrity}. */
    public void watchIntegrity(ContentIntegrity integrity) {
        FunctionCounter.builder("custody.integrity.failures", integrity, ContentIntegrity::failures)
                .description("Stored files found not to match their registered hash while being served")
                .register(registry);
    }

    public void uploadReceived(long bytes) {
        uploadBytes.increment(bytes);
    }

    public void verificationFinished(boolean ok) {
        (ok ? verified : verificationFailed).increment();
    }

    /**
     * A refused request (401 or 403), by the group of routes it asked for. Both tags come from
     * small fixed sets (the caller maps the path), so an attacker cannot grow the series.
     */
    public void accessRefused(int status, String routeGroup) {
        Counter.builder("custody.access.refusals")
                .description("Requests refused for a missing or invalid token (401) or a role that may not (403)")
                .tag("status", Integer.toString(status))
                .tag("route", routeGroup)
                .register(registry)
                .increment();
    }

    /** Restarts of the embedded PostgreSQL, as its supervisor counts them (none with an external database). */
    public void watchEmbeddedRestarts(LongSupplier restarts) {
        // Micrometer holds a function meter's state weakly: this field keeps the supplier alive.
        embeddedRestarts = restarts;
        FunctionCounter.builder("custody.embedded.db.restarts", restarts, LongSupplier::getAsLong)
                .description("Restarts of the embedded PostgreSQL after it stopped unexpectedly")
                .register(registry);
    }

    /** A policy witness: the checkpoint size it last cosigned, read from the witnessing loop, and its alarms from zero. */
    public void watchWitness(String witness, DoubleSupplier cosignedSize) {
        Gauge.builder("custody.witness.cosigned.size", cosignedSize, DoubleSupplier::getAsDouble)
                .description("Size of the latest checkpoint this witness cosigned (0: none yet)")
                .tag("witness", witness)
                .strongReference(true)
                .register(registry);
        witnessAlarms(witness);
    }

    /** A witness refused a checkpoint as inconsistent with one it cosigned (422, or a 409 resending cannot resolve). */
    public void witnessAlarm(String witness) {
        witnessAlarms(witness).increment();
    }

    private Counter witnessAlarms(String witness) {
        // The tag comes from the policy file, a fixed set: no request can grow the series.
        return Counter.builder("custody.witness.alarms")
                .description("Split-view alarms: witness answers refusing a checkpoint as inconsistent with its view")
                .tag("witness", witness)
                .register(registry);
    }

    /**
     * A time-stamping authority: the largest tree size it has a kept token for (read from the
     * timestamping loop), and its requests by outcome from zero.
     */
    public void watchTimestamps(String tsa, DoubleSupplier stampedSize) {
        Gauge.builder("custody.timestamp.stamped.size", stampedSize, DoubleSupplier::getAsDouble)
                .description("Size of the largest checkpoint this TSA's kept token is over (0: none yet)")
                .tag("tsa", tsa)
                .strongReference(true)
                .register(registry);
        for (String outcome : TIMESTAMP_OUTCOMES) {
            timestampRequests(tsa, outcome);
        }
    }

    /** One request to a TSA ended: {@code stored}, {@code unreachable}, {@code refused}, {@code invalid} or {@code unstored}. */
    public void timestampRequested(String tsa, String outcome) {
        timestampRequests(tsa, outcome).increment();
    }

    private Counter timestampRequests(String tsa, String outcome) {
        // Both tags come from fixed sets (the configured URLs, the outcomes): no answer can grow the series.
        return Counter.builder("custody.timestamp.requests")
                .description("Requests for an RFC 3161 token over the newest checkpoint, by TSA and outcome")
                .tag("tsa", tsa)
                .tag("outcome", outcome)
                .register(registry);
    }

    private double checkpointAgeSeconds() {
        long at = checkpointMillis.get();
        return at == NO_CHECKPOINT ? Double.NaN : (clock.millis() - at) / 1000.0;
    }
}
