package org.custodyledger.storage;

import org.custodyledger.note.StoredCheckpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Events;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LedgerStoreTest {
    @Test
    void aSnapshotSeesNoAppendThatCommitsDuringItAndWritesNothing(Vertx vertx) {
        LedgerFixture ledger = new LedgerFixture(vertx, TestDatabases.freshDatabase());
        ledger.appendConcurrently(10, 2);
        // Head read, then an append committed and answered, then head, count and checkpoint read again.
        List<Long> seen = Await.result(ledger.store.snapshot(tx -> tx.head().compose(before ->
                ledger.sequencer.append(Events.viewed("f9")).compose(appended ->
                        Future.all(tx.head(), tx.entryCount(), tx.latestCheckpoint()).map(after -> List.of(before.size(),
                                appended.index(), after.<LogHead>resultAt(0).size(), after.<Long>resultAt(1),
                                after.<StoredCheckpoint>resultAt(2).size()))))));
        assertEquals(List.of(10L, 10L, 10L, 10L, 10L), seen, "head, appended index, then head, count, checkpoint");
        assertEquals(11, Await.result(ledger.store.head()).size(), "outside the snapshot the append is there");

        Exception refused = assertThrows(Exception.class, () -> Await.result(ledger.store.snapshot(tx ->
                tx.registerKey(ledger.signer.verifier()))));
        assertTrue(refused.getMessage().contains("read-only transaction"), refused.getMessage());
    }
}
