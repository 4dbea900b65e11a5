package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.custodyledger.service.Role;
import org.custodyledger.service.ServiceException;
import org.junit.jupiter.api.Test;

/** The session table on a clock of its own: idle and absolute ends, and the cap. */
class StoredSessionsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final StoredSessions sessions = new StoredSessions(2, Duration.ofMinutes(30), Duration.ofHours(12), now::get);
    private static final Principal ANN = new Principal("ann", Set.of(Role.REVIEWER), null, null, 0, Long.MAX_VALUE);

    @Test
    void aSessionUsedWithinTheIdleTimeStillEndsAtItsMaximumAge() {
        String id = sessions.create(ANN, null);
        for (int minutes = 25; minutes < 12 * 60; minutes += 25) {
            now.addAndGet(Duration.ofMinutes(25).toMillis());
            assertNotNull(sessions.use(id), "used every 25 minutes: alive at " + minutes + " min");
        }
        now.addAndGet(Duration.ofMinutes(25).toMillis());
        assertNull(sessions.use(id), "12 hours after sign-in, however busy");
        assertEquals(0, sessions.size(), "and forgotten");
    }

    @Test
    void anUnusedSessionEndsAfterTheIdleTime() {
        String id = sessions.create(ANN, null);
        now.addAndGet(Duration.ofMinutes(30).toMillis() + 1);
        assertNull(sessions.use(id));
        assertNull(sessions.use("made-up"));
        assertNull(sessions.use(null));
    }

    @Test
    void beyondTheCapASignInIsRefusedUntilASessionEnds() {
        sessions.create(ANN, null);
        sessions.create(ANN, null);
        ServiceException full = assertThrows(ServiceException.class, () -> sessions.create(ANN, null));
        assertEquals(ServiceException.Kind.BUSY, full.kind());
        now.addAndGet(Duration.ofMinutes(31).toMillis());
        assertNotNull(sessions.create(ANN, null), "ended sessions are swept to make room");
        assertEquals(1, sessions.size());
    }
}
