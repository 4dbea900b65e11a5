package org.custodyledger.service;

import org.custodyledger.storage.LeafTooLargeException;

/** Appends the log refuses for their content, as the request's fault (422), for layers that must not know storage. */
public final class AppendFailures {
    private AppendFailures() {
    }

    /** The failure as the service exception the edge answers, or null when it is not an append's refusal. */
    public static ServiceException asServiceException(Throwable failure) {
        if (failure instanceof LeafTooLargeException tooLarge) {
            return new ServiceException(ServiceException.Kind.UNPROCESSABLE, tooLarge.getMessage(), tooLarge);
        }
        return null;
    }
}
