package org.custodyledger.witness;

/** What the log (the client) makes of a witness's answer to {@code add-checkpoint}. */
public sealed interface WitnessReply {
    /** 200 and a cosignature by the witness's key that verifies over the checkpoint sent. */
    record Cosigned(Cosignature cosignature) implements WitnessReply {
    }

    /** 409 with the witness's latest cosigned size. */
    record Conflict(long witnessSize) implements WitnessReply {
        /**
         * Whether resending from {@link #witnessSize()} can help. It cannot when the witness
         * already has the size we sent (so it refused our root: a split view) or a bigger tree
         * than the checkpoint (it has seen a tree we cannot prove ours extends).
         */
        public boolean canResend(long sentOldSize, long checkpointSize) {
            return !otherRootAt(sentOldSize) && !ahead(checkpointSize);
        }

        /**
         * Whether the witness already holds the size sent as {@code old}: it answers 409 then only
         * when the checkpoint has that size and another root, its evidence of a split view.
         */
        public boolean otherRootAt(long sentOldSize) {
            return witnessSize == sentOldSize;
        }

        /**
         * Whether the witness holds a bigger tree than the checkpoint sent: another instance of
         * the log on the same database may have sent it (the sender is behind), or the log forked.
         */
        public boolean ahead(long checkpointSize) {
            return witnessSize > checkpointSize;
        }
    }

    /** 422: the witness found the checkpoint inconsistent with what it cosigned before: a split-view alarm. */
    record Inconsistent(String body) implements WitnessReply {
    }

    /** Any other answer (400, 403, 404, 5xx, a 200 without a valid cosignature, a 409 without a size). */
    record Failed(int status, String reason) implements WitnessReply {
    }
}
