package org.custodyledger.storage;

import java.util.ArrayList;
import java.util.List;
import org.custodyledger.model.AppendedEntry;

/**
 * A batch as it will be written ({@code built} is null when its admissions refused every
 * member), with the callers it answers and those its admissions refused.
 */
record ReadyBatch(BatchBuilder.Built built, List<PendingAppend> admitted, List<PendingAppend> refused) {

    /** Once committed: each admitted caller gets its entries, in batch order; each refused one a refusal. */
    void answer() {
        int next = 0;
        for (PendingAppend p : admitted) {
            List<AppendedEntry> entries = new ArrayList<>(p.events().size());
            for (int k = 0; k < p.events().size(); k++, next++) {
                BatchBuilder.Signed s = built.signed().get(next);
                entries.add(new AppendedEntry(built.firstIndex() + next, s.leafHash(), s.event(), built.checkpoint(),
                        built.note(), built.proofs().get(next)));
            }
            p.complete(entries, null);
        }
        refused.forEach(p -> p.complete(null, new Sequencer.RefusedException()));
    }
}
