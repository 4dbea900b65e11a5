package org.custodyledger.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.custodyledger.model.AppendedEntry;
import org.junit.jupiter.api.Test;

class ItemOutcomeTest {
    @Test
    void oneItemsInfrastructureFailureIsThatItemsErrorNotTheWholeAnswers() {
        Map<String, Future<AppendedEntry>> runs = Map.of(
                "f-done", Future.succeededFuture(null),
                "f-refused", Future.failedFuture(ServiceException.conflict("under a hold")),
                "f-broken", Future.failedFuture(new IllegalStateException("connection reset")));
        Future<List<ItemOutcome>> all = ItemOutcome.each(List.of("f-done", "f-refused", "f-broken"), runs::get);
        assertTrue(all.succeeded(), String.valueOf(all.cause()));
        List<ItemOutcome> items = all.result();
        assertNull(items.get(0).refusal());
        assertEquals(ServiceException.Kind.CONFLICT, items.get(1).refusal().kind());
        assertFalse(items.get(1).error());
        assertTrue(items.get(2).error());
        assertEquals(ServiceException.Kind.UNAVAILABLE, items.get(2).refusal().kind());
        assertTrue(items.get(2).refusal().getMessage().contains("the others' outcomes stand"), items.get(2).refusal().getMessage());
    }
}
