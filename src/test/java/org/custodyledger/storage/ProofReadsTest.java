package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.custodyledger.merkle.ProofVerifier;
import org.custodyledger.note.StoredCheckpoint;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proofs read through the node cache: the leaf hash and path of {@link LedgerStore#inclusionPath}
 * verify against every signed checkpoint, equal what an uncached store reads, and stay equal when
 * answered from the cache the second time.
 */
@ExtendWith(VertxExtension.class)
class ProofReadsTest {
    @Test
    void inclusionPathsVerifyAndEqualUncachedReads(Vertx vertx) {
        LedgerFixture ledger = new LedgerFixture(vertx, TestDatabases.freshDatabase());
        for (int round = 0; round < 6; round++) {
            ledger.appendConcurrently(50, 5);
        }
        List<StoredCheckpoint> checkpoints = Await.result(ledger.store.checkpoints());
        LedgerStore cached = ledger.store;
        for (int pass = 0; pass < 2; pass++) {
            for (StoredCheckpoint cp : checkpoints) {
                for (long index = 0; index < cp.size(); index += 7) {
                    LedgerStore.InclusionPath path = Await.result(cached.inclusionPath(index, cp.size()));
                    // A store of its own has an empty cache: every node is read from the table.
                    LedgerStore fresh = new LedgerStore(ledger.db.pool());
                    assertArrayEquals(Await.result(fresh.entry(index)).leafHash(), path.leafHash());
                    List<byte[]> uncached = Await.result(fresh.inclusionProof(index, cp.size()));
                    assertEquals(uncached.size(), path.hashes().size());
                    for (int i = 0; i < uncached.size(); i++) {
                        assertArrayEquals(uncached.get(i), path.hashes().get(i));
                    }
                    assertTrue(ProofVerifier.verifyInclusion(index, cp.size(), path.leafHash(), path.hashes(), cp.root())
                            .isValid(), "entry " + index + " in the tree of " + cp.size());
                }
            }
        }
        StoredCheckpoint first = checkpoints.get(1);
        StoredCheckpoint last = checkpoints.get(checkpoints.size() - 1);
        List<byte[]> consistency = Await.result(cached.consistencyProof(first.size(), last.size()));
        assertTrue(ProofVerifier.verifyConsistency(first.size(), last.size(), consistency, first.root(), last.root())
                .isValid());
    }

    @Test
    void anEntryNotStoredHasNoPath(Vertx vertx) {
        LedgerFixture ledger = new LedgerFixture(vertx, TestDatabases.freshDatabase());
        ledger.appendConcurrently(10, 2);
        assertNull(Await.result(ledger.store.inclusionPath(12, 16)));
    }
}
