package org.custodyledger.storage;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.custodyledger.hash.Sha256Digest;

/** A footage record as stored: one per distinct file. Optional fields are null when unknown. */
public record FootageRow(
        String id,
        long seq,
        Sha256Digest sha256,
        long size,
        String mediaType,
        String filename,
        String incident,
        String device,
        String notes,
        Instant recordedAt,
        String uploadedBy,
        Instant uploadedAt,
        boolean held,
        String storageLocation,
        JsonObject metadata) {
}
