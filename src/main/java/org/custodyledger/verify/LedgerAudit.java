package org.custodyledger.verify;

import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.merkle.NodeId;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.note.StoredCheckpoint;

/**
 * A full-ledger audit as a stream: every entry in index order rebuilds the tree and is
 * checked (leaf hash, format, signature, its footage's chain); every stored node and
 * checkpoint is compared with the rebuilt tree; checkpoint signatures are verified; the head
 * must be the rebuilt tree. The per-leaf work ({@link #examine}) is pure and may run in
 * parallel; entries are fed to {@link #accept} in index order, node comparisons may trail
 * (methods are synchronized). Divergences are reported by log position — the first is where
 * the stored ledger stops agreeing with its own leaves.
 */
public final class LedgerAudit {
    /**
     * Where the stored ledger disagrees with itself: table, log position (an entry's index, a
     * checkpoint's tree size, the last entry under a node; -1 when none), check, values.
     */
    public record Divergence(String table, long index, String check, String detail, String expected, String actual) {
    }

    /**
     * The result of the per-leaf work, in any order: the recomputed leaf hash, what the chain
     * check needs ({@code subjectId} — a footage's or a complaint's — null when the leaf is
     * unreadable), and the problems found.
     */
    public record Examined(long index, byte[] leafHash, String subjectId, Long prev, List<Divergence> problems,
                           boolean signatureChecked) {
    }

    /**
     * Counts and the earliest divergences by log position (at most the configured number kept;
     * {@code failures} counts them all).
     */
    public record Summary(long entries, long signaturesVerified, long nodesCompared, long checkpointsVerified,
                          long footageChains, long blobsRehashed, long failures, List<Divergence> divergences) {
        public boolean clean() {
            return failures == 0;
        }

        public Divergence first() {
            return divergences.isEmpty() ? null : divergences.get(0);
        }
    }

    private final Map<String, NoteVerifier> keys;
    private final ArrayDeque<StoredCheckpoint> checkpoints;
    private final RebuiltTree tree = new RebuiltTree();
    private final Map<String, Long> lastEventOfSubject = new HashMap<>();
    private final Map<Long, OpenedNote> openedNotes = new HashMap<>();
    private final KeptDivergences divergences;
    private boolean treeBroken;
    private long entries;
    private long signatures;
    private long nodesCompared;
    private long checkpointsVerified;
    private long blobs;
    /** Which key was current at which size: a checkpoint's row must name the key current at its size. */
    private final EventKeys periods;

    /** @param checkpoints every stored checkpoint, by size ascending */
    public LedgerAudit(List<StoredCheckpoint> checkpoints, Map<String, NoteVerifier> keys, int maxKept) {
        this(checkpoints, EventKeys.unbounded(keys.values()), maxKept);
    }

    /** @param checkpoints every stored checkpoint, by size ascending; {@code keys} the signing keys' history */
    public LedgerAudit(List<StoredCheckpoint> checkpoints, EventKeys keys, int maxKept) {
        this.keys = keys.verifiers();
        this.periods = keys;
        this.checkpoints = new ArrayDeque<>(checkpoints);
        this.divergences = new KeptDivergences(maxKept);
        checkpointsAt(0);
    }

    /**
     * Leaf hash, format and (optionally) signature of one entry; pure, thread-safe. With
     * signatures the leaf is read as a full signed event (canonical form re-checked, as the
     * signature is over it); without, only as JSON, for the footage id and previous link the
     * chain needs — its bytes are still bound by the leaf hash and the rebuilt tree.
     */
    public static Examined examine(long index, byte[] leaf, byte[] storedHash, Map<String, NoteVerifier> keys,
                                   boolean checkSignature) {
        return examine(index, leaf, storedHash, EventKeys.unbounded(keys.values()), checkSignature);
    }

    /** {@link #examine}, the signature checked against the key that was current at {@code index} ({@link EventKeys}). */
    public static Examined examine(long index, byte[] leaf, byte[] storedHash, EventKeys keys, boolean checkSignature) {
        return LeafExamination.examine(index, leaf, storedHash, keys, checkSignature);
    }

    /**
     * Takes the next entry in index order: extends the rebuilt tree (remembering the nodes it
     * completes, for {@link #drainComputedNodes}), checks the footage's chain, and checks any
     * stored checkpoint of the size now reached.
     */
    public synchronized void accept(Examined e) {
        e.problems().forEach(this::diverge);
        if (e.signatureChecked()) {
            signatures++;
        }
        if (!treeBroken && e.index() != tree.size()) {
            diverge(new Divergence("log_entries", tree.size(), "contiguity", "log entry " + tree.size()
                    + " is missing (next stored is " + e.index() + "); the tree is not rebuilt beyond it", null, null));
            treeBroken = true;
        }
        if (e.subjectId() != null) {
            String subject = e.subjectId();
            Long expected = lastEventOfSubject.put(subject, e.index());
            Long prev = e.prev();
            if (!Objects.equals(prev, expected)) {
                diverge(new Divergence("log_entries", e.index(), "chain", "event of " + subject + " links previous event "
                        + prev + " but its subject's previous event is " + expected, String.valueOf(expected),
                        String.valueOf(prev)));
            }
        }
        entries++;
        if (!treeBroken) {
            tree.append(e.leafHash());
            checkpointsAt(tree.size());
        }
    }

    /** The nodes computed since the last call, to be compared with the stored ones. */
    public synchronized List<NodeRun> drainComputedNodes() {
        return tree.drain();
    }

    /**
     * Compares a run of rebuilt nodes with the stored ones of that level and range, given in
     * index order ({@code storedIndexes[k]} holds {@code storedHashes[k]}); a gap is a missing node.
     */
    public synchronized void compareRun(NodeRun run, long[] storedIndexes, List<byte[]> storedHashes) {
        int k = 0;
        for (int i = 0; i < run.hashes().size(); i++) {
            long index = run.firstIndex() + i;
            while (k < storedIndexes.length && storedIndexes[k] < index) {
                k++;
            }
            byte[] stored = k < storedIndexes.length && storedIndexes[k] == index ? storedHashes.get(k) : null;
            compareNode(new NodeId(run.level(), index), run.hashes().get(i), stored);
        }
    }

    /** Compares a rebuilt node with the stored one (null when no such row is stored). */
    public synchronized void compareNode(NodeId id, byte[] computed, byte[] stored) {
        nodesCompared++;
        if (stored == null) {
            diverge(new Divergence("tree_nodes", lastLeaf(id), "tree-node", "node (level " + id.level()
                    + ", index " + id.index() + ") over entries " + (id.index() << id.level()) + "-" + lastLeaf(id)
                    + " is not stored", b64(computed), null));
        } else if (!MessageDigest.isEqual(computed, stored)) {
            diverge(new Divergence("tree_nodes", lastLeaf(id), "tree-node", "node (level " + id.level()
                    + ", index " + id.index() + ") over entries " + (id.index() << id.level()) + "-" + lastLeaf(id)
                    + " differs from the rebuilt tree", b64(computed), b64(stored)));
        }
    }

    /** A held blob re-hashed ({@code actual} null: the file is missing). */
    public synchronized void blob(String footageId, Sha256Digest registered, Sha256Digest actual) {
        blobs++;
        if (actual == null) {
            diverge(new Divergence("blobs", -1, "blob", "the bytes of " + footageId + " are missing from the blob store",
                    registered.hex(), null));
        } else if (!actual.equals(registered)) {
            diverge(new Divergence("blobs", -1, "blob", "the bytes of " + footageId + " no longer hash to the registered"
                    + " SHA-256", registered.hex(), actual.hex()));
        }
    }

    /**
     * A file in the blob store that no held footage accounts for: an upload a crash
     * interrupted between storing its bytes and committing its record, or a file put there.
     */
    public synchronized void unaccountedBlob(String name) {
        diverge(new Divergence("blobs", -1, "orphan-blob", "a stored file no held footage accounts for: an upload"
                + " interrupted before its record committed, or a file placed there", null, name));
    }

    /**
     * Rows that no committed head covers, counted beyond the head as it is when the audit ends
     * (rows appended after the audited head and up to that one are left to the next audit):
     * entries, tree nodes or checkpoints written outside the ledger.
     */
    public synchronized void beyondHead(long headSize, long entries, long nodes, long checkpoints) {
        String where = " beyond the head's tree of " + headSize + " entries";
        if (entries > 0) {
            diverge(new Divergence("log_entries", -1, "beyond-head", entries + " entries are stored" + where, "0",
                    Long.toString(entries)));
        }
        if (nodes > 0) {
            diverge(new Divergence("tree_nodes", -1, "beyond-head", nodes + " tree nodes are stored" + where, "0",
                    Long.toString(nodes)));
        }
        if (checkpoints > 0) {
            diverge(new Divergence("checkpoints", -1, "beyond-head", checkpoints + " checkpoints are stored" + where, "0",
                    Long.toString(checkpoints)));
        }
    }

    /**
     * The end of the audited tree: the head must be the rebuilt tree, and no other nodes or
     * checkpoints of that tree may be stored.
     */
    public synchronized Summary finish(long headSize, byte[] headRoot, long storedNodeCount) {
        if (!treeBroken) {
            if (headSize != tree.size() || !MessageDigest.isEqual(headRoot, tree.root())) {
                diverge(new Divergence("log_head", headSize, "head", "the head is not the tree the entries build",
                        tree.size() + " " + b64(tree.root()), headSize + " " + b64(headRoot)));
            }
            if (storedNodeCount != tree.nodesComputed()) {
                diverge(new Divergence("tree_nodes", -1, "tree-node", "stored node count differs from the rebuilt tree's",
                        Long.toString(tree.nodesComputed()), Long.toString(storedNodeCount)));
            }
            for (StoredCheckpoint cp : checkpoints) {
                diverge(new Divergence("checkpoints", cp.size(), "checkpoint", "a checkpoint of size " + cp.size()
                        + " is beyond the log's " + tree.size() + " entries", null, null));
            }
        }
        return new Summary(entries, signatures, nodesCompared, checkpointsVerified, lastEventOfSubject.size(), blobs,
                divergences.failures(), divergences.earliest());
    }

    public synchronized long entries() {
        return entries;
    }

    /**
     * A checkpoint's note opened with the key its row names: the tree it signs, or the
     * divergence that stopped it (no such key, bad signature, malformed note).
     */
    public record OpenedNote(long size, Checkpoint signed, Divergence problem) {
    }

    /**
     * Verifies one checkpoint's note signature; pure and thread-safe, so a caller can open
     * the notes of a page's checkpoints in parallel with its leaves and hand them to
     * {@link #notesOpened} (an Ed25519 verification each: with small batches a ledger holds a
     * checkpoint every few dozen entries, too many to verify on the audit's one ordered thread).
     */
    public static OpenedNote openNote(StoredCheckpoint cp, Map<String, NoteVerifier> keys) {
        NoteVerifier key = keys.get(cp.keyId());
        if (key == null) {
            return new OpenedNote(cp.size(), null, new Divergence("checkpoints", cp.size(), "checkpoint-signature",
                    "no known key with ID " + cp.keyId(), null, cp.keyId()));
        }
        try {
            return new OpenedNote(cp.size(), Checkpoints.verify(cp.note(), key), null);
        } catch (NoteException e) {
            return new OpenedNote(cp.size(), null, new Divergence("checkpoints", cp.size(), "checkpoint-signature",
                    e.getMessage(), null, null));
        }
    }

    /** Notes opened ahead by {@link #openNote}; a checkpoint reached without one is opened when reached. */
    public synchronized void notesOpened(List<OpenedNote> notes) {
        notes.forEach(n -> openedNotes.put(n.size(), n));
    }

    /** Checkpoints of exactly the rebuilt size: columns, note and signature must all agree with the tree. */
    private void checkpointsAt(long size) {
        while (!checkpoints.isEmpty() && checkpoints.peek().size() <= size) {
            StoredCheckpoint cp = checkpoints.poll();
            OpenedNote opened = openedNotes.remove(cp.size());
            byte[] root = tree.root();
            if (cp.size() < size) {
                diverge(new Divergence("checkpoints", cp.size(), "checkpoint", "checkpoint of size " + cp.size()
                        + " could not be compared (the tree passed it)", null, null));
                continue;
            }
            checkpointsVerified++;
            if (!MessageDigest.isEqual(cp.root(), root)) {
                diverge(new Divergence("checkpoints", cp.size(), "checkpoint-root", "stored root differs from the rebuilt"
                        + " tree of size " + cp.size(), b64(root), b64(cp.root())));
            }
            if (opened == null) {
                opened = openNote(cp, keys);
            }
            String keyRefusal = opened.problem() == null ? periods.checkpointKeyRefusal(cp.size(), cp.keyId()) : null;
            if (opened.problem() != null) {
                diverge(opened.problem());
            } else if (keyRefusal != null) {
                diverge(new Divergence("checkpoints", cp.size(), "checkpoint-key-period", keyRefusal, null, cp.keyId()));
            } else if (opened.signed().size() != cp.size() || !MessageDigest.isEqual(opened.signed().root(), root)) {
                diverge(new Divergence("checkpoints", cp.size(), "checkpoint-note", "the signed note names another tree",
                        cp.size() + " " + b64(root), opened.signed().size() + " " + opened.signed().rootBase64()));
            }
        }
    }

    /** The entry whose append completed the node: where a node divergence sits in log order. */
    private static long lastLeaf(NodeId id) {
        return ((id.index() + 1) << id.level()) - 1;
    }

    private void diverge(Divergence d) {
        divergences.add(d);
    }

    static String b64(byte[] b) {
        return b == null ? null : Base64.getEncoder().encodeToString(b);
    }
}
