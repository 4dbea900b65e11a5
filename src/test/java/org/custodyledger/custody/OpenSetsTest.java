package org.custodyledger.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/FORMATS.md §2 "Open sets": any role is data; a type this verifier does not know fails closed, naming it. */
class OpenSetsTest {
    private static Map<String, Object> event(String type, String role) {
        return Map.of("v", 1L, "footageId", "f-1", "sha256", "00".repeat(32), "type", type, "actorId", "x",
                "actorRole", role, "time", "2026-11-28T05:40:30.123Z");
    }

    @Test
    void anUnknownRoleIsAcceptedAsData() throws Exception {
        assertEquals("court-clerk", CustodyEvent.fromMap(event("VIEWED", "court-clerk")).actorRole());
    }

    @Test
    void anUnknownTypeIsRefusedAsUnknownNotMisread() {
        CustodyFormatException e = assertThrows(CustodyFormatException.class,
                () -> CustodyEvent.fromMap(event("SEALED_BY_COURT", "admin")));
        assertEquals("unknown event type \"SEALED_BY_COURT\"", e.getMessage());
    }
}
