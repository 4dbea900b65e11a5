package org.custodyledger.note;

/** A signed note, checkpoint or key that cannot be parsed or does not verify. */
public class NoteException extends Exception {
    public NoteException(String message) {
        super(message);
    }

    public NoteException(String message, Throwable cause) {
        super(message, cause);
    }
}
