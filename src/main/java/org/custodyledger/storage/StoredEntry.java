package org.custodyledger.storage;

/** A log entry as stored: index, leaf bytes verbatim, and the stored leaf hash. */
public record StoredEntry(long index, byte[] leaf, byte[] leafHash) {
}
