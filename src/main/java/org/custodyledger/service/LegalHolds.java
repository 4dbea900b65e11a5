package org.custodyledger.service;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.model.LegalHold;
import org.custodyledger.storage.ComplaintStore;
import org.custodyledger.storage.CustodyStore;
import org.custodyledger.storage.FootageStore;
import org.custodyledger.storage.Sequencer;

/** Legal holds: placed and released by an admin, one open hold per matter; a held footage cannot be disposed. */
public final class LegalHolds {
    public static final int MAX_MATTER = 256;

    /** A hold as placed or released, with the event that recorded it. */
    public record HoldChange(LegalHold hold, AppendedEntry entry) {
    }

    private final FootageStore footage;
    private final CustodyStore custody;
    private final FootageEvents events;
    private final ComplaintStore complaints;

    public LegalHolds(FootageStore footage, CustodyStore custody, ComplaintStore complaints, Sequencer sequencer, Clock clock) {
        this.complaints = complaints;
        this.footage = footage;
        this.custody = custody;
        this.events = new FootageEvents(sequencer, clock);
    }

    public Future<List<LegalHold>> holds(String id, Actor actor) {
        return Visibility.load(footage, id, actor).compose(row -> custody.holds(id));
    }

    /** Places a hold; {@code reason} and {@code matter} (optional) were checked at the edge. */
    public Future<HoldChange> place(String id, String reason, String matter, Actor actor) {
        return Visibility.load(footage, id, actor).compose(row -> custody.holds(id).map(holds -> {
            for (LegalHold open : holds) {
                if (open.open() && matter != null && matter.equals(open.matter())) {
                    throw ServiceException.conflict("footage " + id + " already has an open legal hold for matter '" + matter
                            + "': " + open.id() + "; one hold per matter");
                }
            }
            return row;
        })).compose(row -> {
            if (row.disposed()) {
                throw FootageEvents.gone(row);
            }
            LegalHold hold = new LegalHold(Ids.mint("h"), id, reason, matter, actor.id(), events.clock().instant(), null,
                    null, null);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("holdId", hold.id());
            if (matter != null) {
                details.put("matter", matter);
            }
            return events.append(row, EventType.HOLD_PLACED, actor, reason, null, details, CustodyStore.placeHold(hold))
                    .recover(Refusals.asConflict("footage " + id + " was disposed, or held for matter '" + matter
                            + "', meanwhile"))
                    .map(entry -> new HoldChange(hold, entry));
        });
    }

    /** Releases an open hold; {@code reason} was checked at the edge. */
    public Future<HoldChange> release(String id, String holdId, String reason, Actor actor) {
        return Visibility.load(footage, id, actor).compose(row -> custody.holds(id)).compose(holds -> {
            LegalHold hold = holds.stream().filter(h -> h.id().equals(holdId)).findFirst()
                    .orElseThrow(() -> ServiceException.notFound("footage " + id + " has no legal hold " + holdId));
            if (!hold.open()) {
                throw ServiceException.conflict("legal hold " + holdId + " was already released at "
                        + CustodyEvent.formatTime(hold.releasedAt()) + " by " + hold.releasedBy());
            }
            return complaints.openComplaint(hold.matter()).compose(open -> {
                if (open) {
                    throw ServiceException.conflict("legal hold " + holdId + " preserves footage for complaint "
                            + hold.matter() + ", which is not closed; release it once the complaint is closed");
                }
                return release(id, hold, reason, actor);
            });
        });
    }

    private Future<HoldChange> release(String id, LegalHold hold, String reason, Actor actor) {
        String holdId = hold.id();
        Instant now = events.clock().instant();
        return footage.byId(id).compose(row -> events.append(row, EventType.HOLD_RELEASED, actor, reason, null,
                        Map.of("holdId", holdId), CustodyStore.releaseHold(holdId, id, actor.id(), now, reason)))
                .recover(Refusals.asConflict("legal hold " + holdId + " was released meanwhile, or its complaint reopened"))
                .map(entry -> new HoldChange(new LegalHold(hold.id(), id, hold.reason(), hold.matter(), hold.placedBy(),
                        hold.placedAt(), actor.id(), now, reason), entry));
    }
}
