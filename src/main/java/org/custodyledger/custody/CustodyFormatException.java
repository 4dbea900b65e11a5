package org.custodyledger.custody;

/** An event or leaf that is not in the canonical custody format. */
public class CustodyFormatException extends Exception {
    public CustodyFormatException(String message) {
        super(message);
    }

    public CustodyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
