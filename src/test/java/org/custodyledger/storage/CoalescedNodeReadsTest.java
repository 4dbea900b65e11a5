package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.custodyledger.merkle.NodeId;
import org.custodyledger.merkle.ProofNodes;
import org.custodyledger.merkle.Proofs;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Concurrent proofs' node reads go together: while one statement is in flight the others wait
 * and share the next; each gets exactly its own nodes, as its own statement would have read
 * them; a failed statement fails every read that shared it, and reading goes on after it.
 */
@ExtendWith(VertxExtension.class)
class CoalescedNodeReadsTest {
    @Test
    void readsArrivingWhileOneIsInFlightShareTheNextStatementAndGetTheirOwnNodes(Vertx vertx) throws Exception {
        LedgerFixture ledger = new LedgerFixture(vertx, TestDatabases.freshDatabase());
        for (int round = 0; round < 4; round++) {
            ledger.appendConcurrently(100, 7);
        }
        long size = Await.result(ledger.store.head()).size();
        AtomicInteger statements = new AtomicInteger();
        StoredTree.NodeSource direct = ids -> StoredTree.storedNodes(ledger.db.pool(), ids);
        CoalescedNodeReads reads = new CoalescedNodeReads(ids -> {
            statements.incrementAndGet();
            return direct.read(ids);
        }, 1);
        List<List<NodeId>> asked = new ArrayList<>();
        for (long index = 0; index < size; index += 13) {
            ProofNodes plan = Proofs.inclusion(index, size);
            List<NodeId> ids = new ArrayList<>(plan.ids());
            ids.add(new NodeId(0, index));
            asked.add(ids);
        }
        asked.add(List.of(new NodeId(0, size + 5), new NodeId(3, 0))); // one node beyond the log: absent, not an error
        // All asked in one turn of the event loop: the first goes at once, the rest wait for it.
        CompletableFuture<List<Future<Map<NodeId, byte[]>>>> issued = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            List<Future<Map<NodeId, byte[]>>> futures = new ArrayList<>();
            asked.forEach(ids -> futures.add(reads.read(ids)));
            assertEquals(asked.size() - 1, reads.waiting(), "all but the first wait while it is in flight");
            issued.complete(futures);
        });
        List<Future<Map<NodeId, byte[]>>> futures = issued.get(30, TimeUnit.SECONDS);
        for (int i = 0; i < asked.size(); i++) {
            Map<NodeId, byte[]> got = Await.result(futures.get(i));
            Map<NodeId, byte[]> own = Await.result(direct.read(asked.get(i)));
            assertEquals(own.keySet(), got.keySet(), "read " + i + " gets exactly its own stored nodes");
            own.forEach((id, hash) -> assertArrayEquals(hash, got.get(id), id.toString()));
        }
        assertFalse(Await.result(futures.get(asked.size() - 1)).containsKey(new NodeId(0, size + 5)));
        assertEquals(2, statements.get(), "one statement for the first read, one for the " + (asked.size() - 1) + " that waited");
    }

    @Test
    void aFailedStatementFailsTheReadsThatSharedItAndTheNextOnesStillGo() {
        List<Promise<Map<NodeId, byte[]>>> pending = new ArrayList<>();
        List<Collection<NodeId>> sent = new ArrayList<>();
        CoalescedNodeReads reads = new CoalescedNodeReads(ids -> {
            Promise<Map<NodeId, byte[]>> p = Promise.promise();
            pending.add(p);
            sent.add(ids);
            return p.future();
        }, 1);
        NodeId a = new NodeId(0, 1);
        NodeId b = new NodeId(1, 2);
        Future<Map<NodeId, byte[]>> first = reads.read(List.of(a));
        Future<Map<NodeId, byte[]>> second = reads.read(List.of(a, b));
        Future<Map<NodeId, byte[]>> third = reads.read(List.of(b));
        assertEquals(1, pending.size());
        pending.get(0).fail(new StorageException("connection lost"));
        assertTrue(first.failed());
        assertEquals(2, pending.size(), "the waiting reads go as soon as the failed one returned");
        assertEquals(2, sent.get(1).size(), "a node two reads ask for is asked once");
        pending.get(1).fail(new StorageException("connection lost again"));
        assertEquals("connection lost again", second.cause().getMessage());
        assertEquals("connection lost again", third.cause().getMessage());
        Future<Map<NodeId, byte[]>> later = reads.read(List.of(b));
        assertEquals(3, pending.size(), "nothing in flight: a new read goes at once");
        pending.get(2).complete(Map.of(b, new byte[32], a, new byte[32]));
        assertEquals(List.of(b), List.copyOf(later.result().keySet()));
    }

    @Test
    void aCallerWhoseCallbackThrowsStallsNoOtherRead() {
        List<Promise<Map<NodeId, byte[]>>> pending = new ArrayList<>();
        CoalescedNodeReads reads = new CoalescedNodeReads(ids -> {
            Promise<Map<NodeId, byte[]>> p = Promise.promise();
            pending.add(p);
            return p.future();
        }, 1);
        NodeId a = new NodeId(0, 1);
        NodeId b = new NodeId(1, 2);
        reads.read(List.of(a));
        Future<Map<NodeId, byte[]>> careless = reads.read(List.of(b));
        careless.onSuccess(nodes -> {
            throw new IllegalStateException("a caller's bug");
        });
        Future<Map<NodeId, byte[]>> beside = reads.read(List.of(a));
        pending.get(0).complete(Map.of(a, new byte[32]));
        assertEquals(2, pending.size(), "the two waiting reads went together");
        try {
            pending.get(1).complete(Map.of(a, new byte[32], b, new byte[32]));
        } catch (IllegalStateException expected) {
            // thrown back to whoever completed the statement, after every read got its answer
        }
        assertTrue(beside.succeeded(), "the read beside the careless one got its nodes");
        assertEquals(List.of(a), List.copyOf(beside.result().keySet()));
        reads.read(List.of(b));
        assertEquals(3, pending.size(), "the slot was given back: a new read goes at once");
    }
}
