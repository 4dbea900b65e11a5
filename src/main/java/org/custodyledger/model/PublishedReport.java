package org.custodyledger.model;

import java.time.Instant;

/** A published transparency report: its bytes, hash, the checkpoint it cites, and its REPORT_PUBLISHED entry's index. */
public record PublishedReport(String period, byte[] report, String sha256, long checkpointSize, String publishedBy,
                              Instant publishedAt, Long index) {
}
