package org.custodyledger.model;

import java.util.List;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.note.Checkpoint;

/** An event as committed: its index and leaf hash, the checkpoint that includes it, and the proof of that. */
public record AppendedEntry(
        long index,
        byte[] leafHash,
        SignedEvent event,
        Checkpoint checkpoint,
        String checkpointNote,
        List<byte[]> inclusionProof) {
}
