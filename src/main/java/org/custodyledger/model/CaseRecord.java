package org.custodyledger.model;

import java.time.Instant;

/** A case: footage grouped under a case number, optionally begun from an incident. */
public record CaseRecord(String number, long seq, String title, String incident, String createdBy, Instant createdAt) {
}
