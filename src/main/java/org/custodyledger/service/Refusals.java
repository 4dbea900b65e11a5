package org.custodyledger.service;

import io.vertx.core.Future;
import java.util.function.Function;
import java.util.function.Supplier;
import org.custodyledger.storage.Sequencer;

/** An append its admission withdrew (the state changed under it) is answered here; other failures pass through. */
final class Refusals {
    private Refusals() {
    }

    /** A refused append becomes a 409 saying how the state changed. */
    static <T> Function<Throwable, Future<T>> asConflict(String conflict) {
        return otherwise(() -> Future.failedFuture(ServiceException.conflict(conflict)));
    }

    /** A refused append is answered by {@code onRefused} (which may look again at what changed). */
    static <T> Function<Throwable, Future<T>> otherwise(Supplier<Future<T>> onRefused) {
        return err -> err instanceof Sequencer.RefusedException ? onRefused.get() : Future.failedFuture(err);
    }
}
