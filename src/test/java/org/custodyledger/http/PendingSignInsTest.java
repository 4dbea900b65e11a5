package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.custodyledger.service.ServiceException;
import org.junit.jupiter.api.Test;

/** Sign-ins under way: good once, for ten minutes, and no more than the cap at a time. */
class PendingSignInsTest {
    private final AtomicLong now = new AtomicLong(5_000);
    private final PendingSignIns pending = new PendingSignIns(2, Duration.ofMinutes(10), now::get);

    @Test
    void aStateIsGoodOnceAndNotAfterItsLifetime() {
        pending.put("s1", "n1", "v1", "/app/");
        PendingSignIns.Pending p = pending.take("s1");
        assertNotNull(p);
        assertEquals("n1", p.nonce());
        assertNull(pending.take("s1"), "consumed by its first answer");
        pending.put("s2", "n2", "v2", "/app/");
        now.addAndGet(Duration.ofMinutes(10).toMillis() + 1);
        assertNull(pending.take("s2"), "too old");
        assertNull(pending.take(null));
    }

    @Test
    void beyondTheCapASignInIsRefusedUntilOneExpires() {
        pending.put("a", "n", "v", "/app/");
        pending.put("b", "n", "v", "/app/");
        assertEquals(ServiceException.Kind.BUSY,
                assertThrows(ServiceException.class, () -> pending.put("c", "n", "v", "/app/")).kind());
        now.addAndGet(Duration.ofMinutes(11).toMillis());
        pending.put("c", "n", "v", "/app/");
        assertEquals(1, pending.size(), "expired ones swept to make room");
    }
}
