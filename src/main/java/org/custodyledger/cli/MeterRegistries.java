package org.custodyledger.cli;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.stream.Stream;

/** The registry a running service reports to, with histograms bounded so that a scrape stays small. */
final class MeterRegistries {
    /** Latency buckets from 5 ms to a minute: the range where a custody service's answers matter. */
    private static final double[] LATENCY_BUCKETS_NANOS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000,
                    10_000, 30_000, 60_000)
            .mapToDouble(ms -> Duration.ofMillis(ms).toNanos()).toArray();

    private MeterRegistries() {
    }

    /**
     * Timers of Vert.x (requests, pool, SQL) and the JVM get 13 fixed latency buckets, where
     * Micrometer's default histogram has 69 per series (and 276 per byte size): thousands of
     * lines a scrape. Byte sizes keep count, sum and max. The ledger's meters choose their own.
     */
    static PrometheusMeterRegistry prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getName().startsWith("custody.")) {
                    return config; // ours choose their own buckets
                }
                if (id.getType() == Meter.Type.TIMER) {
                    return DistributionStatisticConfig.builder().percentilesHistogram(false)
                            .serviceLevelObjectives(LATENCY_BUCKETS_NANOS).build().merge(config);
                }
                if (id.getType() == Meter.Type.DISTRIBUTION_SUMMARY) {
                    return DistributionStatisticConfig.builder().percentilesHistogram(false).build().merge(config);
                }
                return config;
            }
        });
        return registry;
    }
}
