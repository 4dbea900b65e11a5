package org.custodyledger.service;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which access event covers an ongoing playback, so a video player's many Range
 * requests (same person, footage, kind of access and purpose) share one VIEWED or EXPORTED
 * event instead of writing one each. A session ends after {@link #IDLE} without a request;
 * the next request then records a new event. Per service instance: behind a load balancer a
 * session may be recorded once per instance, which errs on the side of more custody events.
 */
final class PlaybackSessions {
    static final Duration IDLE = Duration.ofMinutes(10);
    private static final int MAX_SESSIONS = 100_000;

    private record Session(long eventIndex, long lastUsedMillis) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    PlaybackSessions(Clock clock) {
        this.clock = clock;
    }

    static String key(Actor actor, String footageId, String eventType, String purpose) {
        return String.join("\u0000", actor.id(), actor.role().claim(), footageId, eventType, purpose);
    }

    /** The event index of the live session under {@code key}, refreshing it; null when none is live. */
    Long current(String key) {
        long now = clock.millis();
        Session s = sessions.get(key);
        if (s == null || now - s.lastUsedMillis > IDLE.toMillis()) {
            return null;
        }
        sessions.put(key, new Session(s.eventIndex, now));
        return s.eventIndex;
    }

    void start(String key, long eventIndex) {
        long now = clock.millis();
        if (sessions.size() >= MAX_SESSIONS) {
            evictIdle(now);
        }
        sessions.put(key, new Session(eventIndex, now));
    }

    private void evictIdle(long now) {
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
            if (now - it.next().lastUsedMillis > IDLE.toMillis()) {
                it.remove();
            }
        }
    }
}
