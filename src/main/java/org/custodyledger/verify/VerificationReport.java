package org.custodyledger.verify;

import java.util.List;

/** The checks of one verification, in the order they ran; verified only if there are some and all passed. */
public record VerificationReport(List<Check> checks) {
    public VerificationReport {
        checks = List.copyOf(checks);
    }

    public boolean verified() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::ok);
    }

    public List<Check> failures() {
        return checks.stream().filter(c -> !c.ok()).toList();
    }
}
