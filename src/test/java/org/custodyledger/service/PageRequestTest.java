package org.custodyledger.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageRequestTest {
    @Test
    void aFullPageNamesItsLastPositionAShortOneEndsTheList() {
        PageRequest two = new PageRequest(PageRequest.FIRST, 2);
        assertEquals("11", two.page(List.of(10L, 11L), Long::longValue).nextCursor());
        assertNull(two.page(List.of(10L), Long::longValue).nextCursor());
        assertNull(two.page(List.<Long>of(), Long::longValue).nextCursor());
    }

    @Test
    void onlyTheFirstPageSentinelIsBelowZero() {
        assertThrows(IllegalArgumentException.class, () -> new PageRequest(-2, 1));
        assertThrows(IllegalArgumentException.class, () -> new PageRequest(0, 0));
        assertEquals(-1, new PageRequest(PageRequest.FIRST, 1).after());
    }
}
