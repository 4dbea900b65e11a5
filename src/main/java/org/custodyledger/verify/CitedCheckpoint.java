package org.custodyledger.verify;

import java.util.List;

/** An earlier signed checkpoint, with the consistency proof from its tree to the evidence checkpoint's. */
public record CitedCheckpoint(String note, List<byte[]> consistencyProof) {
}
