package org.custodyledger.storage;

/** The single-row head of the log: how many entries, and the root over them. */
public record LogHead(long size, byte[] root) {
}
