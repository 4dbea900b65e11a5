package org.custodyledger.custody;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.custodyledger.hash.Sha256Digest;

/**
 * One custody fact: who ({@code actorId}, {@code actorRole}) did what ({@code type}) to which
 * subject, when, where and why. The subject is either a footage ({@code footageId}, whose
 * SHA-256 was {@code sha256}), a complaint ({@code complaintId}, then neither footage
 * field) or a reporting period ({@code period}: a published report, a day's access refusals):
 * exactly one kind. {@code prev} is the log index of the subject's previous event (null for
 * its first), so a subject's history is a linked chain whose gaps can be detected. Optional
 * fields are null (or empty) when absent and are then left out of the canonical JSON.
 * {@code unit} is the acting person's unit (a token claim), for reports per unit.
 */
public record CustodyEvent(
        int v,
        String footageId,
        Sha256Digest sha256,
        EventType type,
        String actorId,
        String actorRole,
        Instant time,
        String purpose,
        String location,
        Long prev,
        Map<String, String> details,
        String complaintId,
        String period,
        String unit) {

    public static final int FORMAT_VERSION = 1;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Set<String> FIELDS = Set.of("v", "footageId", "sha256", "type", "actorId", "actorRole",
            "time", "purpose", "location", "prev", "details", "complaintId", "period", "unit");

    private static final String COMPLAINT_ID_PREFIX = "c-";

    /** A complaint's id: {@code c-} and 32 lowercase hex digits (a footage id never starts with {@code c-}). */
    public static boolean isComplaintId(String id) {
        return id != null && id.matches("c-[0-9a-f]{32}");
    }

    /**
     * A reporting period's id: a quarter {@code 2026-Q3}, a month {@code 2026-07} or a UTC day
     * {@code 2026-07-01}. Never {@code f-…} or {@code c-…}, so it cannot meet another subject's chain.
     */
    public static boolean isPeriodId(String id) {
        return id != null && id.matches("[0-9]{4}-(Q[1-4]|(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)");
    }

    public CustodyEvent {
        if (v != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported event format version " + v);
        }
        if (period != null) {
            if (!isPeriodId(period)) {
                throw new IllegalArgumentException("period must be YYYY-Qn, YYYY-MM or YYYY-MM-DD, got '" + period + "'");
            }
            if (footageId != null || sha256 != null || complaintId != null) {
                throw new IllegalArgumentException("an event has one subject: a period event carries no footageId, sha256"
                        + " or complaintId");
            }
        } else if (complaintId == null) {
            requireText("footageId", footageId);
            if (footageId.startsWith(COMPLAINT_ID_PREFIX)) {
                throw new IllegalArgumentException("footageId '" + footageId + "' has a complaint's form (c-…): subject ids"
                        + " never collide across kinds");
            }
            if (sha256 == null) {
                throw new IllegalArgumentException("sha256 is required");
            }
        } else {
            requireText("complaintId", complaintId);
            if (!isComplaintId(complaintId)) {
                throw new IllegalArgumentException("complaintId must be c- and 32 lowercase hex digits");
            }
            if (footageId != null || sha256 != null) {
                throw new IllegalArgumentException("an event has one subject: a complaint event carries no footageId or sha256");
            }
        }
        if (type == null) {
            throw new IllegalArgumentException("type is required");
        }
        if (type.aboutComplaint() != (complaintId != null)) {
            throw new IllegalArgumentException(type + (complaintId == null ? " needs a complaintId" : " is not about a complaint"));
        }
        if (type.aboutPeriod() != (period != null)) {
            throw new IllegalArgumentException(type + (period == null ? " needs a period" : " is not about a period"));
        }
        if (unit != null && unit.isBlank()) {
            throw new IllegalArgumentException("unit, when present, must not be blank");
        }
        requireText("actorId", actorId);
        requireText("actorRole", actorRole);
        if (time == null) {
            throw new IllegalArgumentException("time is required");
        }
        time = time.truncatedTo(ChronoUnit.MILLIS);
        if (prev != null && prev < 0) {
            throw new IllegalArgumentException("prev must not be negative: " + prev);
        }
        purpose = emptyToNull(purpose);
        location = emptyToNull(location);
        details = details == null ? Map.of() : Map.copyOf(new TreeMap<>(details));
    }

    /** A footage event (the format's original shape). */
    public CustodyEvent(int v, String footageId, Sha256Digest sha256, EventType type, String actorId, String actorRole,
                        Instant time, String purpose, String location, Long prev, Map<String, String> details) {
        this(v, footageId, sha256, type, actorId, actorRole, time, purpose, location, prev, details, null, null, null);
    }

    /** A complaint event without its log link; it names no footage. */
    public static CustodyEvent aboutComplaint(String complaintId, EventType type, String actorId, String actorRole,
                                              Instant time, Map<String, String> details) {
        return new CustodyEvent(FORMAT_VERSION, null, null, type, actorId, actorRole, time, null, null, null, details,
                complaintId, null, null);
    }

    /** An event about a reporting period (a published report, a day's refusals); it names no footage or complaint. */
    public static CustodyEvent aboutPeriod(String period, EventType type, String actorId, String actorRole,
                                           Instant time, Map<String, String> details) {
        return new CustodyEvent(FORMAT_VERSION, null, null, type, actorId, actorRole, time, null, null, null, details,
                null, period, null);
    }

    /** The same event recorded by an actor of {@code actorUnit} (null or blank: no unit known, the field is left out). */
    public CustodyEvent withUnit(String actorUnit) {
        String u = actorUnit == null || actorUnit.isBlank() ? null : actorUnit;
        return new CustodyEvent(v, footageId, sha256, type, actorId, actorRole, time, purpose, location, prev, details,
                complaintId, period, u);
    }

    /**
     * The id whose chain {@code prev} links: the footage's, the complaint's or the period's. They
     * never meet, as the service's ids carry their kind ({@code f-…}, {@code c-…}, digits).
     */
    public String subjectId() {
        return period != null ? period : complaintId != null ? complaintId : footageId;
    }

    /** An event without its log link; the sequencer fills {@code prev} when it assigns the index. */
    public static CustodyEvent of(String footageId, Sha256Digest sha256, EventType type, String actorId,
                                  String actorRole, Instant time, String purpose, String location,
                                  Map<String, String> details) {
        return new CustodyEvent(FORMAT_VERSION, footageId, sha256, type, actorId, actorRole, time, purpose,
                location, null, details);
    }

    public CustodyEvent withPrev(Long previousIndex) {
        return new CustodyEvent(v, footageId, sha256, type, actorId, actorRole, time, purpose, location,
                previousIndex, details, complaintId, period, unit);
    }

    /** RFC 3339 UTC with milliseconds, e.g. 2026-11-28T05:40:30.123Z. */
    public static String formatTime(Instant t) {
        return TIME.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    /** The event as the plain map that canonical JSON encodes, keys already in canonical order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new TreeMap<>();
        m.put("v", (long) v);
        if (period != null) {
            m.put("period", period);
        } else if (complaintId != null) {
            m.put("complaintId", complaintId);
        } else {
            m.put("footageId", footageId);
            m.put("sha256", sha256.hex());
        }
        m.put("type", type.name());
        m.put("actorId", actorId);
        m.put("actorRole", actorRole);
        m.put("time", formatTime(time));
        if (purpose != null) {
            m.put("purpose", purpose);
        }
        if (location != null) {
            m.put("location", location);
        }
        if (prev != null) {
            m.put("prev", prev);
        }
        if (!details.isEmpty()) {
            m.put("details", new TreeMap<>(details));
        }
        if (unit != null) {
            m.put("unit", unit);
        }
        return m;
    }

    /** The exact bytes that are signed: RFC 8785 canonical JSON of {@link #toMap()}. */
    public byte[] canonicalBytes() {
        return CanonicalJson.encode(toMap());
    }

    /** Reads an event from parsed JSON, refusing unknown fields and wrong types. */
    public static CustodyEvent fromMap(Map<?, ?> m) throws CustodyFormatException {
        for (Object key : m.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new CustodyFormatException("unknown event field \"" + key + "\"");
            }
        }
        try {
            long v = integer(m, "v", true);
            String typeName = string(m, "type", true);
            EventType type;
            try {
                type = EventType.valueOf(typeName);
            } catch (IllegalArgumentException e) {
                throw new CustodyFormatException("unknown event type \"" + typeName + "\"");
            }
            Instant time;
            String timeText = string(m, "time", true);
            try {
                time = Instant.from(TIME.parse(timeText));
            } catch (DateTimeParseException e) {
                throw new CustodyFormatException("time is not RFC 3339 UTC with milliseconds: \"" + timeText + "\"");
            }
            Object rawDetails = m.get("details");
            Map<String, String> details = new TreeMap<>();
            if (rawDetails != null) {
                if (!(rawDetails instanceof Map<?, ?> dm)) {
                    throw new CustodyFormatException("details must be an object");
                }
                for (Map.Entry<?, ?> e : dm.entrySet()) {
                    if (!(e.getValue() instanceof String s)) {
                        throw new CustodyFormatException("details." + e.getKey() + " must be a string");
                    }
                    details.put((String) e.getKey(), s);
                }
            }
            Long prev = m.containsKey("prev") ? integer(m, "prev", true) : null;
            String complaintId = string(m, "complaintId", false);
            String period = string(m, "period", false);
            boolean aboutFootage = complaintId == null && period == null;
            String sha = string(m, "sha256", aboutFootage);
            return new CustodyEvent((int) v, string(m, "footageId", aboutFootage),
                    sha == null ? null : Sha256Digest.fromHex(sha), type, string(m, "actorId", true),
                    string(m, "actorRole", true), time, string(m, "purpose", false),
                    string(m, "location", false), prev, details, complaintId, period, string(m, "unit", false));
        } catch (IllegalArgumentException e) {
            throw new CustodyFormatException("invalid event: " + e.getMessage(), e);
        }
    }

    private static String string(Map<?, ?> m, String field, boolean required) throws CustodyFormatException {
        Object value = m.get(field);
        if (value == null) {
            if (required) {
                throw new CustodyFormatException("event field \"" + field + "\" is missing");
            }
            return null;
        }
        if (!(value instanceof String s)) {
            throw new CustodyFormatException("event field \"" + field + "\" must be a string");
        }
        return s;
    }

    private static long integer(Map<?, ?> m, String field, boolean required) throws CustodyFormatException {
        Object value = m.get(field);
        if (!(value instanceof Long n)) {
            throw new CustodyFormatException("event field \"" + field + "\" must be an integer");
        }
        return n;
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
