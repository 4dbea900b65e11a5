package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.custodyledger.service.ServiceException;

/**
 * The streamed request bodies (uploads, copies to check) in progress: at most a configured
 * number at once, so stalled or slow clients cannot take the memory every other caller needs;
 * beyond that a 503 with {@code Retry-After}. Each admitted body also learns when its client
 * has gone, even before anything reads it.
 */
final class BodyStreams {
    private static final long CLOSED_POLL_MS = 500;
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    BodyStreams(int max) {
        this.max = max;
    }

    /**
     * Takes a slot for this request's body until its response ends or its connection closes,
     * or throws BUSY. Must run in the request's handler, before anything asynchronous, so a
     * client that resets at once is still seen going. Answers a future that fails when the
     * connection closes before the response has ended.
     */
    Future<Void> admit(RoutingContext ctx) {
        String coding = ctx.request().getHeader("Transfer-Encoding");
        if (coding != null && !coding.strip().equalsIgnoreCase("chunked")) {
            // RFC 9112 §6.3: chunked must be the last coding; and this service stores bytes as sent, undecoded.
            throw ServiceException.invalid("Transfer-Encoding '" + coding + "' is not accepted: send the file as it is,"
                    + " with Content-Length or 'Transfer-Encoding: chunked'");
        }
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            throw new ServiceException(ServiceException.Kind.BUSY, max + " uploads are already in progress; try again shortly");
        }
        Promise<Void> gone = Promise.promise();
        long[] poll = {-1};
        boolean[] released = {false};
        // Ends the slot; once the exchange is over a receiver still waiting has lost its client.
        Runnable leave = () -> {
            gone.tryFail(new HttpClosedException("the client closed the connection before the upload was answered"));
            if (!released[0]) {
                released[0] = true;
                open.decrementAndGet();
                ctx.vertx().cancelTimer(poll[0]);
            }
        };
        // Called when the response ends or the connection closes (Vert.x Web owns the response's close handler).
        ctx.addEndHandler(ended -> leave.run());
        // A connection the HTTP codec itself gave up on (a malformed chunk) may close without
        // either: look now and then while the body is open.
        poll[0] = ctx.vertx().setPeriodic(CLOSED_POLL_MS, id -> {
            if (ctx.response().closed()) {
                leave.run();
            }
        });
        if (ctx.response().closed()) {
            // It went while its token was being checked.
            leave.run();
        }
        return gone.future();
    }

    /** Bodies being received now. */
    int open() {
        return open.get();
    }
}
