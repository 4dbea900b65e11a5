package org.custodyledger.timestamp;

/** An RFC 3161 request, response, token or trusted certificate that cannot be read or does not verify. */
public class TimestampException extends Exception {
    public TimestampException(String message) {
        super(message);
    }

    public TimestampException(String message, Throwable cause) {
        super(message, cause);
    }
}
