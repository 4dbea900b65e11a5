package org.custodyledger.model;

import java.time.Instant;
import org.custodyledger.hash.Sha256Digest;

/**
 * What a footage search may be narrowed to; null fields do not narrow. {@code recordedFrom}
 * is inclusive and {@code recordedTo} exclusive; {@code device} matches exactly;
 * {@code filenamePrefix} matches the start of the file name.
 */
public record FootageFilter(Sha256Digest sha256, String incident, String uploadedBy, Instant recordedFrom,
                            Instant recordedTo, String device, String filenamePrefix) {
    /** Only the filters the older searches knew. */
    public static FootageFilter of(Sha256Digest sha256, String incident, String uploadedBy) {
        return new FootageFilter(sha256, incident, uploadedBy, null, null, null, null);
    }
}
