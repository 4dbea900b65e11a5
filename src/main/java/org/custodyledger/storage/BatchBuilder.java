package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventSigner;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.merkle.NodeId;
import org.custodyledger.merkle.ProofNodes;
import org.custodyledger.merkle.Proofs;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteSigner;

/**
 * The CPU side of a batch: link each event to its footage's previous event, sign the events
 * (spread over the cores), extend the tree from the frontier, sign the checkpoint and cut
 * every event's inclusion proof. Pure given its inputs, so the sequencer can run it ahead
 * on a predicted head and keep the result only if the head it then locks is that one.
 */
final class BatchBuilder {
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** Fewer events than this per worker and the hand-off costs more than the signing saved. */
    private static final int MIN_EVENTS_PER_WORKER = 8;

    /** An event signed, with its leaf bytes and leaf hash. */
    record Signed(SignedEvent event, byte[] leaf, byte[] leafHash) {
        static Signed of(SignedEvent signed) {
            byte[] leaf = signed.leafBytes();
            return new Signed(signed, leaf, Rfc6962.hashLeaf(leaf));
        }

        static Signed of(EventSigner.Leaf leaf) {
            return new Signed(leaf.signed(), leaf.bytes(), Rfc6962.hashLeaf(leaf.bytes()));
        }
    }

    /** A batch ready to write: events in log order from {@code firstIndex}, the nodes above the leaves they complete, the signed checkpoint. */
    record Built(List<Signed> signed, long firstIndex, List<NodeId> newNodeIds, List<byte[]> newNodeHashes,
                 CompactRange rangeBefore, CompactRange rangeAfter, Checkpoint checkpoint, String note,
                 List<List<byte[]>> proofs) {
    }

    private final Vertx vertx;
    private final NoteSigner signer;
    private final EventSigner eventSigner;
    /** A key handover under way (null: none): the checkpoint of the batch built on its size is signed by both keys. */
    private final KeyRotation.Handover handover;

    BatchBuilder(Vertx vertx, NoteSigner signer, KeyRotation.Handover handover) {
        this.vertx = vertx;
        this.signer = signer;
        this.eventSigner = new EventSigner(signer);
        this.handover = handover;
    }

    NoteSigner signer() {
        return signer;
    }

    /** Each event with the index of its footage's previous event (from {@code lastByFootage}, then the batch), in order. */
    static List<CustodyEvent> link(List<CustodyEvent> events, long firstIndex, Map<String, Long> lastByFootage) {
        Map<String, Long> last = new HashMap<>();
        List<CustodyEvent> linked = new ArrayList<>(events.size());
        for (CustodyEvent e : events) {
            Long prev = last.containsKey(e.subjectId()) ? last.get(e.subjectId()) : lastByFootage.get(e.subjectId());
            CustodyEvent event = e.withPrev(prev);
            last.put(event.subjectId(), firstIndex + linked.size());
            linked.add(event);
        }
        return linked;
    }

    /**
     * Signs the linked events on workers, reusing any signature in {@code ready} made over
     * exactly the same event (same previous link), which a run ahead may have produced.
     */
    Future<List<Signed>> signAll(List<CustodyEvent> linked, List<Signed> ready) {
        Map<CustodyEvent, Signed> reusable = new HashMap<>();
        ready.forEach(s -> reusable.put(s.event().event(), s));
        Signed[] out = new Signed[linked.size()];
        List<Integer> toSign = new ArrayList<>();
        for (int i = 0; i < linked.size(); i++) {
            out[i] = reusable.get(linked.get(i));
            if (out[i] == null) {
                toSign.add(i);
            }
        }
        if (toSign.isEmpty()) {
            return Future.succeededFuture(List.of(out));
        }
        int parts = Math.max(1, Math.min(CORES, toSign.size() / MIN_EVENTS_PER_WORKER));
        int per = (toSign.size() + parts - 1) / parts;
        List<Future<Void>> chunks = new ArrayList<>(parts);
        for (int from = 0; from < toSign.size(); from += per) {
            List<Integer> part = toSign.subList(from, Math.min(toSign.size(), from + per));
            chunks.add(vertx.executeBlocking(() -> {
                for (int i : part) {
                    out[i] = Signed.of(eventSigner.signLeaf(linked.get(i)));
                }
                return null;
            }, false));
        }
        return Future.all(chunks).map(all -> List.of(out));
    }

    /** {@link #build} on a worker. */
    Future<Built> buildOnWorker(CompactRange before, List<Signed> signed) {
        return vertx.executeBlocking(() -> build(before, signed), false);
    }

    /** Extends the tree, signs the checkpoint and cuts each event's inclusion proof; CPU only. */
    Built build(CompactRange before, List<Signed> signed) {
        long first = before.size();
        // Every node a proof in the new tree can need: the old frontier plus what this batch completes.
        Map<NodeId, byte[]> known = new HashMap<>();
        List<NodeId> frontierIds = Proofs.rangeNodes(0, first);
        List<byte[]> frontierHashes = before.hashes();
        for (int i = 0; i < frontierIds.size(); i++) {
            known.put(frontierIds.get(i), frontierHashes.get(i));
        }
        CompactRange range = new CompactRange(first, frontierHashes);
        List<NodeId> newIds = new ArrayList<>();
        List<byte[]> newHashes = new ArrayList<>();
        for (Signed s : signed) {
            range.append(s.leafHash(), (id, hash) -> {
                known.put(id, hash);
                if (id.level() > 0) { // a level-0 node is the entry's leaf hash, stored with the entry
                    newIds.add(id);
                    newHashes.add(hash);
                }
            });
        }
        long size = range.size();
        Checkpoint checkpoint = new Checkpoint(signer.name(), size, range.root());
        // The first checkpoint under a new key carries the old key's signature too: trust carries over.
        String note = handover != null && first == handover.fromSize()
                ? Checkpoints.sign(checkpoint, List.of(signer, handover.previous()))
                : Checkpoints.sign(checkpoint, signer);
        List<List<byte[]>> proofs = new ArrayList<>(signed.size());
        for (int i = 0; i < signed.size(); i++) {
            ProofNodes plan = Proofs.inclusion(first + i, size);
            List<byte[]> hashes = new ArrayList<>(plan.ids().size());
            for (NodeId id : plan.ids()) {
                byte[] h = known.get(id);
                if (h == null) {
                    throw new IllegalStateException("proof node " + id + " is neither new nor on the frontier");
                }
                hashes.add(h);
            }
            proofs.add(plan.rehash(hashes));
        }
        return new Built(signed, first, newIds, newHashes, before, range, checkpoint, note, proofs);
    }
}
