package org.custodyledger.verify;

import org.custodyledger.note.StoredCheckpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.TestKeys;
import org.custodyledger.custody.EventSigner;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.merkle.NodeId;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteSigner;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.testing.Events;
import org.junit.jupiter.api.Test;

/** The audit's own logic, on an in-memory ledger: clean when untouched, and each kind of damage located. */
class LedgerAuditTest {
    private static final NoteSigner SIGNER = TestKeys.sampleSigner();
    private static final Map<String, NoteVerifier> KEYS = Map.of(SIGNER.verifier().keyIdHex(), SIGNER.verifier());

    /** A 20-entry ledger over two footages: leaves, stored nodes and a checkpoint every 5 entries. */
    private record Ledger(List<byte[]> leaves, Map<NodeId, byte[]> nodes, List<StoredCheckpoint> checkpoints,
                          byte[] root) {
    }

    private static Ledger ledger() {
        EventSigner signer = new EventSigner(SIGNER);
        List<byte[]> leaves = new ArrayList<>();
        Map<NodeId, byte[]> nodes = new HashMap<>();
        List<StoredCheckpoint> checkpoints = new ArrayList<>();
        CompactRange range = new CompactRange();
        Map<String, Long> last = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            String footage = i % 2 == 0 ? "f-a" : "f-b";
            SignedEvent e = signer.sign(Events.viewed(footage).withPrev(last.get(footage)));
            last.put(footage, (long) i);
            byte[] leaf = e.leafBytes();
            leaves.add(leaf);
            range.append(Rfc6962.hashLeaf(leaf), nodes::put);
            if ((i + 1) % 5 == 0) {
                Checkpoint cp = new Checkpoint(SIGNER.name(), i + 1, range.root());
                checkpoints.add(new StoredCheckpoint(i + 1, range.root(), Checkpoints.sign(cp, SIGNER),
                        SIGNER.verifier().keyIdHex()));
            }
        }
        return new Ledger(leaves, nodes, checkpoints, range.root());
    }

    private static LedgerAudit.Summary audit(Ledger l, List<byte[]> leaves, List<Long> indexes) {
        LedgerAudit audit = new LedgerAudit(l.checkpoints(), KEYS, 100);
        for (int k = 0; k < leaves.size(); k++) {
            byte[] leaf = leaves.get(k);
            audit.accept(LedgerAudit.examine(indexes.get(k), leaf, Rfc6962.hashLeaf(leaf), KEYS, true));
        }
        compareAll(audit, l.nodes());
        return audit.finish(20, l.root(), l.nodes().size());
    }

    /** An audit handed every entry in order (signatures not checked) and the nodes given to compare. */
    private static LedgerAudit auditedWithoutSignatures(List<StoredCheckpoint> checkpoints, Ledger l,
                                                       Map<NodeId, byte[]> nodes, int maxKept) {
        LedgerAudit audit = new LedgerAudit(checkpoints, KEYS, maxKept);
        for (int i = 0; i < l.leaves().size(); i++) {
            byte[] leaf = l.leaves().get(i);
            audit.accept(LedgerAudit.examine(i, leaf, Rfc6962.hashLeaf(leaf), KEYS, false));
        }
        compareAll(audit, nodes);
        return audit;
    }

    /** What the audit service does with a drained run: read back that level's range, in index order. */
    private static void compareAll(LedgerAudit audit, Map<NodeId, byte[]> stored) {
        for (NodeRun run : audit.drainComputedNodes()) {
            List<Long> found = new ArrayList<>();
            List<byte[]> hashes = new ArrayList<>();
            for (long i = run.firstIndex(); i <= run.lastIndex(); i++) {
                byte[] h = stored.get(new NodeId(run.level(), i));
                if (h != null) {
                    found.add(i);
                    hashes.add(h);
                }
            }
            audit.compareRun(run, found.stream().mapToLong(Long::longValue).toArray(), hashes);
        }
    }

    private static List<Long> indexes(int n) {
        List<Long> list = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }

    @Test
    void anUntouchedLedgerIsClean() {
        Ledger l = ledger();
        LedgerAudit.Summary s = audit(l, l.leaves(), indexes(20));
        assertTrue(s.clean(), s.divergences().toString());
        assertEquals(20, s.entries());
        assertEquals(20, s.signaturesVerified());
        assertEquals(4, s.checkpointsVerified());
        assertEquals(2, s.footageChains());
        assertEquals(l.nodes().size(), s.nodesCompared());
    }

    @Test
    void aMissingEntryIsWhereTheTreeStops() {
        Ledger l = ledger();
        List<byte[]> leaves = new ArrayList<>(l.leaves());
        List<Long> idx = indexes(20);
        leaves.remove(7);
        idx.remove(7);
        LedgerAudit.Summary s = audit(l, leaves, idx);
        assertEquals("contiguity", s.first().check());
        assertEquals(7, s.first().index());
        assertTrue(s.divergences().stream().anyMatch(d -> d.check().equals("chain") && d.index() == 9),
                "the footage whose event vanished shows the gap too: " + s.divergences());
    }

    @Test
    void aCheckpointThatDisagreesWithTheLeavesIsNamedBySize() {
        Ledger l = ledger();
        List<StoredCheckpoint> cps = new ArrayList<>(l.checkpoints());
        StoredCheckpoint ten = cps.get(1);
        byte[] wrong = ten.root().clone();
        wrong[0] ^= 1;
        cps.set(1, new StoredCheckpoint(10, wrong, ten.note(), ten.keyId()));
        LedgerAudit.Summary s = audit(new Ledger(l.leaves(), l.nodes(), cps, l.root()), l.leaves(), indexes(20));
        assertEquals(1, s.failures());
        assertEquals("checkpoint-root", s.first().check());
        assertEquals(10, s.first().index());
    }

    @Test
    void notesOpenedAheadAreUsedAndTheirFailuresReported() {
        Ledger l = ledger();
        List<StoredCheckpoint> cps = new ArrayList<>(l.checkpoints());
        StoredCheckpoint fifteen = cps.get(2);
        // One character of the signature line changed: the note no longer verifies.
        String note = fifteen.note();
        int sig = note.lastIndexOf(' ') + 5;
        String forged = note.substring(0, sig) + (note.charAt(sig) == 'A' ? 'B' : 'A') + note.substring(sig + 1);
        cps.set(2, new StoredCheckpoint(15, fifteen.root(), forged, fifteen.keyId()));

        LedgerAudit.OpenedNote good = LedgerAudit.openNote(cps.get(1), KEYS);
        assertNull(good.problem());
        assertEquals(10, good.signed().size());
        LedgerAudit.OpenedNote bad = LedgerAudit.openNote(cps.get(2), KEYS);
        assertEquals("checkpoint-signature", bad.problem().check());

        // The audit reads the stored, untouched checkpoints but is handed the forged one's opening
        // ahead (as the audit service hands each page's): that result, not a fresh one, must count.
        LedgerAudit audit = new LedgerAudit(l.checkpoints(), KEYS, 100);
        audit.notesOpened(cps.stream().map(c -> LedgerAudit.openNote(c, KEYS)).toList());
        for (int k = 0; k < 20; k++) {
            byte[] leaf = l.leaves().get(k);
            audit.accept(LedgerAudit.examine(k, leaf, Rfc6962.hashLeaf(leaf), KEYS, true));
        }
        compareAll(audit, l.nodes());
        LedgerAudit.Summary s = audit.finish(20, l.root(), l.nodes().size());
        assertEquals(1, s.failures(), s.divergences().toString());
        assertEquals("checkpoint-signature", s.first().check());
        assertEquals(15, s.first().index());
        assertEquals(4, s.checkpointsVerified());
    }

    @Test
    void aStoredNodeThatDiffersIsPlacedAtTheEntryThatCompletedIt() {
        Ledger l = ledger();
        Map<NodeId, byte[]> nodes = new HashMap<>(l.nodes());
        nodes.put(new NodeId(2, 1), new byte[32]);
        nodes.remove(new NodeId(0, 13));
        LedgerAudit.Summary s = audit(new Ledger(l.leaves(), nodes, l.checkpoints(), l.root()), l.leaves(), indexes(20));
        assertEquals(List.of(7L, 13L, -1L), s.divergences().stream().map(LedgerAudit.Divergence::index).toList(),
                s.divergences().toString());
        assertTrue(s.first().detail().contains("level 2, index 1) over entries 4-7 differs"), s.first().detail());
    }

    @Test
    void aHeadAheadOfTheLeavesIsFound() {
        Ledger l = ledger();
        LedgerAudit audit = auditedWithoutSignatures(l.checkpoints(), l, l.nodes(), 100);
        LedgerAudit.Summary s = audit.finish(21, l.root(), l.nodes().size());
        assertEquals("head", s.first().check());
        assertEquals(0, s.signaturesVerified());
    }

    @Test
    void rowsBeyondTheHeadAreOneDivergencePerTable() {
        Ledger l = ledger();
        LedgerAudit audit = auditedWithoutSignatures(l.checkpoints(), l, l.nodes(), 100);
        audit.beyondHead(20, 2, 0, 1);
        LedgerAudit.Summary s = audit.finish(20, l.root(), l.nodes().size());
        assertEquals(List.of("log_entries", "checkpoints"), s.divergences().stream().map(LedgerAudit.Divergence::table).toList());
        assertEquals("2 entries are stored beyond the head's tree of 20 entries", s.first().detail());
    }

    @Test
    void theEarliestDivergencesAreKeptWhenMoreAreFoundThanKept() {
        Ledger l = ledger();
        // Every checkpoint's root is wrong (found as entries are accepted); a node over entries 4-7 and one
        // at entry 13 are wrong too, found later, when the drained nodes are compared.
        List<StoredCheckpoint> cps = new ArrayList<>();
        for (StoredCheckpoint cp : l.checkpoints()) {
            byte[] wrong = cp.root().clone();
            wrong[0] ^= 1;
            cps.add(new StoredCheckpoint(cp.size(), wrong, cp.note(), cp.keyId()));
        }
        Map<NodeId, byte[]> nodes = new HashMap<>(l.nodes());
        nodes.put(new NodeId(2, 1), new byte[32]);
        nodes.put(new NodeId(0, 13), new byte[32]);
        for (int kept : new int[] {1, 2}) {
            LedgerAudit audit = auditedWithoutSignatures(cps, l, nodes, kept);
            LedgerAudit.Summary s = audit.finish(20, l.root(), nodes.size());
            assertEquals(6, s.failures(), s.divergences().toString());
            assertEquals(List.of(5L, 7L).subList(0, kept), s.divergences().stream().map(LedgerAudit.Divergence::index)
                    .toList(), s.divergences().toString());
        }
    }

    @Test
    void aCheckpointSignedByAKeyNotCurrentAtItsSizeIsADivergence() {
        // Whoever holds a key that was never current and can write the database signs a checkpoint row with it.
        NoteSigner next = new NoteSigner(SIGNER.name(), org.custodyledger.note.Ed25519Keys.generate());
        EventKeys history = EventKeys.of(List.of(
                new org.custodyledger.note.KeyPeriod(next.verifier(), 0L, null, null),
                new org.custodyledger.note.KeyPeriod(SIGNER.verifier(), null, null, null)));
        byte[] empty = Rfc6962.emptyRoot();
        String byRetired = org.custodyledger.note.Checkpoints.sign(
                new org.custodyledger.note.Checkpoint(SIGNER.name(), 0, empty), SIGNER);
        LedgerAudit.Summary refused = new LedgerAudit(List.of(new StoredCheckpoint(0, empty, byRetired,
                SIGNER.verifier().keyIdHex())), history, 10).finish(0, empty, 0);
        assertEquals("checkpoint-key-period", refused.first().check(), refused.first().toString());
        String byCurrent = org.custodyledger.note.Checkpoints.sign(
                new org.custodyledger.note.Checkpoint(SIGNER.name(), 0, empty), next);
        assertTrue(new LedgerAudit(List.of(new StoredCheckpoint(0, empty, byCurrent, next.verifier().keyIdHex())),
                history, 10).finish(0, empty, 0).clean());
    }
}
