package org.custodyledger.model;

import java.time.Instant;
import java.util.List;
import org.custodyledger.complaint.ComplaintContent;

/**
 * A complaint as stored: what was submitted ({@code content}, personal data), how it was
 * committed to, who took it, and where its investigation stands.
 */
public record ComplaintRow(long seq, ComplaintContent content, byte[] canonical, byte[] salt, byte[] commitment, byte[] secretHash,
                           Instant receivedAt, String receivedBy, String receivedRole, Instant dueAt,
                           int footageMatched, String status, String investigator, String outcome, Instant closedAt,
                           boolean holdsCapped) {
    public String id() {
        return content.complaintId();
    }

    /** A footage the complaint matched and the hold placed on it. */
    public record Match(String footageId, String holdId, Instant matchedAt, String matchedWhen) {
    }

    /** A complaint with the footage it matched. */
    public record WithMatches(ComplaintRow complaint, List<Match> matches) {
    }
}
