package org.custodyledger.service;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.custodyledger.storage.CosignedCheckpointStore;
import org.custodyledger.witness.Policy;
import org.custodyledger.witness.WitnessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cosigned checkpoint the log serves. A newly cosigned tree is recorded in the database
 * before this instance serves it, and what is served is the newest tree recorded by any
 * instance on the database (with this instance's fresher cosignature times when it is the same
 * tree): so neither a restart nor a second instance ever serves a smaller tree than one served before.
 */
final class CosignedPublication {
    private static final Logger log = LoggerFactory.getLogger(CosignedPublication.class);

    private final CosignedCheckpointStore store;
    private final Policy policy;
    /** This instance's newest quorum-cosigned note; re-offered every round with fresh cosignature times. */
    private Cosigning.Published mine;
    /** The largest size this instance knows recorded in the database; -1: none. */
    private long recordedSize = -1;
    /** The size of the record being written (one at a time); -1: none. */
    private long recording = -1;
    /** The last recorded note found to meet the policy, so a request does not re-verify its signatures. */
    private CosignedCheckpointStore.Cosigned checked;
    /** The last recorded size found not to meet the policy, so it is logged once, not per request. */
    private long refusedSize = -1;

    CosignedPublication(CosignedCheckpointStore store, Policy policy) {
        this.store = store;
        this.policy = policy;
    }

    /** Starts from the newest recorded cosigned checkpoint, if it meets the policy: a smaller tree is never offered again. */
    Future<Void> load() {
        return store.newest().map(stored -> {
            if (stored != null && meetsPolicy(stored)) {
                synchronized (this) {
                    if (mine == null || mine.size() < stored.size()) {
                        mine = new Cosigning.Published(stored.size(), stored.note());
                    }
                    recordedSize = Math.max(recordedSize, stored.size());
                }
                log.info("serving the cosigned checkpoint of size {} recorded before", stored.size());
            }
            return null;
        });
    }

    /**
     * Offers the newest checkpoint cosigned by witnesses that meet the quorum, with every
     * cosignature over it (in policy order); called under the Cosigning's lock, which guards the tracks.
     */
    void offerNewest(Collection<WitnessTrack> tracks) {
        Map<String, List<WitnessTrack>> byText = new LinkedHashMap<>();
        for (WitnessTrack t : tracks) {
            if (t.cosignedText != null) {
                byText.computeIfAbsent(t.cosignedText, k -> new ArrayList<>()).add(t);
            }
        }
        List<WitnessTrack> best = null;
        for (List<WitnessTrack> cosigners : byText.values()) {
            Set<String> names = new LinkedHashSet<>();
            cosigners.forEach(t -> names.add(t.witness.name()));
            if (policy.quorumMet(names) && (best == null || cosigners.get(0).cosignedSize > best.get(0).cosignedSize)) {
                best = cosigners;
            }
        }
        if (best != null) {
            StringBuilder note = new StringBuilder(best.get(0).cosignedNote);
            best.forEach(t -> note.append(t.cosignature.line()));
            offer(best.get(0).cosignedSize, note.toString());
        }
    }

    /** A note whose cosignatures meet the quorum; a smaller tree than one offered before is ignored. */
    void offer(long size, String note) {
        boolean record;
        synchronized (this) {
            if (mine != null && size < mine.size()) {
                return;
            }
            if (mine == null || size > mine.size()) {
                log.info("checkpoint of size {} cosigned: quorum {} met", size, policy.quorum());
            }
            mine = new Cosigning.Published(size, note);
            record = size > recordedSize && size > recording;
            if (record) {
                recording = size;
            }
        }
        if (record) {
            store.record(size, note).onComplete(done -> {
                synchronized (this) {
                    recording = -1;
                    if (done.succeeded()) {
                        recordedSize = Math.max(recordedSize, size);
                    }
                }
                if (done.failed()) {
                    // The next round offers it again.
                    log.warn("cannot record the cosigned checkpoint of size {}: {}", size, done.cause().toString());
                }
            });
        }
    }

    /** This instance's newest quorum-cosigned tree, recorded or not (null: none yet). */
    synchronized Cosigning.Published offered() {
        return mine;
    }

    /** The cosigned checkpoint to serve: the newest recorded by any instance; null before the first. */
    Future<Cosigning.Published> served() {
        return store.newest().map(stored -> {
            Cosigning.Published own;
            synchronized (this) {
                own = mine != null && mine.size() <= recordedSize ? mine : null;
            }
            Cosigning.Published recorded = stored == null || !meetsPolicy(stored) ? null
                    : new Cosigning.Published(stored.size(), stored.note());
            if (own == null) {
                return recorded;
            }
            // The same tree from this instance carries the freshest cosignature times.
            return recorded == null || own.size() >= recorded.size() ? own : recorded;
        });
    }

    /** Whether a recorded note still meets the policy (the policy may have changed since it was recorded). */
    private boolean meetsPolicy(CosignedCheckpointStore.Cosigned stored) {
        synchronized (this) {
            if (stored.equals(checked)) {
                return true;
            }
        }
        try {
            Policy.Verdict verdict = policy.check(stored.note());
            if (verdict.quorumMet() && verdict.checkpoint().size() == stored.size()) {
                synchronized (this) {
                    checked = stored;
                }
                return true;
            }
            refused(stored.size(), "does not meet quorum " + policy.quorum() + " of the current policy");
        } catch (WitnessException e) {
            refused(stored.size(), "does not verify under the current policy: " + e.getMessage());
        }
        return false;
    }

    private void refused(long size, String why) {
        synchronized (this) {
            if (refusedSize == size) {
                return;
            }
            refusedSize = size;
        }
        log.warn("the recorded cosigned checkpoint of size {} {}: not served", size, why);
    }
}
