package org.custodyledger.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Future;
import java.io.IOException;
import org.custodyledger.storage.Sequencer;
import org.junit.jupiter.api.Test;

class RefusalsTest {
    @Test
    void aWithdrawnAppendBecomesAConflictSayingHow() {
        Future<String> answer = Future.<String>failedFuture(new Sequencer.RefusedException())
                .recover(Refusals.asConflict("footage f-1 was disposed meanwhile"));
        ServiceException e = (ServiceException) answer.cause();
        assertEquals(ServiceException.Kind.CONFLICT, e.kind());
        assertEquals("footage f-1 was disposed meanwhile", e.getMessage());
    }

    @Test
    void anyOtherFailurePassesThroughUntouched() {
        IOException down = new IOException("connection reset");
        boolean[] asked = {false};
        Future<String> answer = Future.<String>failedFuture(down).recover(Refusals.otherwise(() -> {
            asked[0] = true;
            return Future.succeededFuture("re-checked");
        }));
        assertSame(down, answer.cause());
        assertFalse(asked[0], "the re-check runs only for a refused append");
    }

    @Test
    void aWithdrawnAppendMayBeAnsweredByLookingAgain() {
        Future<String> answer = Future.<String>failedFuture(new Sequencer.RefusedException())
                .recover(Refusals.otherwise(() -> Future.succeededFuture("re-submitted")));
        assertEquals("re-submitted", answer.result());
    }
}
