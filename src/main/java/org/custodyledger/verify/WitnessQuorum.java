package org.custodyledger.verify;

import java.util.ArrayList;
import java.util.List;
import org.custodyledger.witness.Policy;
import org.custodyledger.witness.WitnessException;

/** Whether any checkpoint a bundle carries is cosigned by witnesses meeting a tlog-policy's quorum. */
public final class WitnessQuorum {
    public static final String CHECK = "witness-quorum";

    private WitnessQuorum() {
    }

    /**
     * Passes with the largest checkpoint among {@code notes} whose log signature verifies against
     * the policy's logs and whose cosignatures meet its quorum; fails naming what each note had.
     */
    public static Check check(Policy policy, List<String> notes) {
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
                + String.join(", ", best.cosigners()) + ": quorum " + policy.quorum() + " met");
    }
}
