package org.custodyledger.model;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.custodyledger.hash.Sha256Digest;

/**
 * A footage record as stored: one per distinct file. Optional fields are null when unknown.
 * {@code held}: this service holds the bytes; {@code onHold}: a legal hold is open.
 */
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
        JsonObject metadata,
        String derivedFrom,
        Instant retainUntil,
        Instant disposedAt,
        boolean onHold) {

    /** A new record, before any custody state (retention, disposal) exists. */
    public static FootageRow fresh(String id, Sha256Digest sha256, long size, String mediaType, String filename,
                                   String incident, String device, String notes, Instant recordedAt, String uploadedBy,
                                   Instant uploadedAt, boolean held, String storageLocation, JsonObject metadata,
                                   String derivedFrom) {
        return new FootageRow(id, 0, sha256, size, mediaType, filename, incident, device, notes, recordedAt, uploadedBy,
                uploadedAt, held, storageLocation, metadata, derivedFrom, null, null, false);
    }

    public boolean disposed() {
        return disposedAt != null;
    }
}
