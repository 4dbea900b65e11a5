package org.custodyledger.service;

import io.vertx.core.Future;
import org.custodyledger.storage.LedgerStore;
import org.custodyledger.witness.WitnessReply;

/**
 * What a witness's 409 means. Several service instances on one database send the same log to
 * the same witnesses, so a witness ahead of this instance is no alarm by itself: the alarm is
 * for the witness's evidence of another root at the size sent, or a size this log never signed.
 */
final class ConflictTriage {
    /** What to do next. */
    sealed interface Outcome {
        /** Resend the checkpoint from the witness's size, with a proof from there. */
        record Resend(long from) implements Outcome {
        }

        /** Send from the witness's size next round (another instance advanced it; this one is behind or raced it). */
        record Wait(long witnessSize) implements Outcome {
        }

        /** A real inconsistency: a split-view alarm. */
        record Alarm(String message) implements Outcome {
        }
    }

    private ConflictTriage() {
    }

    /** Triage of a 409 answered to {@code old} and a checkpoint of {@code size}; {@code resending}: that was the resend. */
    static Future<Outcome> triage(LedgerStore store, WitnessReply.Conflict conflict, long old, long size, boolean resending) {
        long theirs = conflict.witnessSize();
        if (conflict.otherRootAt(old)) {
            return Future.succeededFuture(new Outcome.Alarm("answered 409: it has cosigned size " + theirs
                    + " with another root than the log's checkpoint of that size"));
        }
        if (conflict.ahead(size)) {
            // Only sizes the log signed can be cosigned honestly; another instance's round explains those.
            return store.signedCheckpointOfSize(theirs).map(signed -> signed ? new Outcome.Wait(theirs)
                    : new Outcome.Alarm("answered 409: it has cosigned size " + theirs
                    + ", a tree this log never signed (the log sent old size " + old + " and a checkpoint of size " + size + ")"));
        }
        // Smaller than our checkpoint: the proof from its size decides (a 422 there is the alarm). Once per round.
        return Future.succeededFuture(resending ? new Outcome.Wait(theirs) : new Outcome.Resend(theirs));
    }
}
