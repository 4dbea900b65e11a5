package org.custodyledger.verify;

import java.util.List;
import org.custodyledger.hash.Sha256Digest;

/**
 * What it takes to check one footage's custody without trusting whoever supplied it: its id
 * and registered SHA-256, every event of its history with proofs against one signed
 * checkpoint, and earlier checkpoints that checkpoint must extend.
 */
public record FootageEvidence(String footageId, Sha256Digest sha256, String checkpointNote, List<EvidenceEvent> events,
                              List<CitedCheckpoint> earlierCheckpoints) {
    public FootageEvidence {
        events = List.copyOf(events);
        earlierCheckpoints = earlierCheckpoints == null ? List.of() : List.copyOf(earlierCheckpoints);
    }
}
