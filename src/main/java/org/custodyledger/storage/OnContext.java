package org.custodyledger.storage;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/** Runs work on one context (the sequencer's, where its state lives), hopping there only when not already on it. */
final class OnContext {
    private final Context context;

    OnContext(Context context) {
        this.context = context;
    }

    void run(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    /** Queues {@code action} on the context even from the context itself, to run after the current turn. */
    void later(Runnable action) {
        context.runOnContext(v -> action.run());
    }

    /** The future {@code action} returns, started on the context; a throw fails it. */
    <T> Future<T> call(Callable<Future<T>> action) {
        Promise<T> promise = Promise.promise();
        run(() -> {
            try {
                action.call().onComplete(promise);
            } catch (Exception e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }
}
