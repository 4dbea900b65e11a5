package org.custodyledger.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.custodyledger.witness.Policy;
import org.custodyledger.witness.WitnessException;

/** Whether any checkpoint a bundle carries is cosigned by witnesses meeting a tlog-policy's quorum. */
public final class WitnessQuorum {
    public static final String CHECK = "witness-quorum";

    private WitnessQuorum() {
    }

    /**
     * Passes with the largest checkpoint among {@code notes} whose log signature verifies against
     * the policy's logs and whose cosignatures meet its quorum, saying which of the bundle's
     * events (their log indexes, {@code eventIndexes}) its tree covers, so a reader knows whether
     * the last is witnessed; fails naming what each note had.
     */
    public static Check check(Policy policy, List<String> notes, List<Long> eventIndexes) {
        Policy.Verdict best = null;
        List<String> seen = new ArrayList<>();
        for (String note : notes) {
            try {
                Policy.Verdict v = policy.check(note);
                seen.add("size " + v.checkpoint().size() + " cosigned by " + (v.cosigners().isEmpty() ? "no witness"
                        : String.join(", ", v.cosigners())));
                if (v.quorumMet() && (best == null || v.checkpoint().size() > best.checkpoint().size())) {
                    best = v;
                }
            } catch (WitnessException e) {
                seen.add(e.getMessage());
            }
        }
        if (best == null) {
            return Check.fail(CHECK, "no checkpoint in the bundle meets quorum " + policy.quorum() + ": "
                    + (seen.isEmpty() ? "it carries none" : String.join("; ", seen)), "quorum " + policy.quorum(),
                    String.join("; ", seen));
        }
        return Check.pass(CHECK, "checkpoint of size " + best.checkpoint().size() + " cosigned by "
                + String.join(", ", best.cosigners()) + ": quorum " + policy.quorum() + " met; "
                + coverage(best.checkpoint().size(), eventIndexes));
    }

    /** Which events a cosigned tree of {@code size} covers: those at log indexes 0..size-1. */
    static String coverage(long size, List<Long> eventIndexes) {
        long covered = eventIndexes.stream().filter(i -> i < size).count();
        String tree = "the cosigned tree of size " + size + " covers log entries 0.." + (size - 1) + ": ";
        if (eventIndexes.isEmpty()) {
            return tree + "the bundle has no events";
        }
        if (covered == eventIndexes.size()) {
            return tree + "all " + covered + " of this bundle's events, the last included";
        }
        List<Long> outside = eventIndexes.stream().filter(i -> i >= size).sorted().toList();
        String which = outside.size() == 1 ? "the event at index " + outside.get(0)
                : outside.size() <= 5 ? "the events at indexes " + outside.stream().map(String::valueOf).collect(Collectors.joining(", "))
                : outside.size() + " events, at indexes " + outside.get(0) + " to " + outside.get(outside.size() - 1);
        return tree + covered + " of this bundle's " + eventIndexes.size() + " events; not yet witnessed: " + which
                + " (signed by the log alone)";
    }
}
