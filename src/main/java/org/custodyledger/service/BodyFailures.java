package org.custodyledger.service;

import org.custodyledger.footage.HashingReceiver;

/** What a failure to receive a request body means to the caller. */
final class BodyFailures {
    private BodyFailures() {
    }

    /**
     * Too large: 413. Client silent: 408. The blob store could not take the bytes (disk full,
     * read-only, gone): 507, so the caller knows to come back later and that nothing was kept.
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
        return err;
    }

    /** The blob store refused a write of ours. */
    static ServiceException storeFailed(Throwable cause) {
        return new ServiceException(ServiceException.Kind.STORAGE_FULL,
                "the blob store cannot take this file now (" + cause.getMessage() + "); nothing was kept", cause);
    }
}
