package org.custodyledger.storage;

import org.custodyledger.model.AppendedEntry;
import org.custodyledger.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.TestKeys;
import org.custodyledger.note.NoteSigner;
import org.custodyledger.testing.Events;

/** A migrated, checked ledger on one database, with its own pool and a sequencer that forms batches without lingering. */
final class LedgerFixture {
    final Database db;
    final Sequencer sequencer;
    final LedgerStore store;
    final NoteSigner signer = TestKeys.sampleSigner();

    LedgerFixture(Vertx vertx, String url) {
        db = Database.connect(vertx, url, 4);
        Await.result(db.migrate());
        Await.result(LedgerIntegrity.open(vertx, db.pool(), signer));
        sequencer = new Sequencer(vertx, db.pool(), signer, 256, Duration.ZERO);
        store = new LedgerStore(db.pool());
    }

    /** Appends {@code n} events at once, for footages f0..f(k-1) in turn, and waits for all. */
    List<AppendedEntry> appendConcurrently(int n, int footages) {
        List<Future<AppendedEntry>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(sequencer.append(Events.viewed("f" + (i % footages))));
        }
        Await.result(Future.all(futures));
        return futures.stream().map(Future::result).toList();
    }
}
