package org.custodyledger.witness;

/** A witness request, response, cosignature, key or policy that cannot be parsed or used. */
public class WitnessException extends Exception {
    public WitnessException(String message) {
        super(message);
    }

    public WitnessException(String message, Throwable cause) {
        super(message, cause);
    }
}
