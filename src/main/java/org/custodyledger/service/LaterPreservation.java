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
import org.custodyledger.storage.FootageFacts;
import org.custodyledger.storage.FootageRegistration;
import org.custodyledger.storage.Sequencer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Footage registered after a complaint: when it matches an open complaint (same incident; or
 * recorded within its window and, when both have a location, within its radius; or recorded
 * in it by a named officer), it is held at registration — the holds and their HOLD_PLACED
 * events commit with the footage's row and REGISTERED event. The registration's admission
 * checks, under the log's lock, that the open complaints matching are still those planned
 * for; a footage matching more complaints than its batch has room for is held for the rest
 * in the batches that follow, before the registration is answered.
 */
final class LaterPreservation {
    private static final Logger log = LoggerFactory.getLogger(LaterPreservation.class);
    /** A changed set of matching complaints (one received or closed meanwhile) makes the holding match again, this often at most. */
    static final int ATTEMPTS = 3;

    /** The events to append after the registration's own, and the admission writing the row and the holds together. */
    record Plan(List<CustodyEvent> holdEvents, FootageRegistration admission, FootageFacts facts, boolean more) {
    }

    private final ComplaintStore complaints;
    private final Sequencer sequencer;
    private final Duration margin;
    private final int maxHolds;

    LaterPreservation(ComplaintStore complaints, Sequencer sequencer, Duration margin, int maxHolds) {
        this.complaints = complaints;
        this.sequencer = sequencer;
        this.margin = margin;
        this.maxHolds = maxHolds;
    }

    /**
     * A first attempt's plan, made without asking: no holds, which the admission holds true under
     * the log's lock. Most footage matches no open complaint, and asking first cost each
     * registration a statement PostgreSQL planned afresh every time (0.26 ms of its CPU, more
     * than the rest of the append). Footage that does match is refused, nothing of it written,
     * and {@link #plan planned} with its holds on the next attempt.
     */
    Plan assumingNoMatch(FootageRow row) {
        FootageFacts facts = facts(row);
        return new Plan(List.of(), new FootageRegistration(row, facts, List.of(), List.of()), facts, false);
    }

    /**
     * The holds a new footage needs beside {@code others} events of its own registration: the
     * row's admission with the holds for the open complaints it matches (as many as the batch
     * has room for; {@link Plan#more()} says others wait for {@link #holdRest}).
     */
    Future<Plan> plan(FootageRow row, int others) {
        FootageFacts facts = facts(row);
        return complaints.openComplaintsMatching(facts, null).map(open -> {
            int room = Math.max(0, maxHolds + 1 - others);
            List<String> expected = open.stream().map(ComplaintStore.OpenMatch::complaintId).toList();
            List<LegalHold> holds = new ArrayList<>();
            List<CustodyEvent> events = new ArrayList<>();
            holds(row, expected.subList(0, Math.min(expected.size(), room)), holds, events);
            return new Plan(events, new FootageRegistration(row, facts, expected, holds), facts, expected.size() > room);
        });
    }

    /**
     * After the registration committed: holds for the matching open complaints its batch had no
     * room for. The registration stands either way, so a failure here is logged, not answered.
     */
    Future<Void> holdRest(FootageRow row, Plan plan) {
        if (!plan.more()) {
            return Future.succeededFuture();
        }
        return holdRest(row, plan.facts(), 1).recover(err -> {
            log.warn("footage {} was registered but is not held for every open complaint it matches: {}", row.id(),
                    err.toString());
            return Future.succeededFuture();
        });
    }

    private Future<Void> holdRest(FootageRow row, FootageFacts facts, int attempt) {
        return complaints.openComplaintsMatching(facts, row.id()).compose(open -> {
            if (open.isEmpty()) {
                return Future.succeededFuture();
            }
            List<String> next = open.stream().limit(maxHolds).map(ComplaintStore.OpenMatch::complaintId).toList();
            List<LegalHold> holds = new ArrayList<>();
            List<CustodyEvent> events = new ArrayList<>();
            holds(row, next, holds, events);
            return sequencer.appendAll(events, ComplaintStore.holdForComplaints(row.id(), holds))
                    .compose(entries -> holdRest(row, facts, 1))
                    .recover(Refusals.otherwise(() -> attempt < ATTEMPTS ? holdRest(row, facts, attempt + 1)
                            : Future.failedFuture(ServiceException.conflict("footage " + row.id() + " was registered, but"
                                    + " the open complaints it matches kept changing while it was being held for them"))));
        });
    }

    private static void holds(FootageRow row, List<String> complaintIds, List<LegalHold> holds, List<CustodyEvent> events) {
        for (String complaintId : complaintIds) {
            String reason = "automatic preservation for complaint " + complaintId;
            LegalHold hold = new LegalHold(Ids.mint("h"), row.id(), reason, complaintId, ComplaintIntake.SYSTEM,
                    row.uploadedAt(), null, null, null);
            holds.add(hold);
            events.add(CustodyEvent.of(row.id(), row.sha256(), EventType.HOLD_PLACED, ComplaintIntake.SYSTEM,
                    ComplaintIntake.SYSTEM, row.uploadedAt(), reason, null, Map.of("holdId", hold.id(), "matter", complaintId)));
        }
    }

    /**
     * What a complaint is matched against. A location counts only as a JSON object with numeric
     * lat within ±90 and lon within ±180 (as the matching SQL in storage reads it); free text
     * such as {@code "location": "Main St"} is no location.
     */
    private FootageFacts facts(FootageRow row) {
        Object location = row.metadata() == null ? null : row.metadata().getValue("location");
        Double lat = null;
        Double lon = null;
        if (location instanceof JsonObject point) {
            lat = number(point.getValue("lat"), 90);
            lon = number(point.getValue("lon"), 180);
        }
        boolean both = lat != null && lon != null;
        return new FootageFacts(row.incident(), row.recordedAt(), both ? lat : null, both ? lon : null,
                row.uploadedBy(), margin);
    }

    private static Double number(Object v, double max) {
        return v instanceof Number n && Double.isFinite(n.doubleValue()) && Math.abs(n.doubleValue()) <= max
                ? n.doubleValue() : null;
    }
}
