package org.custodyledger.service;

/** An expected failure of a use case, with the kind the HTTP edge maps to a status. */
public class ServiceException extends RuntimeException {
    public enum Kind {
        /** The request is malformed: a missing field, a bad number. */
        INVALID,
        /** Nothing exists at that identifier. */
        NOT_FOUND,
        /** The actor may not do this to this resource (an officer and another officer's footage). */
        FORBIDDEN,
        /** It existed and is gone for good (disposed footage's bytes). */
        GONE,
        /** The request contradicts the current state (a hold, a duplicate). */
        CONFLICT,
        /** Well-formed, but its content is refused (a digest that doesn't match). */
        UNPROCESSABLE,
        /** The request body is larger than allowed. */
        TOO_LARGE,
        /** A dependency (the database) is not available. */
        UNAVAILABLE,
        /** Too many requests of this kind are in progress; the client should retry shortly. */
        BUSY,
        /** The client stopped sending the request body. */
        TIMEOUT,
        /** The blob store is full or refuses writes: nothing was kept. */
        STORAGE_FULL
    }

    private final Kind kind;

    public ServiceException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ServiceException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static ServiceException invalid(String message) {
        return new ServiceException(Kind.INVALID, message);
    }

    public static ServiceException conflict(String message) {
        return new ServiceException(Kind.CONFLICT, message);
    }

    public static ServiceException forbidden(String message) {
        return new ServiceException(Kind.FORBIDDEN, message);
    }

    public static ServiceException notFound(String message) {
        return new ServiceException(Kind.NOT_FOUND, message);
    }
}
