package org.custodyledger.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.TestKeys;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventSigner;
import org.custodyledger.custody.EventType;
import org.custodyledger.custody.LoggedEvent;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.merkle.NodeId;
import org.custodyledger.merkle.ProofNodes;
import org.custodyledger.merkle.Proofs;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.note.NoteSigner;
import org.custodyledger.note.NoteVerifier;
import org.junit.jupiter.api.Test;

/** A small log built in memory, then each check run on it untouched and tampered. */
class LedgerChecksTest {
    private static final NoteSigner SIGNER = TestKeys.sampleSigner();
    private static final EventSigner EVENTS = new EventSigner(SIGNER);
    private static final Map<String, NoteVerifier> KEYS = Map.of(SIGNER.verifier().keyIdHex(), SIGNER.verifier());

    private final List<LoggedEvent> log = new ArrayList<>();
    private final Map<NodeId, byte[]> nodes = new HashMap<>();
    private final CompactRange range = new CompactRange();

    private LoggedEvent append(String footage, Long prev) {
        CustodyEvent e = CustodyEvent.of(footage, Sha256Hasher.hash(footage.getBytes()), EventType.VIEWED, "alice", "reviewer",
                Instant.parse("2026-11-28T00:00:00Z"), "review", null, null).withPrev(prev);
        LoggedEvent logged = new LoggedEvent(range.size(), EVENTS.sign(e));
        range.append(logged.signed().leafHash(), nodes::put);
        log.add(logged);
        return logged;
    }

    @Test
    void untouchedLogPassesEveryCheck() {
        LoggedEvent a0 = append("A", null);
        append("B", null);
        LoggedEvent a2 = append("A", 0L);
        Checkpoint cp = new Checkpoint(TestKeys.ORIGIN, range.size(), range.root());
        String note = Checkpoints.sign(cp, SIGNER);
        List<Check> checks = new ArrayList<>();
        for (LoggedEvent e : log) {
            checks.add(LedgerChecks.eventSignature(e, KEYS));
            checks.add(LedgerChecks.leafHash(e.index(), e.signed().leafBytes(), e.signed().leafHash()));
            checks.add(LedgerChecks.inclusion(e.index(), e.signed().leafHash(), proof(e.index(), cp.size()), cp));
        }
        checks.add(LedgerChecks.checkpointSignature(note, SIGNER.verifier()));
        checks.add(LedgerChecks.chain("A", List.of(a0, a2)));
        VerificationReport report = new VerificationReport(checks);
        assertTrue(report.verified(), report.failures().toString());
        assertEquals(3 * 3 + 2, report.checks().size());
    }

    @Test
    void eachTamperingIsNamed() {
        LoggedEvent a0 = append("A", null);
        append("B", null);
        LoggedEvent a2 = append("A", 0L);
        LoggedEvent a3 = append("A", 2L);
        Checkpoint cp = new Checkpoint(TestKeys.ORIGIN, range.size(), range.root());

        SignedEvent forged = new SignedEvent(a2.signed().event().withPrev(1L), a2.signed().keyId(), a2.signed().signature());
        Check sig = LedgerChecks.eventSignature(new LoggedEvent(2, forged), KEYS);
        assertEquals(Check.fail("event-signature@2", "invalid Ed25519 signature by custody-ledger.local/log+1aba2acd"), sig);

        Check unknownKey = LedgerChecks.eventSignature(a0, Map.of());
        assertEquals("no known key with ID 1aba2acd", unknownKey.detail());

        byte[] leaf = a0.signed().leafBytes();
        leaf[5] ^= 1;
        assertFalse(LedgerChecks.leafHash(0, leaf, a0.signed().leafHash()).ok());

        Check inclusion = LedgerChecks.inclusion(1, a0.signed().leafHash(), proof(1, cp.size()), cp);
        assertEquals("inclusion@1", inclusion.name());
        assertEquals("proof leads to a different root", inclusion.detail());
        assertEquals(cp.rootBase64(), inclusion.expected());

        Check gap = LedgerChecks.chain("A", List.of(a0, a3));
        assertEquals(Check.fail("chain", "event at index 3 links previous event 2 but the one before it here is 0: an event"
                + " is missing or out of order", "0", "2"), gap);
        Check dropFirst = LedgerChecks.chain("A", List.of(a2, a3));
        assertEquals("event at index 2 links previous event 0 but is the first here: an event is missing or out of order",
                dropFirst.detail());
        assertFalse(LedgerChecks.chain("A", List.of(a0, log.get(1))).ok());
        assertFalse(LedgerChecks.chain("A", List.of()).ok());

        NoteSigner other = new NoteSigner(TestKeys.ORIGIN, Ed25519Keys.generate());
        Check foreign = LedgerChecks.checkpointSignature(Checkpoints.sign(cp, other), SIGNER.verifier());
        assertEquals(Check.fail("checkpoint-signature", "no signature by a known key"), foreign);
    }

    @Test
    void consistencyBetweenCheckpoints() {
        append("A", null);
        append("A", 0L);
        Checkpoint older = new Checkpoint(TestKeys.ORIGIN, range.size(), range.root());
        append("A", 1L);
        append("B", null);
        append("B", 3L);
        Checkpoint newer = new Checkpoint(TestKeys.ORIGIN, range.size(), range.root());
        ProofNodes plan = Proofs.consistency(older.size(), newer.size());
        List<byte[]> proof = plan.rehash(plan.ids().stream().map(nodes::get).toList());
        assertTrue(LedgerChecks.consistency(older, newer, proof).ok());
        Checkpoint forkedOlder = new Checkpoint(TestKeys.ORIGIN, older.size(), Sha256Hasher.hash(new byte[1]).bytes());
        Check fork = LedgerChecks.consistency(forkedOlder, newer, proof);
        assertEquals("consistency@2-5", fork.name());
        assertFalse(fork.ok());
    }

    private List<byte[]> proof(long index, long size) {
        ProofNodes plan = Proofs.inclusion(index, size);
        return plan.rehash(plan.ids().stream().map(nodes::get).toList());
    }
}
