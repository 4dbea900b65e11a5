package org.custodyledger.service;

import java.time.Duration;

/**
 * How complaints are handled: how far matching widens the reported time window on each side,
 * how long an investigation may take before the complaint is overdue, and how many holds the
 * intake transaction may place (one less than the sequencer's batch: the complaint's event
 * takes the other place).
 */
public record ComplaintSettings(Duration matchMargin, Duration target, int maxHoldsPerIntake) {
    public ComplaintSettings {
        if (matchMargin.isNegative() || target.isNegative() || target.isZero() || maxHoldsPerIntake < 1) {
            throw new IllegalArgumentException("complaint settings: margin ≥ 0, target > 0 and at least one hold per intake");
        }
    }
}
