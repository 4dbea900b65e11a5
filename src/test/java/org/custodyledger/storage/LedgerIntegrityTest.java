package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.custodyledger.TestKeys;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Start-up refuses a database whose leaves, nodes, head and checkpoint do not describe one tree. */
@ExtendWith(VertxExtension.class)
class LedgerIntegrityTest {
    private static String ledgerOf20(Vertx vertx) {
        String url = TestDatabases.freshDatabase();
        new LedgerFixture(vertx, url).appendConcurrently(20, 3);
        return url;
    }

    /** Why start-up refuses a ledger of 20 entries once {@code tampering} has run on it. */
    private static String refusalAfter(Vertx vertx, String tampering) {
        String url = ledgerOf20(vertx);
        try (Sql sql = new Sql(url)) {
            sql.tamper(tampering);
        }
        Database db = Database.connect(vertx, url, 2);
        StorageException e = assertThrows(StorageException.class,
                () -> Await.result(LedgerIntegrity.open(vertx, db.pool(), TestKeys.sampleSigner())));
        return e.getMessage();
    }

    @Test
    void anUntouchedLedgerOpens(Vertx vertx) {
        String url = ledgerOf20(vertx);
        Database db = Database.connect(vertx, url, 2);
        LogHead head = Await.result(LedgerIntegrity.open(vertx, db.pool(), TestKeys.sampleSigner()));
        assertTrue(head.size() == 20);
    }

    @Test
    void aLeafHashThatDisagreesWithTheRootIsRefused(Vertx vertx) {
        String message = refusalAfter(vertx, "UPDATE log_entries SET leaf_hash = sha256('forged'::bytea) WHERE idx = 7");
        assertTrue(message.startsWith("the stored leaves hash to root "), message);
        assertTrue(message.endsWith("at size 20: the log has been altered"), message);
    }

    @Test
    void aMissingLeafIsRefused(Vertx vertx) {
        assertEquals("log entry 4 is missing (next stored is 5)", refusalAfter(vertx, "DELETE FROM log_entries WHERE idx = 4"));
    }

    @Test
    void aTamperedTreeNodeIsRefused(Vertx vertx) {
        String message = refusalAfter(vertx, "UPDATE tree_nodes SET hash = sha256('forged'::bytea) WHERE level = 4 AND idx = 0");
        assertTrue(message.startsWith("stored tree nodes do not hash to the log head's root at size 20"), message);
    }

    @Test
    void aCheckpointThatDisagreesWithTheHeadIsRefused(Vertx vertx) {
        String message = refusalAfter(vertx, "DELETE FROM checkpoints WHERE size = 20");
        assertTrue(message.startsWith("the latest checkpoint (size "), message);
    }

    @Test
    void aForgedCheckpointSignatureIsRefused(Vertx vertx) {
        String message = refusalAfter(vertx, "UPDATE checkpoints SET note = replace(note, '\n20\n', '\n21\n') WHERE size = 20");
        assertTrue(message.startsWith("the latest checkpoint does not verify: invalid signature"), message);
    }
}
