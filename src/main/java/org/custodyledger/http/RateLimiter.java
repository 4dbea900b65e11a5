package org.custodyledger.http;

import io.vertx.ext.web.handler.PlatformHandler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets in memory: one per client address and one shared by all, each refilled evenly
 * over a minute. A request that finds either empty is answered 429 with Retry-After. The
 * per-address map is bounded (least recently seen addresses are forgotten), so a flood of
 * addresses costs memory only up to the bound — the global bucket still caps them together.
 * Per service instance: behind a load balancer each instance counts its own traffic.
 */
final class RateLimiter {
    static final int MAX_ADDRESSES = 10_000;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final int perAddress;
    private final Bucket global;
    private final LongSupplier nanos;
    private final Map<String, Bucket> byAddress = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    RateLimiter(int perAddressPerMinute, int globalPerMinute, LongSupplier nanos) {
        this.perAddress = perAddressPerMinute;
        this.nanos = nanos;
        this.global = new Bucket(globalPerMinute, nanos.getAsLong());
    }

    /**
     * A handler letting requests through while both buckets have a token. A platform handler,
     * so it runs before the body is read: a flood is turned away without its bodies.
     */
    PlatformHandler handler() {
        return handler("complaints");
    }

    /** {@link #handler()} for requests the 429 names as {@code what}. */
    PlatformHandler handler(String what) {
        return ctx -> {
            // Staff (a bearer token: checked next, refused if forged) take complaints by phone for many people: only
            // public requests are limited.
            if (ctx.request().getHeader("Authorization") != null) {
                ctx.next();
                return;
            }
            long wait = take(key(ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().host()));
            if (wait == 0) {
                ctx.next();
                return;
            }
            ctx.response().putHeader("Retry-After", Long.toString(wait));
            Problems.send(ctx, 429, "Too Many Requests", "too many " + what + " from this address or in total; try again in "
                    + wait + " s");
        };
    }

    /**
     * The bucket an address counts against: an IPv4 address itself, an IPv6 address its /64
     * (one host usually holds a whole /64, so counting single addresses would let it rotate).
     * The connection's peer only: X-Forwarded-For is not trusted, so behind a reverse proxy
     * every client shares the proxy's bucket.
     */
    static String key(String host) {
        if (host == null) {
            return "unknown";
        }
        if (host.indexOf(':') < 0) {
            return host;
        }
        try {
            // A literal (the peer's address as the socket reports it): no name is looked up.
            byte[] a = InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host).getAddress();
            return a.length == 16 ? HexFormat.of().formatHex(a, 0, 8) + "::/64" : host;
        } catch (UnknownHostException e) {
            return host;
        }
    }

    /** Takes a token for {@code address} and one from the global bucket; answers 0, or the seconds to wait. */
    synchronized long take(String address) {
        long now = nanos.getAsLong();
        Bucket mine = byAddress.computeIfAbsent(address, a -> new Bucket(perAddress, now));
        long waitMine = mine.waitNanos(now);
        long waitAll = global.waitNanos(now);
        if (waitMine > 0 || waitAll > 0) {
            return Math.max(1, (Math.max(waitMine, waitAll) + 999_999_999L) / 1_000_000_000L);
        }
        mine.take();
        global.take();
        return 0;
    }

    /** Up to {@code perMinute} tokens, one more every minute / perMinute. */
    private static final class Bucket {
        private final int capacity;
        private final long nanosPerToken;
        private double tokens;
        private long at;

        Bucket(int perMinute, long now) {
            this.capacity = perMinute;
            this.nanosPerToken = MINUTE_NANOS / perMinute;
            this.tokens = perMinute;
            this.at = now;
        }

        long waitNanos(long now) {
            tokens = Math.min(capacity, tokens + (double) (now - at) / nanosPerToken);
            at = now;
            return tokens >= 1 ? 0 : (long) ((1 - tokens) * nanosPerToken);
        }

        void take() {
            tokens -= 1;
        }
    }
}
