package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.merkle.NodeId;
import org.custodyledger.merkle.ProofNodes;
import org.custodyledger.merkle.ProofResult;
import org.custodyledger.merkle.ProofVerifier;
import org.custodyledger.merkle.Proofs;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteSigner;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.note.StoredCheckpoint;

/**
 * The start-up checks whose cost does not grow with the log: O(log n) stored nodes, the
 * newest leaves (one level-0 tile, at most {@value #TAIL}) and the newest checkpoints (at
 * most {@value #RECENT_CHECKPOINTS} before the latest), all read under the head lock.
 *
 * <p>Why that is enough to never sign a checkpoint inconsistent with an earlier one: the
 * sequencer only ever extends the compact range at the head, and {@link LedgerIntegrity}
 * accepts that range only once it hashes to the root of the latest stored checkpoint, whose
 * signature verifies with the log's key. Every later root is computed by appending to that
 * range, so it is consistent with that signed root by construction; and that checkpoint was
 * itself signed by extending its predecessor. What is read here cannot be altered without
 * the start-up noticing whenever the change could reach a future signature: the right-edge
 * nodes, the head, the latest checkpoint. Older leaves and interior nodes are never used to
 * extend the tree: altering them makes the log serve proofs or entries that fail to verify
 * against its signed checkpoints (every client notices) and is found by {@code audit}, which
 * re-reads everything. The newest leaves and checkpoints are checked too because they are
 * the ones a crash or a half-applied restore would leave wrong.
 */
final class BoundedIntegrityCheck {
    /** Newest leaves re-hashed at start-up: the last level-0 tile, full or partial. */
    static final int TAIL = 256;
    /** Checkpoints before the latest whose signature and consistency with the head are checked. */
    static final int RECENT_CHECKPOINTS = 32;

    /** The newest leaves as stored, and every tree node that appending their stored leaf hashes completes. */
    record Tail(List<StoredEntry> entries, Map<NodeId, byte[]> nodes) {
    }

    private BoundedIntegrityCheck() {
    }

    /** Index of the first leaf re-read: the start of the last level-0 tile of a tree of {@code size}. */
    static long tailStart(long size) {
        return size == 0 ? 0 : (size - 1) / TAIL * TAIL;
    }

    /**
     * The stored leaf hashes of the tail, appended to the stored range of the tree before it,
     * must give the head's size and root: refuses a missing or extra newest entry and a changed
     * newest leaf hash.
     */
    static Future<Tail> tailRoot(SqlConnection conn, LogHead head) {
        long start = tailStart(head.size());
        // One row beyond the head, if there is one: an entry the head does not cover.
        Future<List<StoredEntry>> rows = conn.preparedQuery(LogSql.SELECT_ENTRIES_FROM)
                .execute(Tuple.of(start, head.size() - start + 1))
                .map(LogSql::entries);
        // Joined, not all: both statements must have answered before a failure rolls the transaction back.
        return Future.join(rows, StoredTree.nodes(conn, Proofs.rangeNodes(0, start))).map(both -> {
            List<StoredEntry> entries = rows.result();
            CompactRange range = new CompactRange(start, both.resultAt(1));
            Map<NodeId, byte[]> completed = new LinkedHashMap<>();
            List<StoredEntry> tail = new ArrayList<>(entries.size());
            for (StoredEntry e : entries) {
                if (e.index() != range.size()) {
                    throw new StorageException("log entry " + range.size() + " is missing (next stored is " + e.index() + ")");
                }
                if (e.index() >= head.size()) {
                    throw new StorageException("the log head says " + head.size() + " entries but entry " + e.index()
                            + " is stored beyond it");
                }
                range.append(e.leafHash(), completed::put);
                tail.add(e);
            }
            if (range.size() != head.size()) {
                throw new StorageException("the log head says " + head.size() + " entries but " + range.size()
                        + " are stored contiguously from 0");
            }
            if (!Arrays.equals(range.root(), head.root())) {
                throw new StorageException("the stored leaves hash to root " + b64(range.root()) + " but the log head says "
                        + b64(head.root()) + " at size " + head.size() + ": the log has been altered");
            }
            return new Tail(tail, completed);
        });
    }

    /**
     * Each newest leaf hashes to its stored leaf hash, and the stored tree nodes those leaves
     * complete (level 0 up to the right edge) are the ones rebuilt from them.
     */
    static Future<Void> tailContents(SqlConnection conn, Tail tail) {
        for (StoredEntry e : tail.entries()) {
            byte[] rehashed = Rfc6962.hashLeaf(e.leaf());
            if (!Arrays.equals(rehashed, e.leafHash())) {
                return Future.failedFuture(new StorageException("log entry " + e.index() + "'s leaf hashes to "
                        + b64(rehashed) + ", not to its stored leaf hash " + b64(e.leafHash()) + ": the log has been altered"));
            }
        }
        return StoredTree.storedNodes(conn, tail.nodes().keySet()).map(stored -> {
            tail.nodes().forEach((id, rebuilt) -> {
                byte[] found = stored.get(id);
                if (found == null) {
                    throw new StorageException("tree node (" + id.level() + ", " + id.index() + ") is not stored");
                }
                if (!Arrays.equals(found, rebuilt)) {
                    throw new StorageException("stored tree node (" + id.level() + ", " + id.index() + ") is "
                            + b64(found) + " but the newest leaves rebuild it as " + b64(rebuilt)
                            + ": the log has been altered");
                }
            });
            return null;
        });
    }

    /**
     * The newest checkpoints before the latest: each one's signature verifies, its signed text
     * is its stored size and root, and a consistency proof from stored nodes leads from it to
     * the head (the proof verifier, not a comparison of stored values). One query for the
     * checkpoints, one for all their proofs' nodes; signatures verified on a worker.
     */
    static Future<Void> recentCheckpoints(Vertx vertx, SqlConnection conn, LogHead head, Map<String, NoteVerifier> keys,
                                          NoteSigner signer) {
        return conn.preparedQuery(LogSql.SELECT_CHECKPOINTS_BELOW)
                .execute(Tuple.of(head.size(), RECENT_CHECKPOINTS))
                .compose(rows -> {
                    List<StoredCheckpoint> recent = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        recent.add(LogSql.checkpoint(row));
                    }
                    Set<NodeId> ids = new LinkedHashSet<>();
                    for (StoredCheckpoint c : recent) {
                        if (c.size() > 0) {
                            ids.addAll(Proofs.consistency(c.size(), head.size()).ids());
                        }
                    }
                    return StoredTree.nodes(conn, List.copyOf(ids)).compose(hashes -> {
                        Map<NodeId, byte[]> byId = new LinkedHashMap<>();
                        int i = 0;
                        for (NodeId id : ids) {
                            byId.put(id, hashes.get(i++));
                        }
                        return vertx.executeBlocking(() -> {
                            for (StoredCheckpoint c : recent) {
                                verifySigned(c, keys, signer);
                                consistentWithHead(c, head, byId);
                            }
                            return null;
                        }, false);
                    });
                });
    }

    /** The verifier of a stored key ID: the running signer's own key rather than its stored copy. */
    static NoteVerifier verifierOf(String keyId, Map<String, NoteVerifier> keys, NoteSigner signer) {
        return keyId.equals(signer.verifier().keyIdHex()) ? signer.verifier() : keys.get(keyId);
    }

    private static void verifySigned(StoredCheckpoint c, Map<String, NoteVerifier> keys, NoteSigner signer) {
        NoteVerifier key = verifierOf(c.keyId(), keys, signer);
        if (key == null) {
            throw new StorageException("the checkpoint at size " + c.size() + " names unknown key " + c.keyId());
        }
        Checkpoint signed;
        try {
            signed = Checkpoints.verify(c.note(), key);
        } catch (NoteException e) {
            throw new StorageException("the checkpoint at size " + c.size() + " does not verify: " + e.getMessage(), e);
        }
        if (signed.size() != c.size() || !Arrays.equals(signed.root(), c.root())) {
            throw new StorageException("the checkpoint stored at size " + c.size() + " signs size " + signed.size()
                    + ": its signed text disagrees with its stored size and root");
        }
    }

    private static void consistentWithHead(StoredCheckpoint c, LogHead head, Map<NodeId, byte[]> nodes) {
        ProofResult result;
        if (c.size() == 0) {
            result = Arrays.equals(c.root(), Rfc6962.emptyRoot()) ? new ProofResult.Valid()
                    : new ProofResult.RootMismatch(Rfc6962.emptyRoot(), c.root());
        } else {
            ProofNodes plan = Proofs.consistency(c.size(), head.size());
            List<byte[]> stored = new ArrayList<>(plan.ids().size());
            plan.ids().forEach(id -> stored.add(nodes.get(id)));
            result = ProofVerifier.verifyConsistency(c.size(), head.size(), plan.rehash(stored), c.root(), head.root());
        }
        if (!result.isValid()) {
            throw new StorageException("the checkpoint at size " + c.size() + " is not consistent with the log head at size "
                    + head.size() + " (" + result.describe() + "): the log has been altered");
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
