package org.custodyledger.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import org.custodyledger.service.Role;

/**
 * GET /metrics: the Prometheus text exposition, for oversight and admin tokens only. Counts
 * of views, exports and refusals per hour are activity patterns of an evidence system, so
 * they are not public; the roles that may already read the access audit may read these.
 */
final class MetricsHandler {
    /** Prometheus text format 0.0.4, which every Prometheus-compatible scraper reads. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final PrometheusMeterRegistry registry;
    private final Access access;

    MetricsHandler(PrometheusMeterRegistry registry, Access access) {
        this.registry = registry;
        this.access = access;
    }

    void mount(Router router) {
        router.get("/metrics").handler(access.allow(Role.OVERSIGHT, Role.ADMIN)).handler(ctx -> ctx.vertx()
                // Off the event loop: a scrape walks every meter and histogram bucket.
                .executeBlocking(registry::scrape, false)
                .onSuccess(text -> ctx.response()
                        .putHeader("Content-Type", CONTENT_TYPE)
                        .putHeader("Cache-Control", "no-store")
                        .end(text))
                .onFailure(ctx::fail));
    }
}
