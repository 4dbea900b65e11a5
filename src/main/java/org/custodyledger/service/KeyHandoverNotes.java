package org.custodyledger.service;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.note.KeyPeriod;
import org.custodyledger.note.StoredCheckpoint;
import org.custodyledger.storage.LedgerStore;

/**
 * The signed key handovers of a key history: for each key after the first, the first checkpoint
 * under it — the one {@code serve --previous-signing-key} has the old key sign too — as its
 * exact note text. They are what makes the (unsigned) history checkable offline
 * ({@link org.custodyledger.verify.KeyHandovers}).
 */
public final class KeyHandoverNotes {
    private KeyHandoverNotes() {
    }

    /** The handover notes, oldest first; a rotation whose first checkpoint is not signed yet has none. */
    public static Future<List<String>> of(LedgerStore store, List<KeyPeriod> history) {
        List<Future<StoredCheckpoint>> firsts = new ArrayList<>();
        for (int i = 1; i < history.size(); i++) {
            Long from = history.get(i).firstSize();
            if (from != null) {
                // The checkpoint of the first batch appended under the new key: the first whose tree holds entry `from`.
                firsts.add(store.firstCheckpointIncluding(from));
            }
        }
        return Future.all(firsts).map(all -> {
            List<String> notes = new ArrayList<>();
            firsts.forEach(f -> {
                if (f.result() != null) {
                    notes.add(f.result().note());
                }
            });
            return notes;
        });
    }
}
