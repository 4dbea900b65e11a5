package org.custodyledger.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.model.FootageRow;
import org.custodyledger.model.Share;

/** JSON shapes of shares: as staff see them, and the narrower view a recipient gets. */
final class ShareViews {
    static final String SHARED_PATH = "/api/v1/shared/";

    private ShareViews() {
    }

    /** A share as staff see it (never its secret, which is not kept). */
    static JsonObject share(Share s) {
        JsonObject recipient = new JsonObject().put("name", s.recipientName()).put("organisation", s.recipientOrg());
        if (s.recipientEmail() != null) {
            recipient.put("email", s.recipientEmail());
        }
        JsonObject json = new JsonObject()
                .put("id", s.id())
                .put("recipient", recipient)
                .put("purpose", s.purpose())
                .put("createdBy", s.createdBy())
                .put("createdAt", Views.time(s.createdAt()))
                .put("expiresAt", Views.time(s.expiresAt()))
                .put("footageIds", new JsonArray(s.footageIds()));
        putIfPresent(json, "case", s.caseNumber());
        putIfPresent(json, "revokedBy", s.revokedBy());
        putIfPresent(json, "revokedAt", Views.time(s.revokedAt()));
        putIfPresent(json, "revokeReason", s.revokeReason());
        return json;
    }

    /** The events that recorded a change to a share, one per footage. */
    static JsonArray events(List<AppendedEntry> entries) {
        JsonArray events = new JsonArray();
        entries.forEach(e -> events.add(new JsonObject().put("footageId", e.event().event().footageId())
                .put("index", e.index()).put("leafHash", Views.base64(e.leafHash()))));
        return events;
    }

    /**
     * What the recipient sees: who it is for, why, until when, and per footage what a court
     * needs to identify it and the link to its content. Not the agency's internal notes or people.
     */
    static JsonObject opened(String capability, Share s, List<FootageRow> rows) {
        JsonArray footage = new JsonArray();
        for (FootageRow row : rows) {
            JsonObject item = new JsonObject()
                    .put("id", row.id())
                    .put("sha256", row.sha256().hex())
                    .put("size", row.size())
                    .put("filename", row.filename());
            putIfPresent(item, "mediaType", row.mediaType());
            putIfPresent(item, "incident", row.incident());
            putIfPresent(item, "recordedAt", Views.time(row.recordedAt()));
            if (row.disposed()) {
                item.put("disposedAt", Views.time(row.disposedAt()));
            } else {
                item.put("content", SHARED_PATH + capability + "/footage/" + row.id() + "/content");
            }
            footage.add(item);
        }
        JsonObject json = new JsonObject()
                .put("share", s.id())
                .put("recipient", new JsonObject().put("name", s.recipientName()).put("organisation", s.recipientOrg()))
                .put("purpose", s.purpose())
                .put("expiresAt", Views.time(s.expiresAt()))
                .put("footage", footage);
        putIfPresent(json, "case", s.caseNumber());
        return json;
    }

    private static void putIfPresent(JsonObject json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }
}
