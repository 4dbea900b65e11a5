package org.custodyledger.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.custodyledger.custody.EventType;
import org.junit.jupiter.api.Test;

class EventRulesTest {
    @Test
    void eachTypeNeedsWhatItSaysAndFailuresNameTheField() {
        assertEquals("purpose is required for VIEWED: say why", message(() -> EventRules.check("VIEWED", null, null, null)));
        assertEquals("TRANSFERRED needs details.to: who or where the footage went",
                message(() -> EventRules.check("TRANSFERRED", "court", null, Map.of())));
        assertEquals("details.note must be a string",
                message(() -> EventRules.check("ANNOTATED", null, null, Map.of("note", 7))));
        EventRules.EventRequest shared = EventRules.check("SHARED", "defence", "HQ",
                Map.of("recipient", "counsel", "expiresAt", "2030-01-01T01:00:00+01:00"));
        assertEquals("2030-01-01T00:00:00.000Z", shared.details().get("expiresAt"));
    }

    @Test
    void detailsTheServiceWritesItselfCannotBeClaimedByAClient() {
        for (String key : List.of("share", "case", "complaint", "via", "recipientEmail", "matter", "holdId", "commitment",
                "footageMatched")) {
            ServiceException e = assertThrows(ServiceException.class, () -> EventRules.check("EXPORTED", "disclosure", null,
                    Map.of(key, "forged")));
            assertTrue(e.getMessage().startsWith("details." + key + " is recorded by the service itself"), e.getMessage());
        }
        assertEquals("x", EventRules.check("EXPORTED", "disclosure", null, Map.of("medium", "x")).details().get("medium"));
    }

    @Test
    void theRoleMatrixPointsToTheDedicatedEndpoint() {
        Actor officer = new Actor("officer-7", Role.OFFICER);
        Actor reviewer = new Actor("det-ruiz", Role.REVIEWER);
        assertNull(EventRules.refusal(EventType.ANNOTATED, officer));
        assertNull(EventRules.refusal(EventType.SHARED, reviewer));
        ServiceException refused = EventRules.refusal(EventType.DISPOSED, reviewer);
        assertEquals(ServiceException.Kind.FORBIDDEN, refused.kind());
        assertEquals("a reviewer may not record DISPOSED events here: use DELETE on the footage (admin)",
                refused.getMessage());
        assertEquals(ServiceException.Kind.FORBIDDEN, EventRules.refusal(EventType.VIEWED, officer).kind());
    }

    private static String message(Runnable r) {
        return assertThrows(ServiceException.class, r::run).getMessage();
    }
}
