package org.custodyledger.model;

import java.time.Instant;

/** A footage's current membership of a case: who added it, when and why. */
public record CaseMember(long seq, String caseNumber, String footageId, String addedBy, Instant addedAt,
                         String addedReason) {
}
