package org.custodyledger.custody;

/** A signed event at its index in the log. */
public record LoggedEvent(long index, SignedEvent signed) {
}
