package org.custodyledger.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.custodyledger.model.ComplaintRow;
import org.custodyledger.service.ComplaintIntake;
import org.custodyledger.service.ComplaintInvestigations;

/** Complaints as the API shows them: whole to oversight, status and dates to the complainant. */
final class ComplaintViews {
    private ComplaintViews() {
    }

    /** The intake's 201: the secret (shown this once), the receipt to keep, and the event as appended. */
    static JsonObject received(ComplaintIntake.Received r) {
        return new JsonObject()
                .put("complaintId", r.complaint().id())
                .put("receiptSecret", r.secret())
                .put("status", r.complaint().status())
                .put("receivedAt", time(r.complaint().receivedAt()))
                .put("receipt", new JsonObject(r.receipt().toMap()))
                .mergeIn(Views.appended(r.entry()));
    }

    /** What the receipt secret opens: status and dates only. */
    static JsonObject status(ComplaintRow row) {
        return withoutNulls(new JsonObject()
                .put("complaintId", row.id())
                .put("status", row.status())
                .put("receivedAt", time(row.receivedAt()))
                .put("dueBy", time(row.dueAt()))
                .put("closedAt", time(row.closedAt())));
    }

    /** The whole complaint (personal data: oversight and admin only). */
    static JsonObject complaint(ComplaintRow row, Instant now) {
        var c = row.content();
        JsonObject location = c.lat() == null ? null : new JsonObject().put("lat", Double.valueOf(c.lat()))
                .put("lon", Double.valueOf(c.lon())).put("radiusM", c.radiusM());
        return withoutNulls(new JsonObject()
                .put("id", row.id())
                .put("category", c.category().code())
                .put("occurredFrom", time(c.occurredFrom()))
                .put("occurredTo", time(c.occurredTo()))
                .put("location", location)
                .put("place", c.place())
                .put("incident", c.incident())
                .put("officers", c.officers().isEmpty() ? null : new JsonArray(c.officers()))
                .put("description", c.description())
                .put("contact", c.contact())
                .put("receivedAt", time(row.receivedAt()))
                .put("receivedBy", row.receivedBy())
                .put("receivedRole", row.receivedRole())
                .put("dueBy", time(row.dueAt()))
                .put("overdue", ComplaintInvestigations.overdue(row, now))
                .put("status", row.status())
                .put("investigator", row.investigator())
                .put("outcome", row.outcome())
                .put("closedAt", time(row.closedAt()))
                .put("footageMatched", row.footageMatched())
                .put("noFootageFound", row.footageMatched() == 0)
                .put("automaticHoldsCapped", row.holdsCapped()));
    }

    static JsonObject withMatches(ComplaintRow.WithMatches w, Instant now) {
        JsonArray matches = new JsonArray();
        w.matches().forEach(m -> matches.add(new JsonObject().put("footageId", m.footageId()).put("holdId", m.holdId())
                .put("matchedAt", time(m.matchedAt())).put("matchedWhen", m.matchedWhen())));
        return complaint(w.complaint(), now).put("matches", matches);
    }

    private static String time(Instant t) {
        return Views.time(t);
    }

    private static JsonObject withoutNulls(JsonObject json) {
        return Views.withoutNulls(json);
    }
}
