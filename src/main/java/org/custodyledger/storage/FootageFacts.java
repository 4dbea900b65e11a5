package org.custodyledger.storage;

import static org.custodyledger.storage.SqlTimes.utc;

import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;

/** The facts of a footage a complaint is matched against, as {@link ComplaintMatchSql#openComplaintMatches(int)} binds them. */
public record FootageFacts(String incident, Instant recordedAt, Double lat, Double lon, String uploadedBy,
                           Duration margin) {
    Tuple addTo(Tuple t) {
        return t.addValue(incident).addValue(utc(recordedAt)).addValue(lat).addValue(lon).addValue(uploadedBy)
                .addValue((double) margin.toSeconds());
    }
}
