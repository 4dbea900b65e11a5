package org.custodyledger.storage;

import org.custodyledger.model.AppendedEntry;
import org.custodyledger.note.StoredCheckpoint;
import org.custodyledger.testing.Await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.custodyledger.custody.LoggedEvent;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.merkle.ProofVerifier;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.testing.Events;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestDatabases;
import org.custodyledger.verify.LedgerChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SequencerTest {
    @Test
    void concurrentAppendsGetContiguousIndexesAndProofsThatVerify(Vertx vertx) throws Exception {
        LedgerFixture ledger = new LedgerFixture(vertx, TestDatabases.freshDatabase());
        List<AppendedEntry> entries = ledger.appendConcurrently(1000, 37);
        assertEquals(1000, entries.stream().mapToLong(AppendedEntry::index).distinct().count());
        assertEquals(0, entries.stream().mapToLong(AppendedEntry::index).min().orElseThrow());
        assertEquals(999, entries.stream().mapToLong(AppendedEntry::index).max().orElseThrow());
        for (AppendedEntry e : entries) {
            Checkpoint signed = Checkpoints.verify(e.checkpointNote(), ledger.signer.verifier());
            assertEquals(e.checkpoint(), signed);
            assertTrue(e.index() < signed.size());
            assertTrue(ProofVerifier.verifyInclusion(e.index(), signed.size(), e.leafHash(), e.inclusionProof(),
                    signed.root()).isValid(), "entry " + e.index());
            assertArrayEquals(e.event().leafHash(), e.leafHash());
        }
        // Each footage's events form an unbroken chain through their prev links.
        Map<String, List<LoggedEvent>> byFootage = new HashMap<>();
        entries.stream().sorted(Comparator.comparingLong(AppendedEntry::index))
                .forEach(e -> byFootage.computeIfAbsent(e.event().event().footageId(), k -> new ArrayList<>())
                        .add(new LoggedEvent(e.index(), e.event())));
        byFootage.forEach((id, events) -> assertTrue(LedgerChecks.chain(id, events).ok(), id));
        // What is stored is what was returned.
        StoredEntry stored = Await.result(ledger.store.entry(500));
        AppendedEntry returned = entries.stream().filter(e -> e.index() == 500).findFirst().orElseThrow();
        assertArrayEquals(returned.event().leafBytes(), stored.leaf());
        assertEquals(returned.event(), SignedEvent.parseLeaf(stored.leaf()));
        assertNull(Await.result(ledger.store.entry(1000)));
        // One writer: batches after the first were built ahead, on the head the batch before left, and kept.
        assertTrue(ledger.sequencer.runAhead().kept() > 0, ledger.sequencer.runAhead().toString());
    }

    @Test
    void itsListenerHearsOfEveryCommittedBatchAndItsQueueCountsTheAppendsWaiting(Vertx vertx) {
        String url = TestDatabases.freshDatabase();
        LedgerFixture ledger = new LedgerFixture(vertx, url);
        List<long[]> batches = Collections.synchronizedList(new ArrayList<>());
        Sequencer sequencer = new Sequencer(vertx, ledger.db.pool(), ledger.signer, 256, Duration.ZERO,
                (events, nanos, treeSize) -> batches.add(new long[] {events, nanos, treeSize}));
        try (HeadLock lock = HeadLock.hold(vertx, url)) {
            // Another writer holds the head: the first batch waits for it, the appends after it wait in the queue.
            List<Future<AppendedEntry>> appends = new ArrayList<>();
            appends.add(sequencer.append(Events.viewed("f0")));
            Awaitility.await().until(() -> sequencer.waiting() == 0);
            for (int i = 0; i < 3; i++) {
                appends.add(sequencer.append(Events.viewed("g" + i)));
            }
            Awaitility.await().until(() -> sequencer.waiting() == 3);
            lock.release();
            Await.result(Future.all(appends));
        }
        assertEquals(0, sequencer.waiting());
        assertEquals(2, batches.size(), "the one that waited for the lock, then the 3 queued behind it");
        assertEquals(1, batches.get(0)[0]);
        assertEquals(1, batches.get(0)[2]);
        assertEquals(3, batches.get(1)[0]);
        assertEquals(4, batches.get(1)[2]);
        assertTrue(batches.get(0)[1] > 0 && batches.get(1)[1] > 0);
    }

    @Test
    void anAppendArrivingDuringTheLingerJoinsTheBatchAndTheNextBatchStillForms(Vertx vertx) {
        LedgerFixture ledger = new LedgerFixture(vertx, TestDatabases.freshDatabase());
        Sequencer lingering = new Sequencer(vertx, ledger.db.pool(), ledger.signer, 256, Duration.ofMillis(800));
        Future<AppendedEntry> first = lingering.append(Events.viewed("f"));
        // Held by the linger, not yet formed into a batch; a second append now must join it.
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lingering.waiting() == 1);
        Future<AppendedEntry> second = lingering.append(Events.viewed("g"));
        assertEquals(2, Await.result(first).checkpoint().size(), "one batch, one checkpoint for both");
        assertEquals(2, Await.result(second).checkpoint().size());
        // The linger ended with that batch: a later append lingers and commits on its own.
        assertEquals(3, Await.result(lingering.append(Events.viewed("h"))).checkpoint().size());
    }

    @Test
    void everyPairOfCheckpointsOfA500EntryLogIsConsistent(Vertx vertx) {
        LedgerFixture ledger = new LedgerFixture(vertx, TestDatabases.freshDatabase());
        for (int wave = 0; wave < 50; wave++) {
            ledger.appendConcurrently(10, 3);
        }
        List<StoredCheckpoint> checkpoints = Await.result(ledger.store.checkpoints());
        assertTrue(checkpoints.size() >= 50, "one checkpoint per batch, got " + checkpoints.size());
        assertEquals(500, checkpoints.get(checkpoints.size() - 1).size());
        int pairs = 0;
        for (int i = 1; i < checkpoints.size(); i++) {
            for (int j = i; j < checkpoints.size(); j++) {
                StoredCheckpoint a = checkpoints.get(i);
                StoredCheckpoint b = checkpoints.get(j);
                List<byte[]> proof = Await.result(ledger.store.consistencyProof(a.size(), b.size()));
                assertTrue(ProofVerifier.verifyConsistency(a.size(), b.size(), proof, a.root(), b.root()).isValid(),
                        a.size() + " -> " + b.size());
                pairs++;
            }
        }
        assertTrue(pairs > 1000);
    }

    @Test
    void aBatchThatFailsForOneMemberCommitsTheOthersAndFailsOnlyThatOne(Vertx vertx) {
        String url = TestDatabases.freshDatabase();
        LedgerFixture ledger = new LedgerFixture(vertx, url);
        ledger.appendConcurrently(4, 2);
        List<Future<AppendedEntry>> good = new ArrayList<>();
        Future<AppendedEntry> poison;
        try (HeadLock lock = HeadLock.hold(vertx, url)) {
            // The batch ahead waits for the lock; the five appends below queue behind it and form one batch.
            Future<AppendedEntry> ahead = ledger.sequencer.append(Events.viewed("ahead"));
            Awaitility.await().until(() -> ledger.sequencer.waiting() == 0);
            for (int i = 0; i < 4; i++) {
                good.add(ledger.sequencer.append(Events.viewed("good-" + i)));
            }
            // PostgreSQL text cannot hold NUL: the batch's statements fail inside its transaction.
            poison = ledger.sequencer.append(Events.viewed("bad\u0000id"));
            Awaitility.await().until(() -> ledger.sequencer.waiting() == 5);
            lock.release();
            assertEquals(4, Await.result(ahead).index());
        }
        Exception refused = assertThrows(Exception.class, () -> Await.result(poison));
        assertTrue(String.valueOf(refused.getMessage()).contains("0x00"), refused.toString());
        List<Long> indexes = good.stream().map(f -> Await.result(f).index()).sorted().toList();
        assertEquals(List.of(5L, 6L, 7L, 8L), indexes);
        LogHead after = Await.result(ledger.store.head());
        assertEquals(9, after.size());
        try (Sql sql = new Sql(url)) {
            assertEquals(9, sql.count("SELECT count(*) FROM log_entries"));
            assertEquals(9, sql.count("SELECT count(*) FROM merkle_nodes WHERE level = 0"));
            assertEquals(0, sql.count("SELECT count(*) FROM tree_nodes WHERE level = 0"));
            assertEquals(9, sql.count("SELECT max(size) FROM checkpoints"));
            assertEquals(0, sql.count("SELECT count(*) FROM log_entries WHERE footage_id LIKE 'bad%'"));
        }
        AppendedEntry next = Await.result(ledger.sequencer.append(Events.viewed("good-again")));
        assertEquals(9, next.index());
    }

    @Test
    void twoInstancesOnOneDatabaseNeverFork(Vertx vertx) {
        String url = TestDatabases.freshDatabase();
        Vertx otherVertx = Vertx.vertx();
        try {
            LedgerFixture one = new LedgerFixture(vertx, url);
            LedgerFixture two = new LedgerFixture(otherVertx, url);
            List<Future<AppendedEntry>> all = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                all.add(one.sequencer.append(Events.viewed("shared-" + (i % 10))));
                all.add(two.sequencer.append(Events.viewed("shared-" + (i % 10))));
            }
            Await.result(Future.all(all));
            assertEquals(2000, all.stream().mapToLong(f -> f.result().index()).distinct().count());
            assertEquals(1999, all.stream().mapToLong(f -> f.result().index()).max().orElseThrow());
            List<StoredCheckpoint> cps = Await.result(one.store.checkpoints());
            assertEquals(2000, cps.get(cps.size() - 1).size());
            for (int i = 1; i < cps.size(); i++) {
                for (int j = i + 1; j < cps.size(); j++) {
                    StoredCheckpoint a = cps.get(i);
                    StoredCheckpoint b = cps.get(j);
                    List<byte[]> proof = Await.result(one.store.consistencyProof(a.size(), b.size()));
                    assertTrue(ProofVerifier.verifyConsistency(a.size(), b.size(), proof, a.root(), b.root()).isValid(),
                            a.size() + " -> " + b.size());
                }
            }
            // Both footage chains stay unbroken although two writers interleaved.
            for (int f = 0; f < 10; f++) {
                String id = "shared-" + f;
                List<LoggedEvent> events = new ArrayList<>();
                for (StoredEntry e : Await.result(one.store.entriesOfFootage(id))) {
                    events.add(new LoggedEvent(e.index(), parse(e.leaf())));
                }
                assertEquals(200, events.size());
                assertTrue(LedgerChecks.chain(id, events).ok(), LedgerChecks.chain(id, events).toString());
            }
        } finally {
            Await.result(otherVertx.close());
        }
    }

    @Test
    void aBatchBuiltAheadOnAHeadAnotherInstanceMovedIsRedoneUnderTheLock(Vertx vertx) throws Exception {
        String url = TestDatabases.freshDatabase();
        Vertx otherVertx = Vertx.vertx();
        try {
            LedgerFixture one = new LedgerFixture(vertx, url);
            LedgerFixture two = new LedgerFixture(otherVertx, url);
            assertEquals(0, Await.result(one.sequencer.append(Events.viewed("x"))).index());
            assertEquals(1, Await.result(two.sequencer.append(Events.viewed("y"))).index());
            // One builds ahead on the head it left (size 1); x's link (0) is right, but the lock shows size 2.
            AppendedEntry third = Await.result(one.sequencer.append(Events.viewed("x")));
            assertEquals(new Sequencer.RunAhead(0, 1), one.sequencer.runAhead());
            assertEquals(2, third.index());
            assertEquals(0L, third.event().event().prev());
            Checkpoint signed = Checkpoints.verify(third.checkpointNote(), one.signer.verifier());
            assertEquals(3, signed.size());
            assertTrue(ProofVerifier.verifyInclusion(2, 3, third.leafHash(), third.inclusionProof(), signed.root())
                    .isValid());
        } finally {
            Await.result(otherVertx.close());
        }
    }

    @Test
    void linksPredictedFromABatchThatFailedAreCorrectedUnderTheLock(Vertx vertx) {
        String url = TestDatabases.freshDatabase();
        LedgerFixture ledger = new LedgerFixture(vertx, url);
        assertEquals(0, Await.result(ledger.sequencer.append(Events.viewed("f"))).index());
        try (Sql sql = new Sql(url)) {
            // f's event at index 1 is refused by the database: a batch that fails while writing (and
            // again when its member is retried alone).
            sql.refuseLogInserts("test_refuse_f_at_1", "NEW.footage_id = 'f' AND NEW.idx = 1");
        }
        // This batch links f's event to 0, is remembered as leaving f last at 1, then fails.
        Future<AppendedEntry> lost = ledger.sequencer.append(Events.viewed("f"));
        PgException lostCause = assertThrows(PgException.class, () -> Await.result(lost));
        assertEquals("test_refuse_f_at_1", lostCause.getErrorMessage());
        assertEquals(1, Await.result(ledger.sequencer.append(Events.viewed("g"))).index());
        // Built ahead on the right head (size 2) but with f's remembered link 1, which is g's event.
        Sequencer.RunAhead before = ledger.sequencer.runAhead();
        AppendedEntry f = Await.result(ledger.sequencer.append(Events.viewed("f")));
        assertEquals(2, f.index());
        assertEquals(0L, f.event().event().prev());
        assertEquals(new Sequencer.RunAhead(before.kept(), before.redone() + 1), ledger.sequencer.runAhead());
    }

    @Test
    void aBatchWhoseLastWriteFailsCommitsNothingAlthoughItsCommitWasSentWithIt(Vertx vertx) {
        String url = TestDatabases.freshDatabase();
        LedgerFixture ledger = new LedgerFixture(vertx, url);
        try (Sql sql = new Sql(url)) {
            // Schema drift: the checkpoint insert, the last statement before COMMIT, now fails.
            sql.run("ALTER TABLE checkpoints ALTER COLUMN note TYPE integer USING length(note)");
        }
        PgException drift = assertThrows(PgException.class, () -> Await.result(ledger.sequencer.append(Events.viewed("f"))));
        assertEquals("42804", drift.getSqlState(), drift.getMessage()); // datatype_mismatch: the checkpoint insert
        try (Sql sql = new Sql(url)) {
            assertEquals(0, sql.count("SELECT size FROM log_head"));
            assertEquals(0, sql.count("SELECT count(*) FROM log_entries"));
            assertEquals(0, sql.count("SELECT count(*) FROM tree_nodes"));
            assertEquals(0, sql.count("SELECT count(*) FROM checkpoints WHERE size > 0"));
        }
    }

    private static SignedEvent parse(byte[] leaf) {
        try {
            return SignedEvent.parseLeaf(leaf);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
