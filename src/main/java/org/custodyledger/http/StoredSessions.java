package org.custodyledger.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.custodyledger.service.ServiceException;

/**
 * The workspace's sessions in this instance's memory: one per signed-in person, created only at
 * sign-in (anonymous requests store nothing), at most {@code capacity} at once, each ending after
 * {@code idle} unused or {@code maxAge} after sign-in, whichever comes first — so roles read at
 * sign-in are read again at least that often.
 */
final class StoredSessions {
    /** A signed-in person's session: who, the CSRF token, the provider's ID token (for sign-out), and when. */
    static final class Entry {
        final Principal who;
        final String csrf;
        final String idToken;
        final long signedInAt;
        private volatile long lastSeen;

        private Entry(Principal who, String csrf, String idToken, long signedInAt) {
            this.who = who;
            this.csrf = csrf;
            this.idToken = idToken;
            this.signedInAt = signedInAt;
            this.lastSeen = signedInAt;
        }
    }

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final int capacity;
    private final long idleMillis;
    private final long maxAgeMillis;
    private final LongSupplier millis;

    StoredSessions(int capacity, Duration idle, Duration maxAge, LongSupplier millis) {
        if (capacity < 1 || idle.isNegative() || idle.isZero() || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("sessions need a capacity ≥ 1 and positive idle and maximum ages, got "
                    + capacity + ", " + idle + ", " + maxAge);
        }
        this.capacity = capacity;
        this.idleMillis = idle.toMillis();
        this.maxAgeMillis = maxAge.toMillis();
        this.millis = millis;
    }

    /** A new session for {@code who}; a 503 (BUSY) when {@code capacity} live sessions exist already. */
    String create(Principal who, String idToken) {
        long now = millis.getAsLong();
        if (byId.size() >= capacity) {
            byId.entrySet().removeIf(e -> ended(e.getValue(), now));
            if (byId.size() >= capacity) {
                throw new ServiceException(ServiceException.Kind.BUSY, "the service holds as many workspace sessions"
                        + " as it may (" + capacity + "): try signing in again later");
            }
        }
        String id = StaffSessions.randomToken();
        byId.put(id, new Entry(who, StaffSessions.randomToken(), idToken, now));
        return id;
    }

    /** The live session {@code id} names, now marked used; null (and forgotten) when it has ended or never was. */
    Entry use(String id) {
        Entry e = id == null ? null : byId.get(id);
        if (e == null) {
            return null;
        }
        long now = millis.getAsLong();
        if (ended(e, now)) {
            byId.remove(id, e);
            return null;
        }
        e.lastSeen = now;
        return e;
    }

    void remove(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    int size() {
        return byId.size();
    }

    private boolean ended(Entry e, long now) {
        return now - e.lastSeen > idleMillis || now - e.signedInAt > maxAgeMillis;
    }
}
