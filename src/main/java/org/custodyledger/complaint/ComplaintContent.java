package org.custodyledger.complaint;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.custodyledger.custody.CanonicalJson;
import org.custodyledger.custody.CustodyEvent;

/**
 * What a complainant submitted, in the form that is committed to: canonical JSON (RFC 8785,
 * strings and integers only — so coordinates are decimal strings as given, normalised).
 * The service keeps these bytes; the ledger sees only their salted hash.
 *
 * @param lat    decimal degrees as a string (e.g. {@code "52.370216"}), or null with {@code lon}
 * @param radiusM metres around the point, or null without a point
 */
public record ComplaintContent(String complaintId, Category category, Instant occurredFrom, Instant occurredTo,
                               String lat, String lon, Long radiusM, String place, String incident,
                               List<String> officers, String description, String contact) {

    public ComplaintContent {
        officers = officers == null ? List.of() : List.copyOf(officers);
    }

    /** The canonical map: absent optional fields are left out, never null. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new TreeMap<>();
        m.put("complaintId", complaintId);
        m.put("category", category.code());
        m.put("occurredFrom", CustodyEvent.formatTime(occurredFrom));
        m.put("occurredTo", CustodyEvent.formatTime(occurredTo));
        if (lat != null) {
            Map<String, Object> location = new TreeMap<>();
            location.put("lat", lat);
            location.put("lon", lon);
            location.put("radiusM", radiusM);
            m.put("location", location);
        }
        putIfPresent(m, "place", place);
        putIfPresent(m, "incident", incident);
        if (!officers.isEmpty()) {
            m.put("officers", officers);
        }
        m.put("description", description);
        putIfPresent(m, "contact", contact);
        return m;
    }

    /** The exact bytes the commitment covers. */
    public byte[] canonicalBytes() {
        return CanonicalJson.encode(toMap());
    }

    private static void putIfPresent(Map<String, Object> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
