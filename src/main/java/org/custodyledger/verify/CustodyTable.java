package org.custodyledger.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.CustodyFormatException;
import org.custodyledger.custody.SignedEvent;

/**
 * A custody history as people read it — index, time, who and in which role, what, where,
 * why — decoded from the signed leaves themselves, never from a bundle's readable copy. Text
 * from the events is shown with control characters escaped, so an event cannot rewrite the
 * terminal or the page it is printed on.
 */
public final class CustodyTable {
    /** One event as a row; {@code readable} is false when its leaf is not a signed event (leaf-format fails). */
    public record Row(long index, String time, String who, String role, String what, String where, String why,
                      boolean readable) {
    }

    private CustodyTable() {
    }

    public static List<Row> of(List<EvidenceEvent> events) {
        List<Row> rows = new ArrayList<>(events.size());
        for (EvidenceEvent e : events) {
            rows.add(row(e));
        }
        return rows;
    }

    private static Row row(EvidenceEvent e) {
        CustodyEvent event;
        try {
            event = SignedEvent.parseLeaf(e.leaf()).event();
        } catch (CustodyFormatException | RuntimeException ex) {
            return new Row(e.index(), "", "", "", "(unreadable leaf: see leaf-format@" + e.index() + ")", "", "", false);
        }
        return new Row(e.index(), CustodyEvent.formatTime(event.time()), printable(event.actorId()),
                printable(event.actorRole()), what(event), printable(event.location()), printable(event.purpose()), true);
    }

    /** The type, and its details as {@code key=value} in key order (the signed facts, none left out). */
    static String what(CustodyEvent event) {
        Map<String, String> details = new TreeMap<>(event.details());
        if (details.isEmpty()) {
            return event.type().name();
        }
        return event.type().name() + " " + details.entrySet().stream()
                .map(d -> printable(d.getKey()) + "=" + printable(d.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** Control characters (line breaks, escape sequences) written as {@code \\uXXXX}; null as empty. */
    public static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || Character.getType(c) == Character.FORMAT) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
