package org.custodyledger.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.TestKeys;
import org.custodyledger.merkle.TilePaths;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.storage.Database;
import org.custodyledger.storage.LedgerIntegrity;
import org.custodyledger.storage.Sequencer;
import org.custodyledger.storage.StoredTiles;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Events;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Full hash tiles are kept once read (they never change), partial ones never, and no more than the bound. */
@ExtendWith(VertxExtension.class)
class TileReadsCacheTest {
    @Test
    void keepsFullTilesOnlyWithinItsBound(Vertx vertx) throws Exception {
        Database db = Database.connect(vertx, TestDatabases.freshDatabase(), 4);
        Await.result(db.migrate());
        Await.result(LedgerIntegrity.open(vertx, db.pool(), TestKeys.sampleSigner()));
        Sequencer sequencer = new Sequencer(vertx, db.pool(), TestKeys.sampleSigner(), 256, Duration.ZERO);
        List<Future<AppendedEntry>> appends = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            appends.add(sequencer.append(Events.viewed("f" + (i % 9))));
        }
        Await.result(Future.all(appends));
        TileReads reads = new TileReads(new StoredTiles(db.pool()), 1);

        TileReads.TileContent first = Await.result(reads.read(TilePaths.parse("tile/0/000")));
        assertTrue(first.immutable());
        assertEquals(1, reads.cachedTiles());
        assertArrayEquals(first.bytes(), Await.result(reads.read(TilePaths.parse("tile/0/000"))).bytes());

        TileReads.TileContent partial = Await.result(reads.read(TilePaths.parse("tile/0/002.p/88")));
        assertFalse(partial.immutable());
        assertEquals(1, reads.cachedTiles());

        TileReads.TileContent second = Await.result(reads.read(TilePaths.parse("tile/0/001")));
        assertEquals(1, reads.cachedTiles());
        // Evicted and read again from the table: the same bytes.
        assertArrayEquals(first.bytes(), Await.result(reads.read(TilePaths.parse("tile/0/000"))).bytes());
        assertFalse(java.util.Arrays.equals(first.bytes(), second.bytes()));
    }
}
