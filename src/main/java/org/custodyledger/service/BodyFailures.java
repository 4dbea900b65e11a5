package org.custodyledger.service;

import org.custodyledger.footage.BlobStoreUnavailableException;
import org.custodyledger.footage.HashingReceiver;

/** What a failure to receive a request body means to the caller. */
final class BodyFailures {
    private BodyFailures() {
    }

    /**
     * Too large: 413. Client silent: 408. The blob store could not take the bytes (disk full,
     * read-only, gone): 507, so the caller knows to come back later and that nothing was kept;
     * 503 when it cannot be reached at all (an S3 endpoint down or throttling).
     * Anything else (the client went away, a malformed body) stays as it is.
     */
    static Throwable of(Throwable err) {
        if (err instanceof HashingReceiver.TooLargeException) {
            return new ServiceException(ServiceException.Kind.TOO_LARGE, err.getMessage());
        }
        if (err instanceof HashingReceiver.IdleException) {
            return new ServiceException(ServiceException.Kind.TIMEOUT, err.getMessage());
        }
        if (err instanceof HashingReceiver.StoreFailure) {
            return storeFailed(err.getCause());
        }
        if (err instanceof BlobStoreUnavailableException) {
            return unavailable(err, "nothing was kept");
        }
        return err;
    }

    /** The footage store cannot be reached (or sheds load): 503, try again later; {@code outcome} says what did not happen. */
    static ServiceException unavailable(Throwable cause, String outcome) {
        return new ServiceException(ServiceException.Kind.UNAVAILABLE, "the footage store is unavailable ("
                + cause.getMessage() + "); " + outcome + "; try again later", cause);
    }

    /**
     * The blob store refused a write of ours: 503 when it cannot be reached or is throttling
     * (try again later), 507 otherwise.
     */
    static ServiceException storeFailed(Throwable cause) {
        if (cause instanceof BlobStoreUnavailableException) {
            return unavailable(cause, "nothing was kept");
        }
        return new ServiceException(ServiceException.Kind.STORAGE_FULL,
                "the blob store cannot take this file now (" + cause.getMessage() + "); nothing was kept", cause);
    }
}
