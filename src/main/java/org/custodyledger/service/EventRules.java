package org.custodyledger.service;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;

/**
 * What a client-described custody event must carry (a purpose for most types, the details
 * each type needs) and which role may record which type through the generic events endpoint.
 */
public final class EventRules {
    public static final int MAX_LOCATION = 256;
    public static final int MAX_DETAILS = 32;
    public static final int MAX_DETAIL_VALUE = 4000;
    private static final Pattern DETAIL_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final Set<EventType> NEED_PURPOSE = EnumSet.of(EventType.VIEWED, EventType.EXPORTED, EventType.SHARED,
            EventType.TRANSFERRED, EventType.DISPOSED, EventType.HOLD_PLACED, EventType.HOLD_RELEASED,
            EventType.RETENTION_SET, EventType.CASE_ADDED, EventType.CASE_REMOVED, EventType.SHARE_REVOKED);
    /**
     * Details only the service writes (docs/FORMATS.md §2): a share, a case, a bundle set's
     * export, a complaint's hold or receipt. A client recording an event by hand may not claim
     * them, or a VIEWED "via share" or an EXPORTED "of a case's bundle set" could be forged.
     */
    static final Set<String> SERVER_RECORDED = Set.of("share", "case", "complaint", "via", "recipientEmail", "matter",
            "holdId", "commitment", "footageMatched");
    /** What each role may record through the generic events endpoint; the rest have their own endpoints. */
    private static final Map<Role, Set<EventType>> RECORDABLE = Map.of(
            Role.OFFICER, EnumSet.of(EventType.ANNOTATED),
            Role.REVIEWER, EnumSet.of(EventType.VIEWED, EventType.EXPORTED, EventType.SHARED, EventType.TRANSFERRED,
                    EventType.ANNOTATED));

    /** A custody event as a client asks to record it, checked. */
    public record EventRequest(EventType type, String purpose, String location, Map<String, String> details) {
    }

    /** Events that say why they happened: reading, releasing and changing the footage's fate. */
    static boolean needsPurpose(EventType type) {
        return NEED_PURPOSE.contains(type);
    }

    static ServiceException purposeMissing(EventType type) {
        return ServiceException.invalid("purpose is required for " + type + ": say why");
    }

    private EventRules() {
    }

    /** Checks a requested event against the type's rules; each failure names its field. */
    public static EventRequest check(String type, String purpose, String location, Map<String, ?> details) {
        EventType t;
        try {
            t = EventType.valueOf(Inputs.requiredText("type", type, 32));
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("type must be one of " + List.of(EventType.values()) + ", got '" + type + "'");
        }
        String p = Inputs.text("purpose", purpose, Inputs.MAX_PURPOSE);
        if (needsPurpose(t) && (p == null || p.isBlank())) {
            throw purposeMissing(t);
        }
        Map<String, String> d = details(details);
        switch (t) {
            case TRANSFERRED -> require(d, "to", "TRANSFERRED needs details.to: who or where the footage went");
            case SHARED -> {
                require(d, "recipient", "SHARED needs details.recipient: who it was shared with");
                if (d.containsKey("expiresAt")) {
                    d.put("expiresAt", CustodyEvent.formatTime(Inputs.time("details.expiresAt", d.get("expiresAt"))));
                }
            }
            case ANNOTATED -> require(d, "note", "ANNOTATED needs details.note: the annotation");
            default -> {
            }
        }
        return new EventRequest(t, p, Inputs.text("location", location, MAX_LOCATION), d);
    }

    /** Why the actor may not record this type here, or null when they may. */
    static ServiceException refusal(EventType type, Actor actor) {
        if (RECORDABLE.getOrDefault(actor.role(), Set.of()).contains(type)) {
            return null;
        }
        return ServiceException.forbidden("a " + actor.role().claim() + " may not record " + type + " events here"
                + dedicatedEndpoint(type));
    }

    private static Map<String, String> details(Map<String, ?> raw) {
        Map<String, String> d = new LinkedHashMap<>();
        if (raw == null) {
            return d;
        }
        if (raw.size() > MAX_DETAILS) {
            throw ServiceException.invalid("details may have at most " + MAX_DETAILS + " fields, got " + raw.size());
        }
        for (Map.Entry<String, ?> e : raw.entrySet()) {
            if (SERVER_RECORDED.contains(e.getKey())) {
                throw ServiceException.invalid("details." + e.getKey() + " is recorded by the service itself, never by a"
                        + " client; reserved: " + SERVER_RECORDED.stream().sorted().toList());
            }
            if (!DETAIL_KEY.matcher(e.getKey()).matches()) {
                throw ServiceException.invalid("details key '" + e.getKey() + "' must be a letter then up to 63 letters,"
                        + " digits, '_', '.' or '-'");
            }
            if (!(e.getValue() instanceof String s)) {
                throw ServiceException.invalid("details." + e.getKey() + " must be a string");
            }
            String v = Inputs.text("details." + e.getKey(), s, MAX_DETAIL_VALUE);
            if (v != null) {
                d.put(e.getKey(), v);
            }
        }
        return d;
    }

    private static void require(Map<String, String> details, String key, String message) {
        String v = details.get(key);
        if (v == null || v.isBlank()) {
            throw ServiceException.invalid(message);
        }
    }

    private static String dedicatedEndpoint(EventType type) {
        return switch (type) {
            case REGISTERED, RESUBMITTED -> ": upload or register the footage instead";
            case REDACTED -> ": upload the redacted copy with derivedFrom instead";
            case HOLD_PLACED, HOLD_RELEASED -> ": use the holds endpoints (admin)";
            case RETENTION_SET -> ": use the retention endpoint (admin)";
            case DISPOSED -> ": use DELETE on the footage (admin)";
            case VERIFIED -> ": ask the verify endpoint";
            case CASE_ADDED, CASE_REMOVED -> ": use the cases endpoints (reviewer, admin)";
            case SHARE_REVOKED -> ": revoke the share through the shares endpoints";
            default -> "";
        };
    }
}
