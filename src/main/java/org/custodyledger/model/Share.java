package org.custodyledger.model;

import java.time.Instant;
import java.util.List;

/**
 * A share: what an external recipient may view and download through a capability link, until
 * {@code expiresAt} or a revocation. Only the SHA-256 of the link's secret is kept.
 */
public record Share(String id, long seq, String recipientName, String recipientOrg, String recipientEmail,
                    String purpose, String caseNumber, String createdBy, Instant createdAt, Instant expiresAt,
                    String revokedBy, Instant revokedAt, String revokeReason, List<String> footageIds) {
    public boolean revoked() {
        return revokedAt != null;
    }

    /** Whether the link still opens at {@code now}. */
    public boolean usableAt(Instant now) {
        return !revoked() && now.isBefore(expiresAt);
    }

    /** The recipient as custody events name them: "name (organisation)". */
    public String recipient() {
        return recipientName + " (" + recipientOrg + ")";
    }
}
