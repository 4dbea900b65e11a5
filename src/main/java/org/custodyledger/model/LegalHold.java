package org.custodyledger.model;

import java.time.Instant;

/** A legal hold on footage; open while {@code releasedAt} is null. */
public record LegalHold(String id, String footageId, String reason, String matter, String placedBy, Instant placedAt,
                        String releasedBy, Instant releasedAt, String releaseReason) {
    public boolean open() {
        return releasedAt == null;
    }
}
