package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token buckets on a clock the test moves. */
class RateLimiterTest {
    private final AtomicLong now = new AtomicLong();
    private static final long SECOND = 1_000_000_000L;

    @Test
    void anAddressGetsItsAllowanceBackEvenlyOverAMinute() {
        RateLimiter limiter = new RateLimiter(6, 1000, now::get);
        for (int i = 0; i < 6; i++) {
            assertEquals(0, limiter.take("10.0.0.1"));
        }
        assertEquals(10, limiter.take("10.0.0.1"), "one token every 10 s");
        assertEquals(0, limiter.take("10.0.0.2"), "another address has its own bucket");
        now.addAndGet(10 * SECOND);
        assertEquals(0, limiter.take("10.0.0.1"));
        assertTrue(limiter.take("10.0.0.1") > 0);
    }

    @Test
    void theGlobalCapHoldsAcrossAddresses() {
        RateLimiter limiter = new RateLimiter(100, 3, now::get);
        assertEquals(0, limiter.take("a"));
        assertEquals(0, limiter.take("b"));
        assertEquals(0, limiter.take("c"));
        assertEquals(20, limiter.take("d"));
    }

    @Test
    void theMapOfAddressesIsBounded() {
        RateLimiter limiter = new RateLimiter(1, Integer.MAX_VALUE / 2, now::get);
        for (int i = 0; i < RateLimiter.MAX_ADDRESSES + 10; i++) {
            limiter.take("addr-" + i);
        }
        // The first address was forgotten (a fresh bucket), the last is still empty.
        assertEquals(0, limiter.take("addr-0"));
        assertTrue(limiter.take("addr-" + (RateLimiter.MAX_ADDRESSES + 9)) > 0);
    }

    @Test
    void anIpv6ClientCountsByItsSlash64AndIpv4ByItsAddress() {
        assertEquals(RateLimiter.key("2001:db8:1:2::1"), RateLimiter.key("2001:db8:1:2:ffff:ffff:ffff:fffe"));
        assertEquals("20010db800010002::/64", RateLimiter.key("[2001:db8:1:2::1]"));
        assertNotEquals(RateLimiter.key("2001:db8:1:2::1"), RateLimiter.key("2001:db8:1:3::1"));
        assertEquals("192.0.2.7", RateLimiter.key("192.0.2.7"));
        assertEquals("unknown", RateLimiter.key(null));
    }
}
