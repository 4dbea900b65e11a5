package org.custodyledger.footage;

import java.io.IOException;

/**
 * The blob store could not be reached or is shedding load (an S3 endpoint down, a time-out,
 * 503 SlowDown) after the client's retries: the caller may try again later; nothing is wrong
 * with the request or the stored bytes.
 */
public final class BlobStoreUnavailableException extends IOException {
    public BlobStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
