package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.hash.Sha256Digest;

/** Footage records: inserted with their REGISTERED event (as a sequencer admission), read by id, hash or incident. */
public final class FootageStore {
    private static final String COLUMNS = "id, seq, sha256, size, media_type, filename, incident, device, notes,"
            + " recorded_at, uploaded_by, uploaded_at, held, storage_location, metadata";

    private final Pool pool;

    public FootageStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Inserts the row unless a record with the same SHA-256 exists; for use as the admission
     * of its REGISTERED event, so the row and the event commit together or not at all.
     */
    public static Sequencer.Admission insertIfNew(FootageRow row) {
        return conn -> conn.preparedQuery("INSERT INTO footage (id, sha256, size, media_type, filename, incident, device,"
                        + " notes, recorded_at, uploaded_by, uploaded_at, held, storage_location, metadata)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
                        + " ON CONFLICT (sha256) DO NOTHING RETURNING id")
                .execute(Tuple.from(new Object[] {row.id(), Buffer.buffer(row.sha256().bytes()), row.size(),
                        row.mediaType(), row.filename(), row.incident(), row.device(), row.notes(),
                        row.recordedAt() == null ? null : row.recordedAt().atOffset(ZoneOffset.UTC), row.uploadedBy(),
                        row.uploadedAt().atOffset(ZoneOffset.UTC), row.held(), row.storageLocation(), row.metadata()}))
                .map(rows -> rows.size() == 1);
    }

    /** Marks hash-only footage as now held here; an admission of the RESUBMITTED event that brought the bytes. */
    public static Sequencer.Admission markHeld(String id) {
        return conn -> conn.preparedQuery("UPDATE footage SET held = true WHERE id = $1").execute(Tuple.of(id)).map(r -> true);
    }

    public Future<FootageRow> byId(String id) {
        return one(pool, "SELECT " + COLUMNS + " FROM footage WHERE id = $1", Tuple.of(id));
    }

    public Future<FootageRow> bySha256(Sha256Digest sha256) {
        return one(pool, "SELECT " + COLUMNS + " FROM footage WHERE sha256 = $1", Tuple.of(Buffer.buffer(sha256.bytes())));
    }

    /** Records in registration order after {@code afterSeq}, optionally filtered; at most {@code limit}. */
    public Future<List<FootageRow>> list(Sha256Digest sha256, String incident, long afterSeq, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM footage WHERE seq > $1"
                        + " AND ($2::bytea IS NULL OR sha256 = $2) AND ($3::text IS NULL OR incident = $3)"
                        + " ORDER BY seq LIMIT $4")
                .execute(Tuple.of(afterSeq, sha256 == null ? null : Buffer.buffer(sha256.bytes()), incident, limit))
                .map(rows -> {
                    List<FootageRow> list = new ArrayList<>();
                    rows.forEach(r -> list.add(row(r)));
                    return list;
                });
    }

    private static Future<FootageRow> one(SqlClient client, String sql, Tuple args) {
        return client.preparedQuery(sql).execute(args).map(rows -> rows.size() == 0 ? null : row(rows.iterator().next()));
    }

    private static FootageRow row(Row r) {
        Object metadata = r.getValue("metadata");
        return new FootageRow(r.getString("id"), r.getLong("seq"), Sha256Digest.of(r.getBuffer("sha256").getBytes()),
                r.getLong("size"), r.getString("media_type"), r.getString("filename"), r.getString("incident"),
                r.getString("device"), r.getString("notes"),
                r.getOffsetDateTime("recorded_at") == null ? null : r.getOffsetDateTime("recorded_at").toInstant(),
                r.getString("uploaded_by"), r.getOffsetDateTime("uploaded_at").toInstant(), r.getBoolean("held"),
                r.getString("storage_location"), metadata instanceof JsonObject j ? j : new JsonObject());
    }
}
