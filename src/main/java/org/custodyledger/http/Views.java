package org.custodyledger.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.model.AccessFailure;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.model.FootageRow;
import org.custodyledger.model.LegalHold;
import org.custodyledger.service.Page;

/** JSON shapes shared by several resources; absent optional fields are left out, not null. */
final class Views {
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private Views() {
    }

    static JsonObject footage(FootageRow row) {
        JsonObject json = new JsonObject()
                .put("id", row.id())
                .put("sha256", row.sha256().hex())
                .put("size", row.size())
                .put("mediaType", row.mediaType())
                .put("filename", row.filename())
                .put("incident", row.incident())
                .put("device", row.device())
                .put("notes", row.notes())
                .put("recordedAt", time(row.recordedAt()))
                .put("uploadedBy", row.uploadedBy())
                .put("uploadedAt", time(row.uploadedAt()))
                .put("held", row.held())
                .put("storageLocation", row.storageLocation())
                .put("derivedFrom", row.derivedFrom())
                .put("onHold", row.onHold())
                .put("retainUntil", time(row.retainUntil()))
                .put("disposedAt", time(row.disposedAt()))
                .put("metadata", row.metadata());
        return withoutNulls(json);
    }

    /** An event as histories show it: the signed event's fields plus where it sits in the log. */
    static JsonObject event(long index, byte[] leafHash, SignedEvent signed) {
        JsonObject json = new JsonObject(signed.event().toMap());
        json.put("index", index).put("leafHash", base64(leafHash)).put("keyId", signed.keyId());
        return json;
    }

    /** A freshly appended event with the checkpoint that includes it and its inclusion proof. */
    static JsonObject appended(AppendedEntry entry) {
        return new JsonObject()
                .put("event", event(entry.index(), entry.leafHash(), entry.event()))
                .put("checkpoint", entry.checkpointNote())
                .put("inclusionProof", new JsonObject()
                        .put("index", entry.index())
                        .put("treeSize", entry.checkpoint().size())
                        .put("leafHash", base64(entry.leafHash()))
                        .put("hashes", hashes(entry.inclusionProof())));
    }

    /** A refused request as the access audit shows it. */
    static JsonObject accessFailure(AccessFailure f) {
        return withoutNulls(new JsonObject()
                .put("id", f.id())
                .put("at", time(f.at()))
                .put("status", f.status())
                .put("actorId", f.actorId())
                .put("actorRoles", f.actorRoles())
                .put("method", f.method())
                .put("route", f.route())
                .put("reason", f.reason())
                .put("remote", f.remote())
                .put("requestId", f.requestId()));
    }

    static JsonObject hold(LegalHold h) {
        return withoutNulls(new JsonObject()
                .put("id", h.id())
                .put("footageId", h.footageId())
                .put("open", h.open())
                .put("reason", h.reason())
                .put("matter", h.matter())
                .put("placedBy", h.placedBy())
                .put("placedAt", time(h.placedAt()))
                .put("releasedBy", h.releasedBy())
                .put("releasedAt", time(h.releasedAt()))
                .put("releaseReason", h.releaseReason()));
    }

    /** A page of a paged list: its items in order, and the cursor of the next page (null on the last). */
    static <T> JsonObject page(Page<T> page, Function<T, JsonObject> item) {
        JsonArray items = new JsonArray();
        page.items().forEach(i -> items.add(item.apply(i)));
        return new JsonObject().put("items", items).put("nextCursor", page.nextCursor());
    }

    /** Hashes, signatures and leaves: standard base64, padded (docs/FORMATS.md). */
    static String base64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    /** A proof's hashes, each in base64. */
    static JsonArray hashes(List<byte[]> hashes) {
        JsonArray array = new JsonArray();
        hashes.forEach(h -> array.add(base64(h)));
        return array;
    }

    static String time(Instant t) {
        return t == null ? null : CustodyEvent.formatTime(t);
    }

    static JsonObject withoutNulls(JsonObject json) {
        json.fieldNames().removeIf(k -> json.getValue(k) == null);
        return json;
    }
}
