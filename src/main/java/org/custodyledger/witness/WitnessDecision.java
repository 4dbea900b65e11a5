package org.custodyledger.witness;

import org.custodyledger.note.Checkpoint;

/** What a witness answers an {@code add-checkpoint} request: cosign, 409 with its size, or a refusal. */
public sealed interface WitnessDecision {
    WitnessStatus status();

    /**
     * All checks passed: persist {@code checkpoint} as the latest for its origin (atomically with
     * the check), then answer 200 with a cosignature over {@code checkpointText}.
     */
    record Cosign(Checkpoint checkpoint, String checkpointText) implements WitnessDecision {
        public WitnessStatus status() {
            return WitnessStatus.COSIGNED;
        }
    }

    /** 409: the request's old size is not the witness's, or the same size has another root. */
    record Conflict(long witnessSize, String reason) implements WitnessDecision {
        public WitnessStatus status() {
            return WitnessStatus.CONFLICT;
        }

        /** The {@code text/x.tlog.size} body. */
        public String body() {
            return WitnessStatus.sizeBody(witnessSize);
        }
    }

    /** 400, 403, 404 or 422, with a reason for the log (and the witness's own log). */
    record Refused(WitnessStatus status, String reason) implements WitnessDecision {
        public Refused {
            if (status == WitnessStatus.COSIGNED || status == WitnessStatus.CONFLICT) {
                throw new IllegalArgumentException("a refusal is not " + status);
            }
        }
    }
}
