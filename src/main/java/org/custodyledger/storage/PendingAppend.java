package org.custodyledger.storage;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import java.util.List;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.model.AppendedEntry;

/**
 * Events that go in together (same batch, consecutive indexes) or not at all, with the caller
 * to answer; {@code alone} once a batch holding them failed, so they are retried in a batch of
 * their own.
 */
record PendingAppend(List<CustodyEvent> events, Sequencer.Admission admission, Promise<List<AppendedEntry>> promise,
                     Context caller, boolean alone) {

    PendingAppend retriedAlone() {
        return new PendingAppend(events, admission, promise, caller, true);
    }

    /** Answers the caller on its own context: the entries once committed, or the failure. */
    void complete(List<AppendedEntry> entries, Throwable failure) {
        Runnable done = () -> {
            if (failure == null) {
                promise.complete(entries);
            } else {
                promise.fail(failure);
            }
        };
        if (caller == null) {
            done.run();
        } else {
            caller.runOnContext(v -> done.run());
        }
    }
}
