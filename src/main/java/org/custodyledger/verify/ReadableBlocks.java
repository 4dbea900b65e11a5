package org.custodyledger.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.CustodyFormatException;
import org.custodyledger.custody.EventType;
import org.custodyledger.custody.SignedEvent;

/**
 * A bundle's readable, unsigned blocks held against its signed events. The {@code footage}
 * block and {@code logOrigin} are what a person reads first, and nothing signs them: each
 * field the signed events also state is compared with them (a mismatch fails the check
 * {@code footage-block:<field>} or {@code log-origin}); every other field is reported as
 * unsigned and not checked, so no one mistakes it for evidence.
 */
public final class ReadableBlocks {
    /** The checks, and the readable fields nothing signs (as {@code footage.<field>}, {@code createdAt}). */
    public record Result(List<Check> checks, List<String> unsignedNotChecked) {
        public Result {
            checks = List.copyOf(checks);
            unsignedNotChecked = List.copyOf(unsignedNotChecked);
        }
    }

    /** The footage block's fields and the REGISTERED event's details that state the same fact. */
    private static final Map<String, String> FROM_REGISTERED_DETAILS = Map.of(
            "filename", "filename",
            "size", "size",
            "mediaType", "mediaType",
            "incident", "incident",
            "storageLocation", "storageLocation",
            "derivedFrom", "derivedFrom");

    private ReadableBlocks() {
    }

    /**
     * @param footage   the bundle's {@code footage} object (null when absent)
     * @param logOrigin the bundle's {@code logOrigin} (null when absent)
     */
    public static Result check(Map<String, Object> footage, String logOrigin, FootageEvidence evidence) {
        List<Check> checks = new ArrayList<>();
        List<String> notChecked = new ArrayList<>();
        notChecked.add("createdAt");
        if (logOrigin != null) {
            checks.add(logOrigin(logOrigin, evidence.checkpointNote()));
        }
        if (footage == null) {
            return new Result(checks, notChecked);
        }
        CustodyEvent registered = null;
        long registeredAt = -1;
        for (EvidenceEvent e : evidence.events()) {
            CustodyEvent event = parse(e);
            if (event != null && event.type() == EventType.REGISTERED) {
                registered = event;
                registeredAt = e.index();
                break;
            }
        }
        for (Map.Entry<String, Object> field : new TreeMap<>(footage).entrySet()) {
            String name = field.getKey();
            String shown = field.getValue() == null ? null : String.valueOf(field.getValue());
            String check = "footage-block:" + name;
            switch (name) {
                case "id" -> checks.add(compare(check, shown, evidence.footageId(), "the signed events' footageId"));
                case "sha256" -> checks.add(compare(check, shown, evidence.sha256().hex(), "the signed events' sha256"));
                default -> {
                    String signed = registered == null ? null : signedValue(name, registered);
                    if (registered != null && (signed != null || FROM_REGISTERED_DETAILS.containsKey(name))) {
                        checks.add(compare(check, shown, signed, "the signed REGISTERED event @" + registeredAt));
                    } else {
                        notChecked.add("footage." + name);
                    }
                }
            }
        }
        return new Result(checks, notChecked);
    }

    /** What the REGISTERED event signs for a footage-block field, or null when it states nothing about it. */
    private static String signedValue(String field, CustodyEvent registered) {
        return switch (field) {
            case "uploadedBy" -> registered.actorId();
            case "uploadedAt" -> CustodyEvent.formatTime(registered.time());
            default -> FROM_REGISTERED_DETAILS.containsKey(field)
                    ? registered.details().get(FROM_REGISTERED_DETAILS.get(field)) : null;
        };
    }

    private static Check compare(String name, String shown, String signed, String source) {
        if (Objects.equals(shown, signed)) {
            return Check.pass(name, "matches " + source);
        }
        return Check.fail(name, "the readable footage block says something the signed events do not (" + source
                + "): the block was edited or is not this footage's", signed == null ? "(absent)" : signed,
                shown == null ? "(absent)" : shown);
    }

    private static Check logOrigin(String logOrigin, String checkpointNote) {
        int end = checkpointNote.indexOf('\n');
        String origin = end < 0 ? checkpointNote : checkpointNote.substring(0, end);
        return Objects.equals(logOrigin, origin)
                ? Check.pass("log-origin", "matches the signed checkpoint's origin line")
                : Check.fail("log-origin", "the bundle's logOrigin is not the signed checkpoint's origin", origin, logOrigin);
    }

    private static CustodyEvent parse(EvidenceEvent e) {
        try {
            return SignedEvent.parseLeaf(e.leaf()).event();
        } catch (CustodyFormatException | RuntimeException ex) {
            return null;
        }
    }
}
