package org.custodyledger.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.model.FootageRow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ledger's own rule, whoever calls: an event that must say why is never appended without a purpose. */
class FootageEventsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private static final FootageRow ROW = FootageRow.fresh("f-1", Sha256Digest.of(new byte[32]), 1, "video/mp4", "a.mp4",
            null, null, null, null, "officer-1", CLOCK.instant(), false, null, new JsonObject(), null);

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"VIEWED", "EXPORTED", "SHARED", "TRANSFERRED", "DISPOSED",
            "HOLD_PLACED", "HOLD_RELEASED", "RETENTION_SET"})
    void anEventThatMustSayWhyIsRefusedWithoutAPurposeBeforeItReachesTheLog(EventType type) {
        // No sequencer at all: the refusal must come before anything is appended.
        FootageEvents events = new FootageEvents(null, CLOCK);
        for (String missing : new String[] {null, "", "  \t"}) {
            Future<AppendedEntry> answer = events.append(ROW, type, new Actor("r-1", Role.REVIEWER), missing, null,
                    Map.of(), null);
            assertTrue(answer.failed(), type + " with purpose '" + missing + "'");
            ServiceException refused = (ServiceException) answer.cause();
            assertEquals(ServiceException.Kind.INVALID, refused.kind());
            assertEquals("purpose is required for " + type + ": say why", refused.getMessage());
        }
    }
}
