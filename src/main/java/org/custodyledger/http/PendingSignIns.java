package org.custodyledger.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.custodyledger.service.ServiceException;

/**
 * Sign-ins sent to the identity provider and not yet back, keyed by their {@code state}: what
 * the callback must match (nonce, PKCE verifier) and where to go next. Kept apart from the
 * sessions, at most {@code capacity} at once, each for {@code lifetime}: starting sign-ins
 * anonymously costs bounded memory and creates no session.
 */
final class PendingSignIns {
    record Pending(String nonce, String verifier, String returnTo, long startedAt) {
    }

    private final Map<String, Pending> byState = new ConcurrentHashMap<>();
    private final int capacity;
    private final long lifetimeMillis;
    private final LongSupplier millis;

    PendingSignIns(int capacity, Duration lifetime, LongSupplier millis) {
        this.capacity = capacity;
        this.lifetimeMillis = lifetime.toMillis();
        this.millis = millis;
    }

    /** Remembers a sign-in; a 503 (BUSY) when {@code capacity} are under way. */
    void put(String state, String nonce, String verifier, String returnTo) {
        long now = millis.getAsLong();
        if (byState.size() >= capacity) {
            byState.values().removeIf(p -> now - p.startedAt() > lifetimeMillis);
            if (byState.size() >= capacity) {
                throw new ServiceException(ServiceException.Kind.BUSY, "too many sign-ins are under way: try again shortly");
            }
        }
        byState.put(state, new Pending(nonce, verifier, returnTo, now));
    }

    /** The sign-in {@code state} names, forgotten here (a state is good once); null when unknown or too old. */
    Pending take(String state) {
        Pending p = state == null ? null : byState.remove(state);
        return p == null || millis.getAsLong() - p.startedAt() > lifetimeMillis ? null : p;
    }

    int size() {
        return byState.size();
    }
}
