package org.custodyledger.service;

import io.vertx.core.Future;
import java.time.Clock;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.storage.CustodyStore;
import org.custodyledger.storage.FootageStore;
import org.custodyledger.storage.Sequencer;

/** Records a client-described custody event (viewed, shared, annotated …) on footage the actor may see. */
public final class EventRecorder {
    private final FootageStore footage;
    private final FootageEvents events;

    public EventRecorder(FootageStore footage, Sequencer sequencer, Clock clock) {
        this.footage = footage;
        this.events = new FootageEvents(sequencer, clock);
    }

    /** {@code req} was checked by {@link EventRules#check}; the role matrix is checked here. */
    public Future<AppendedEntry> record(String id, EventRules.EventRequest req, Actor actor) {
        ServiceException refused = EventRules.refusal(req.type(), actor);
        if (refused != null) {
            return Future.failedFuture(refused);
        }
        return Visibility.load(footage, id, actor).compose(row -> {
            if (row.disposed()) {
                throw FootageEvents.gone(row);
            }
            return events.append(row, req.type(), actor, req.purpose(), req.location(), req.details(),
                            CustodyStore.notDisposed(id))
                    .recover(Refusals.asConflict("footage " + id + " was disposed meanwhile"));
        });
    }
}
