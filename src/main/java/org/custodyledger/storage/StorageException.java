package org.custodyledger.storage;

/** The database is unusable as configured: unreachable, wrong schema, or inconsistent. */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
