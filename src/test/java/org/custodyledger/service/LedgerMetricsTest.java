package org.custodyledger.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The ledger's gauges read memory kept up to date by start-up and by each committed batch. */
class LedgerMetricsTest {
    private static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");

    @Test
    void ledgerSizeAndCheckpointAgeComeFromStartUpThenFromEachCommittedBatch() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LedgerMetrics metrics = new LedgerMetrics(registry, Clock.fixed(NOW, ZoneOffset.UTC));
        assertTrue(registry.scrape().contains("custody_checkpoint_age_seconds NaN"), "no checkpoint known: no age");

        metrics.ledgerOpened(41, NOW.minus(Duration.ofSeconds(90)));
        String opened = registry.scrape();
        assertTrue(opened.contains("custody_ledger_size 41.0"), opened);
        assertTrue(opened.contains("custody_checkpoint_age_seconds 90.0"), opened);

        metrics.committed(3, Duration.ofMillis(7).toNanos(), 44);
        String committed = registry.scrape();
        assertTrue(committed.contains("custody_ledger_size 44.0"), committed);
        assertTrue(committed.contains("custody_checkpoint_age_seconds 0.0"), committed);
        assertTrue(committed.contains("custody_append_batch_size_sum 3.0"), committed);
        assertTrue(committed.contains("custody_append_batch_seconds_sum 0.007"), committed);
        assertTrue(committed.contains("custody_append_batch_seconds_bucket{le=\"0.01\"} 1"), committed);
    }

    @Test
    void refusalsAreCountedByStatusAndRouteGroup() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LedgerMetrics metrics = new LedgerMetrics(registry, Clock.systemUTC());
        metrics.accessRefused(401, "footage");
        metrics.accessRefused(401, "footage");
        metrics.accessRefused(403, "audit");
        String text = registry.scrape();
        assertTrue(text.contains("custody_access_refusals_total{route=\"footage\",status=\"401\"} 2.0"), text);
        assertTrue(text.contains("custody_access_refusals_total{route=\"audit\",status=\"403\"} 1.0"), text);
        assertEquals(2, text.lines().filter(l -> l.startsWith("custody_access_refusals_total{")).count(), text);
    }
}
