package org.custodyledger.service;

import java.time.Duration;

/**
 * How complaints are handled: how far matching widens the reported time window on each side,
 * how long an investigation may take before the complaint is overdue, and how many holds the
 * intake transaction may place (one less than the sequencer's batch: the complaint's event
 * takes the other place), and how many footage one public complaint may have held
 * automatically in all (beyond, the complaint records that its holds were capped, and
 * oversight widens the preservation by hand with bulk holds).
 */
public record ComplaintSettings(Duration matchMargin, Duration target, int maxHoldsPerIntake, int maxAutomaticHolds) {
    public ComplaintSettings {
        if (matchMargin.isNegative() || target.isNegative() || target.isZero() || maxHoldsPerIntake < 1
                || maxAutomaticHolds < 1) {
            throw new IllegalArgumentException("complaint settings: margin ≥ 0, target > 0, at least one hold per intake"
                    + " and per public complaint");
        }
    }
}
