package org.custodyledger.verify;

import java.util.ArrayList;
import java.util.List;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.CustodyFormatException;
import org.custodyledger.custody.EventType;
import org.custodyledger.custody.SignedEvent;

/**
 * Whether one member of a bundle set (docs/FORMATS.md §9) belongs to the set it sits in, as
 * its own signed history says — the wrapper's claim proves nothing. For a case: the last
 * {@code CASE_ADDED}/{@code CASE_REMOVED} naming the case is {@code CASE_ADDED}. For a
 * complaint: a {@code HOLD_PLACED} by {@code system} whose {@code matter} is the complaint. In both, the set's
 * own {@code EXPORTED} (details {@code via: bundle-set} and the case or complaint) follows
 * that, and is the member's last event but for events committed in its batch after it.
 * Only the events' content is read here; their signatures, inclusion and chain are
 * {@link FootageVerifier}'s checks, reported beside this one.
 */
public final class SetMembership {
    public static final String NAME = "set-membership";
    public static final String CASE = "case";
    public static final String COMPLAINT = "complaint";
    /** {@code details.via} of the EXPORTED event a bundle set records per member. */
    public static final String VIA = "bundle-set";

    private SetMembership() {
    }

    /**
     * @param kind {@value #CASE} or {@value #COMPLAINT}
     * @param id   the case number or the complaint id the set says it is of
     */
    public static Check check(FootageEvidence evidence, String kind, String id) {
        if (!CASE.equals(kind) && !COMPLAINT.equals(kind)) {
            throw new IllegalArgumentException("a bundle set is of a case or a complaint, not of \"" + kind + "\"");
        }
        List<CustodyEvent> events = new ArrayList<>(evidence.events().size());
        List<Long> indexes = new ArrayList<>(evidence.events().size());
        for (EvidenceEvent e : evidence.events()) {
            try {
                events.add(SignedEvent.parseLeaf(e.leaf()).event());
                indexes.add(e.index());
            } catch (CustodyFormatException ex) {
                return Check.fail(NAME, "event " + e.index() + " is unreadable (leaf-format), so membership cannot be read");
            }
        }
        String what = kind + " " + id;
        int joined = CASE.equals(kind) ? lastCaseChange(events, id) : firstHold(events, id);
        if (joined < 0 || (CASE.equals(kind) && events.get(joined).type() != EventType.CASE_ADDED)) {
            String why = joined < 0
                    ? (CASE.equals(kind) ? "its history never adds it to " : "its history holds no HOLD_PLACED for ") + what
                    : "it was removed from " + what + " at index " + indexes.get(joined);
            return Check.fail(NAME, why, CASE.equals(kind) ? "CASE_ADDED" : "HOLD_PLACED", joined < 0 ? "none"
                    : events.get(joined).type() + "@" + indexes.get(joined));
        }
        int export = lastExport(events, kind, id);
        if (export < joined) {
            return Check.fail(NAME, "its history holds no EXPORTED of this bundle set (via " + VIA + ", " + kind + " " + id
                    + ") after it joined " + what, "EXPORTED naming " + what, lastExportDescription(events, indexes));
        }
        for (int i = export + 1; i < events.size(); i++) {
            if (events.get(i).type() != EventType.EXPORTED && events.get(i).type() != EventType.VIEWED) {
                return Check.fail(NAME, "the set's EXPORTED at index " + indexes.get(export) + " is not the member's last event",
                        "EXPORTED@" + indexes.get(export), events.get(i).type() + "@" + indexes.get(i));
            }
        }
        return Check.pass(NAME, events.get(joined).type() + "@" + indexes.get(joined) + " puts it in " + what
                + "; exported in this set at index " + indexes.get(export));
    }

    private static int lastCaseChange(List<CustodyEvent> events, String number) {
        for (int i = events.size() - 1; i >= 0; i--) {
            EventType t = events.get(i).type();
            if ((t == EventType.CASE_ADDED || t == EventType.CASE_REMOVED) && number.equals(events.get(i).details().get(CASE))) {
                return i;
            }
        }
        return -1;
    }

    private static int firstHold(List<CustodyEvent> events, String complaintId) {
        for (int i = 0; i < events.size(); i++) {
            CustodyEvent e = events.get(i);
            // The complaint's own holds are placed by the service (actor system): an admin's hand-made hold naming
            // the complaint as its matter does not make footage one the complaint matched.
            if (e.type() == EventType.HOLD_PLACED && complaintId.equals(e.details().get("matter"))
                    && "system".equals(e.actorRole())) {
                return i;
            }
        }
        return -1;
    }

    private static int lastExport(List<CustodyEvent> events, String kind, String id) {
        for (int i = events.size() - 1; i >= 0; i--) {
            CustodyEvent e = events.get(i);
            if (e.type() == EventType.EXPORTED && VIA.equals(e.details().get("via")) && id.equals(e.details().get(kind))) {
                return i;
            }
        }
        return -1;
    }

    private static String lastExportDescription(List<CustodyEvent> events, List<Long> indexes) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).type() == EventType.EXPORTED) {
                return "EXPORTED@" + indexes.get(i) + " " + events.get(i).details();
            }
        }
        return "no EXPORTED";
    }
}
