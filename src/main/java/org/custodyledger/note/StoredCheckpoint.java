package org.custodyledger.note;

/** A signed checkpoint as stored: tree size, root, the note text byte-exact, and its key ID. */
public record StoredCheckpoint(long size, byte[] root, String note, String keyId) {
}
