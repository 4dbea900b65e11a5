package org.custodyledger.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.EnumSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vert.x instance the commands run on: Linux epoll sockets when the native transport
 * loads (measured 9–15 % more appends per second here, with fewer system calls per request),
 * Java NIO otherwise — same behaviour, only speed differs.
 */
public final class VertxRuntime {
    private static final Logger log = LoggerFactory.getLogger(VertxRuntime.class);
    /** Netty's switch for its allocator's Flight Recorder events; read once, when Netty first loads. */
    static final String NETTY_JFR = "io.netty.jfr.enabled";

    static {
        // Netty 4.2 registers its buffer-allocator events with the Flight Recorder on the first
        // allocation, which is on an event loop: that initialises JFR's whole metadata machinery
        // there, measured at 2 s of blocked event loop during start-up on a loaded machine (the
        // BlockedThreadChecker's warning) and ~100 classes. Off unless the operator asks for it
        // (-Dio.netty.jfr.enabled=true to see them in a recording).
        if (System.getProperty(NETTY_JFR) == null) {
            System.setProperty(NETTY_JFR, "false");
        }
    }

    private VertxRuntime() {
    }

    /** Without metrics: the commands that run once (audit, tools). */
    public static Vertx create() {
        return logTransport(Vertx.vertx(options()));
    }

    /**
     * Reporting HTTP requests (by route template, method and status, with latency histograms)
     * and connection pools into {@code registry}. Never by raw path: the path holds footage
     * ids, so it would make one series per footage.
     */
    public static Vertx create(MeterRegistry registry) {
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                // Vert.x keeps registries in a static map by name; one per instance keeps services in one JVM apart.
                .setRegistryName("custody-ledger-" + UUID.randomUUID())
                // Latency buckets come from the registry's own filter (MeterRegistries), not Vert.x's 69 per timer.
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
                .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE,
                        Label.POOL_NAME))
                .setJvmMetricsEnabled(true)
                .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
                .addDisabledMetricsCategory(MetricsDomain.VERTICLES)
                .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET);
        return logTransport(Vertx.builder().with(options().setMetricsOptions(metrics))
                .withMetrics(new MicrometerMetricsFactory(registry)).build());
    }

    private static VertxOptions options() {
        return new VertxOptions().setPreferNativeTransport(true);
    }

    private static Vertx logTransport(Vertx vertx) {
        if (vertx.isNativeTransportEnabled()) {
            log.debug("using the native (epoll) transport");
        } else {
            Throwable cause = vertx.unavailableNativeTransportCause();
            log.info("native transport unavailable ({}); using Java NIO",
                    cause == null ? "none bundled for this platform" : cause.toString());
        }
        return vertx;
    }
}
