package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.model.FootageRow;
import org.custodyledger.model.LegalHold;
import org.custodyledger.storage.ComplaintStore;
import org.custodyledger.storage.Sequencer;

/**
 * Footage registered after a complaint: when it matches an open complaint (same incident; or
 * recorded within its window and, when both have a location, within its radius; or recorded
 * in it by a named officer), it is held at registration — the holds and their HOLD_PLACED
 * events commit with the footage's row and REGISTERED event.
 */
final class LaterPreservation {
    /** The events to append after REGISTERED, and the admission writing the row and the holds together. */
    record Plan(List<CustodyEvent> holdEvents, Sequencer.Admission admission) {
    }

    private final ComplaintStore complaints;
    private final Duration margin;
    private final int maxHolds;

    LaterPreservation(ComplaintStore complaints, Duration margin, int maxHolds) {
        this.complaints = complaints;
        this.margin = margin;
        this.maxHolds = maxHolds;
    }

    /** The holds a new footage needs, or an empty plan using {@code insert} alone. */
    Future<Plan> plan(FootageRow row, Sequencer.Admission insert) {
        JsonObject location = row.metadata() == null ? null : row.metadata().getJsonObject("location");
        Double lat = location == null ? null : number(location.getValue("lat"));
        Double lon = location == null ? null : number(location.getValue("lon"));
        return complaints.openComplaintsMatching(row.incident(), row.recordedAt(), lon == null ? null : lat, lat == null ? null : lon,
                        row.uploadedBy(), margin.toSeconds())
                .map(open -> {
                    if (open.isEmpty()) {
                        return new Plan(List.of(), insert);
                    }
                    List<LegalHold> holds = new ArrayList<>();
                    List<CustodyEvent> events = new ArrayList<>();
                    for (ComplaintStore.OpenMatch m : open.subList(0, Math.min(open.size(), maxHolds))) {
                        String reason = "automatic preservation for complaint " + m.complaintId();
                        LegalHold hold = new LegalHold(Ids.mint("h"), row.id(), reason, m.complaintId(), ComplaintIntake.SYSTEM,
                                row.uploadedAt(), null, null, null);
                        holds.add(hold);
                        events.add(CustodyEvent.of(row.id(), row.sha256(), EventType.HOLD_PLACED, ComplaintIntake.SYSTEM,
                                ComplaintIntake.SYSTEM, row.uploadedAt(), reason, null,
                                Map.of("holdId", hold.id(), "matter", m.complaintId())));
                    }
                    return new Plan(events, ComplaintStore.registerThenHold(insert, row.id(), holds));
                });
    }

    private static Double number(Object v) {
        return v instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
    }
}
