package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.custodyledger.TestKeys;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteSigner;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bounded start-up check on a ledger longer than its tail: 600 entries appended 20 at a
 * time (a checkpoint every 20), so the newest leaves re-read are 512..599 and entries below
 * 512 are only read by the full check. Tampering that could reach the next signed checkpoint
 * (head, right edge, newest leaves and nodes, latest and recent checkpoints) is refused;
 * an old leaf is left to the full check and the audit.
 */
@ExtendWith(VertxExtension.class)
class BoundedIntegrityCheckTest {
    private static final int SIZE = 600;

    private static String ledgerOf600(Vertx vertx) {
        String url = TestDatabases.freshDatabase();
        LedgerFixture ledger = new LedgerFixture(vertx, url);
        for (int i = 0; i < SIZE / 20; i++) {
            ledger.appendConcurrently(20, 7);
        }
        return url;
    }

    private static LogHead open(Vertx vertx, String url, boolean full) {
        Database db = Database.connect(vertx, url, 2);
        return Await.result(LedgerIntegrity.open(vertx, db.pool(), TestKeys.sampleSigner(), full));
    }

    /** Why the bounded start-up refuses the ledger once {@code tampering} has run on it. */
    private static String refusalAfter(Vertx vertx, String... tampering) {
        String url = ledgerOf600(vertx);
        try (Sql sql = new Sql(url)) {
            sql.tamper(tampering);
        }
        return assertThrows(StorageException.class, () -> open(vertx, url, false)).getMessage();
    }

    private static String forged() {
        return "sha256('forged'::bytea)";
    }

    @Test
    void theTailIsTheLastTile() {
        assertEquals(0, BoundedIntegrityCheck.tailStart(0));
        assertEquals(0, BoundedIntegrityCheck.tailStart(256));
        assertEquals(256, BoundedIntegrityCheck.tailStart(257));
        assertEquals(512, BoundedIntegrityCheck.tailStart(SIZE));
    }

    @Test
    void anUntouchedLedgerOpensEitherWay(Vertx vertx) {
        String url = ledgerOf600(vertx);
        assertEquals(SIZE, open(vertx, url, false).size());
        assertEquals(SIZE, open(vertx, url, true).size());
    }

    @Test
    void aTamperedTailLeafIsRefused(Vertx vertx) {
        String message = refusalAfter(vertx, "UPDATE log_entries SET leaf = leaf || '\\x20'::bytea WHERE idx = 590");
        assertTrue(message.startsWith("log entry 590's leaf hashes to "), message);
        assertTrue(message.endsWith(": the log has been altered"), message);
    }

    @Test
    void aTamperedTailLeafHashIsRefused(Vertx vertx) {
        String message = refusalAfter(vertx, "UPDATE log_entries SET leaf_hash = " + forged() + " WHERE idx = 595");
        assertTrue(message.startsWith("the stored leaves hash to root "), message);
    }

    @Test
    void aTamperedTailNodeIsRefused(Vertx vertx) {
        // The level-2 node over leaves 560..563: not on the right edge. (Level 0 is the leaf hash, above.)
        assertTrue(refusalAfter(vertx, "UPDATE tree_nodes SET hash = " + forged() + " WHERE level = 2 AND idx = 140")
                .startsWith("stored tree node (2, 140) is "));
    }

    @Test
    void aTamperedRightEdgeNodeIsRefused(Vertx vertx) {
        // 600 = 512 + 64 + 16 + 8: node (9, 0) covers leaves 0..511, none of them in the tail.
        String message = refusalAfter(vertx, "UPDATE tree_nodes SET hash = " + forged() + " WHERE level = 9 AND idx = 0");
        assertTrue(message.startsWith("stored tree nodes do not hash to the log head's root at size 600"), message);
    }

    @Test
    void aTamperedHeadRootIsRefused(Vertx vertx) {
        String message = refusalAfter(vertx, "UPDATE log_head SET root = " + forged());
        assertTrue(message.startsWith("stored tree nodes do not hash to the log head's root at size 600"), message);
    }

    @Test
    void aHeadMovedBackIsRefused(Vertx vertx) {
        // Back to an earlier signed state, its checkpoint the latest again: the entries after it are still there.
        String message = refusalAfter(vertx,
                "UPDATE log_head SET size = 580, root = (SELECT root FROM checkpoints WHERE size = 580)",
                "DELETE FROM checkpoints WHERE size = 600");
        assertEquals("the log head says 580 entries but entry 580 is stored beyond it", message);
    }

    @Test
    void aMissingTailEntryIsRefused(Vertx vertx) {
        assertEquals("log entry 597 is missing (next stored is 598)",
                refusalAfter(vertx, "DELETE FROM log_entries WHERE idx = 597"));
    }

    @Test
    void theLatestCheckpointSwappedForAnOlderOneIsRefused(Vertx vertx) {
        String message = refusalAfter(vertx,
                "UPDATE checkpoints SET note = (SELECT note FROM checkpoints WHERE size = 580) WHERE size = 600");
        assertEquals("the latest checkpoint's signed text disagrees with its stored size and root", message);
    }

    @Test
    void aRecentCheckpointSwappedIsRefused(Vertx vertx) {
        String message = refusalAfter(vertx,
                "UPDATE checkpoints SET note = (SELECT note FROM checkpoints WHERE size = 100) WHERE size = 300");
        assertEquals("the checkpoint stored at size 300 signs size 100: its signed text disagrees with its stored size "
                + "and root", message);
    }

    @Test
    void aRecentCheckpointWithAForgedSignatureIsRefused(Vertx vertx) {
        String message = refusalAfter(vertx,
                "UPDATE checkpoints SET note = replace(note, E'\\n300\\n', E'\\n301\\n') WHERE size = 300");
        assertTrue(message.startsWith("the checkpoint at size 300 does not verify: "), message);
    }

    @Test
    void aSignedCheckpointInconsistentWithTheHeadIsRefused(Vertx vertx) {
        // What a fork signed with the log's own key would leave: a valid signature over another tree of 300.
        byte[] otherRoot = Rfc6962.hashLeaf("another history".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        NoteSigner signer = TestKeys.sampleSigner();
        String note = Checkpoints.sign(new Checkpoint(signer.name(), 300, otherRoot), signer);
        String message = refusalAfter(vertx, "UPDATE checkpoints SET root = decode('" + HexFormat.of().formatHex(otherRoot)
                + "', 'hex'), note = $n$" + note + "$n$ WHERE size = 300");
        assertTrue(message.startsWith("the checkpoint at size 300 is not consistent with the log head at size 600 (root "
                + "mismatch"), message);
    }

    @Test
    void theLatestCheckpointIsVerifiedWithTheRunningKeyNotItsStoredCopy(Vertx vertx) {
        // Whoever can write the database replaces the stored public key of the log's key ID with their own and
        // re-signs the latest checkpoint: the stored copy would accept it, the running key does not.
        NoteSigner impostor = new NoteSigner(TestKeys.ORIGIN, new Ed25519PrivateKeyParameters(new byte[32]));
        NoteSigner real = TestKeys.sampleSigner();
        String url = ledgerOf600(vertx);
        LogHead head = open(vertx, url, false);
        String note = Checkpoints.sign(new Checkpoint(real.name(), SIZE, head.root()), impostor);
        try (Sql sql = new Sql(url)) {
            sql.tamper("UPDATE ledger_keys SET public_key = decode('"
                    + HexFormat.of().formatHex(impostor.verifier().publicKey().getEncoded()) + "', 'hex'), verifier_key = '"
                    + impostor.verifier().verifierKey() + "' WHERE key_id = '" + real.verifier().keyIdHex() + "'",
                    "UPDATE checkpoints SET note = $n$" + note + "$n$ WHERE size = " + SIZE);
        }
        String message = assertThrows(StorageException.class, () -> open(vertx, url, false)).getMessage();
        assertTrue(message.startsWith("the latest checkpoint does not verify: "), message);
    }

    @Test
    void anOldLeafIsLeftToTheFullCheck(Vertx vertx) {
        // Entry 5 is below the tail: the bounded start-up cannot see it and opens (nothing it signs next
        // depends on it); --full-startup-check and the audit refuse it.
        String url = ledgerOf600(vertx);
        try (Sql sql = new Sql(url)) {
            sql.tamper("UPDATE log_entries SET leaf_hash = " + forged() + " WHERE idx = 5");
        }
        assertEquals(SIZE, open(vertx, url, false).size());
        String message = assertThrows(StorageException.class, () -> open(vertx, url, true)).getMessage();
        assertTrue(message.startsWith("the stored leaves hash to root "), message);
    }

    /**
     * A ledger that rotated its key: 200 entries under the sample key, then 100 under a new one,
     * the first batch's checkpoint (size 220) signed by both. The bounded start-up under the new
     * key checks the latest checkpoint with the new key and the earlier ones each with the key
     * that signed it, the old key's among them.
     */
    private static String rotatedLedger(Vertx vertx, NoteSigner next) {
        String url = TestDatabases.freshDatabase();
        LedgerFixture ledger = new LedgerFixture(vertx, url);
        Await.result(KeyRotation.open(ledger.db.pool(), ledger.signer, null));
        for (int i = 0; i < 10; i++) {
            ledger.appendConcurrently(20, 7);
        }
        Database db = Database.connect(vertx, url, 2);
        KeyRotation.Handover handover = Await.result(KeyRotation.open(db.pool(), next, ledger.signer));
        assertEquals(200, handover.fromSize());
        Await.result(LedgerIntegrity.open(vertx, db.pool(), next, false));
        Sequencer sequencer = new Sequencer(vertx, db.pool(), next, handover, 256, java.time.Duration.ZERO,
                Sequencer.BatchListener.NONE);
        for (int i = 0; i < 5; i++) {
            java.util.List<io.vertx.core.Future<org.custodyledger.model.AppendedEntry>> batch = new java.util.ArrayList<>();
            for (int j = 0; j < 20; j++) {
                batch.add(sequencer.append(org.custodyledger.testing.Events.viewed("f" + (j % 7))));
            }
            Await.result(io.vertx.core.Future.all(batch));
        }
        return url;
    }

    private static NoteSigner nextSigner() {
        byte[] seed = new byte[32];
        seed[0] = 42;
        return new NoteSigner(TestKeys.ORIGIN, new Ed25519PrivateKeyParameters(seed));
    }

    @Test
    void afterARotationTheBoundedCheckOpensAndStillRefusesATamperedOldKeyCheckpoint(Vertx vertx) {
        NoteSigner next = nextSigner();
        String url = rotatedLedger(vertx, next);
        try (Sql sql = new Sql(url)) {
            assertEquals(next.verifier().keyIdHex(), sql.run("SELECT key_id FROM checkpoints WHERE size = 300").iterator().next().getString(0));
            assertEquals(TestKeys.sampleSigner().verifier().keyIdHex(),
                    sql.run("SELECT key_id FROM checkpoints WHERE size = 180").iterator().next().getString(0));
        }
        Database db = Database.connect(vertx, url, 2);
        assertEquals(300, Await.result(LedgerIntegrity.open(vertx, db.pool(), next, false)).size());

        // A checkpoint the old key signed, before the rotation and among the 32 before the latest.
        try (Sql sql = new Sql(url)) {
            sql.tamper("UPDATE checkpoints SET note = replace(note, E'\\n180\\n', E'\\n181\\n') WHERE size = 180");
        }
        String message = assertThrows(StorageException.class,
                () -> Await.result(LedgerIntegrity.open(vertx, db.pool(), next, false))).getMessage();
        assertTrue(message.startsWith("the checkpoint at size 180 does not verify: "), message);
    }
}
