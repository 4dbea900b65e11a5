package org.custodyledger.http;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicLong;

/** Gives each request an ID, echoed in X-Request-Id and in problem bodies, so a log line can be found. */
final class RequestIds {
    static final String KEY = "requestId";
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final String PREFIX = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    private RequestIds() {
    }

    static void assign(RoutingContext ctx) {
        String id = PREFIX + "-" + COUNTER.incrementAndGet();
        ctx.put(KEY, id);
        ctx.response().putHeader("X-Request-Id", id);
        ctx.next();
    }
}
