package org.custodyledger.model;

import java.time.Instant;

/** A kept RFC 3161 token: the tree size and signed note it is over, its DER, its time and the TSA URL it came from. */
public record StoredTimestamp(long treeSize, String checkpoint, byte[] token, Instant genTime, String tsa) {
}
