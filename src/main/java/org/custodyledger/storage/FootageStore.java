package org.custodyledger.storage;

import static org.custodyledger.storage.SqlTimes.instant;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.model.FootageFilter;
import org.custodyledger.model.FootageRow;

/** Footage records: inserted with their REGISTERED event (as a sequencer admission), read by id, hash or incident. */
public final class FootageStore {
    private static final String COLUMNS = "id, seq, sha256, size, media_type, filename, incident, device, notes,"
            + " recorded_at, uploaded_by, uploaded_at, held, storage_location, metadata, derived_from, retain_until,"
            + " disposed_at, EXISTS (SELECT 1 FROM legal_holds h WHERE h.footage_id = footage.id AND h.released_at IS NULL)"
            + " AS on_hold";

    private final Pool pool;

    public FootageStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Inserts the row unless a record with the same SHA-256 exists; for use as the admission
     * of its REGISTERED event, so the row and the event commit together or not at all. The
     * rows of one batch go in as a single multi-row insert.
     */
    public static Sequencer.Admission insertIfNew(FootageRow row) {
        return new Insert(row);
    }

    private record Insert(FootageRow row) implements Sequencer.Admission {
        @Override
        public Future<Boolean> admit(SqlConnection conn) {
            return INSERTS.admitAll(conn, List.of(this)).map(r -> r.get(0));
        }

        @Override
        public Sequencer.AdmissionGroup group() {
            return INSERTS;
        }

        @Override
        public String createdSubject() {
            return row.id();
        }
    }

    private static final Sequencer.AdmissionGroup INSERTS = (conn, members) -> {
        List<FootageRow> rows = members.stream().map(m -> ((Insert) m).row()).toList();
        return conn.preparedQuery(insertSql("true")).execute(insertValues(rows))
                .map(inserted -> {
                    Set<String> ids = new HashSet<>();
                    inserted.forEach(row -> ids.add(row.getString("id")));
                    List<Boolean> verdicts = new ArrayList<>(rows.size());
                    for (FootageRow r : rows) {
                        verdicts.add(ids.contains(r.id()));
                    }
                    return verdicts;
                });
    };

    /**
     * The insert of {@link #insertIfNew} for rows bound by {@link #insertValues} as $1 to $15,
     * made only where {@code guard} holds (a condition of the statement it is part of);
     * answers the ids inserted.
     */
    static String insertSql(String guard) {
        return "INSERT INTO footage (id, sha256, size, media_type, filename, incident, device, notes,"
                + " recorded_at, uploaded_by, uploaded_at, held, storage_location, metadata, derived_from)"
                + " SELECT i, s, z, mt, f, inc, d, nt, ra, ub, ua, h, sl, m::jsonb, df FROM unnest($1::text[],"
                + " $2::bytea[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],"
                + " $9::timestamptz[], $10::text[], $11::timestamptz[], $12::boolean[], $13::text[], $14::text[],"
                + " $15::text[]) AS u(i, s, z, mt, f, inc, d, nt, ra, ub, ua, h, sl, m, df) WHERE " + guard
                + " ON CONFLICT (sha256) DO NOTHING RETURNING id";
    }

    /** The rows as the 15 arrays {@link #insertSql} unnests. */
    static Tuple insertValues(List<FootageRow> rows) {
        int n = rows.size();
        String[] ids = new String[n];
        Buffer[] hashes = new Buffer[n];
        Long[] sizes = new Long[n];
        String[] mediaTypes = new String[n];
        String[] filenames = new String[n];
        String[] incidents = new String[n];
        String[] devices = new String[n];
        String[] notes = new String[n];
        OffsetDateTime[] recorded = new OffsetDateTime[n];
        String[] uploaders = new String[n];
        OffsetDateTime[] uploaded = new OffsetDateTime[n];
        Boolean[] held = new Boolean[n];
        String[] locations = new String[n];
        String[] metadata = new String[n];
        String[] derivedFrom = new String[n];
        for (int i = 0; i < n; i++) {
            FootageRow r = rows.get(i);
            ids[i] = r.id();
            hashes[i] = Buffer.buffer(r.sha256().bytes());
            sizes[i] = r.size();
            mediaTypes[i] = r.mediaType();
            filenames[i] = r.filename();
            incidents[i] = r.incident();
            devices[i] = r.device();
            notes[i] = r.notes();
            recorded[i] = r.recordedAt() == null ? null : r.recordedAt().atOffset(ZoneOffset.UTC);
            uploaders[i] = r.uploadedBy();
            uploaded[i] = r.uploadedAt().atOffset(ZoneOffset.UTC);
            held[i] = r.held();
            locations[i] = r.storageLocation();
            metadata[i] = r.metadata().encode();
            derivedFrom[i] = r.derivedFrom();
        }
        return Tuple.tuple().addValue(ids).addValue(hashes).addValue(sizes).addValue(mediaTypes)
                .addValue(filenames).addValue(incidents).addValue(devices).addValue(notes).addValue(recorded)
                .addValue(uploaders).addValue(uploaded).addValue(held).addValue(locations).addValue(metadata)
                .addValue(derivedFrom);
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

    /**
     * Records in registration order after {@code afterSeq}, narrowed by {@code f}; at most
     * {@code limit}. Only the filters given go into the statement, so the planner sees each
     * one's index (incident, uploader, hash, recorded_at) instead of an "IS NULL OR" it cannot use.
     */
    public Future<List<FootageRow>> list(FootageFilter f, long afterSeq, int limit) {
        List<Object> values = new ArrayList<>(List.of(afterSeq));
        String where = conditions(f, values);
        values.add(limit);
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM footage WHERE seq > $1" + where
                        + " ORDER BY seq LIMIT $" + values.size())
                .execute(Tuple.from(values))
                .map(FootageStore::rows);
    }

    /**
     * Current members of a case in registration order after {@code afterSeq}, narrowed like
     * {@link #list}. The members are walked by their (case, footage_seq) index from the cursor
     * and their rows read by id, so a page costs about its own size (more only when the filters
     * skip members), never the case's size nor the number of footage.
     */
    public Future<List<FootageRow>> inCase(String caseNumber, FootageFilter f, long afterSeq, int limit) {
        List<Object> values = new ArrayList<>(List.of(afterSeq, caseNumber));
        String where = conditions(f, values);
        values.add(limit);
        // Walks the case's members in footage order by their index (schema V8), not the whole case per page.
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM (SELECT footage_id, footage_seq FROM case_members"
                        + " WHERE case_number = $2 AND removed_at IS NULL AND footage_seq > $1) m"
                        + " JOIN footage ON footage.id = m.footage_id WHERE true" + where
                        + " ORDER BY m.footage_seq LIMIT $" + values.size())
                .execute(Tuple.from(values))
                .map(FootageStore::rows);
    }

    /** The SQL conditions of the filters given, their values appended to {@code values}. */
    private static String conditions(FootageFilter f, List<Object> values) {
        StringBuilder sql = new StringBuilder();
        condition(sql, values, "sha256 = ?", f.sha256() == null ? null : Buffer.buffer(f.sha256().bytes()));
        condition(sql, values, "incident = ?", f.incident());
        condition(sql, values, "uploaded_by = ?", f.uploadedBy());
        condition(sql, values, "recorded_at >= ?", f.recordedFrom() == null ? null
                : OffsetDateTime.ofInstant(f.recordedFrom(), ZoneOffset.UTC));
        condition(sql, values, "recorded_at < ?", f.recordedTo() == null ? null
                : OffsetDateTime.ofInstant(f.recordedTo(), ZoneOffset.UTC));
        condition(sql, values, "device = ?", f.device());
        condition(sql, values, "starts_with(filename, ?)", f.filenamePrefix());
        return sql.toString();
    }

    /** Adds {@code test} (its {@code ?} the value's placeholder) when {@code value} is given. */
    private static void condition(StringBuilder sql, List<Object> values, String test, Object value) {
        if (value != null) {
            values.add(value);
            sql.append(" AND ").append(test.replace("?", "$" + values.size()));
        }
    }

    /** Footage whose bytes are held here, after {@code afterSeq} in registration order (an audit's blob pass). */
    public Future<List<FootageRow>> held(long afterSeq, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM footage WHERE held AND seq > $1 ORDER BY seq LIMIT $2")
                .execute(Tuple.of(afterSeq, limit))
                .map(FootageStore::rows);
    }

    private static Future<FootageRow> one(SqlClient client, String sql, Tuple args) {
        return client.preparedQuery(sql).execute(args).map(rows -> rows.size() == 0 ? null : row(rows.iterator().next()));
    }

    private static List<FootageRow> rows(RowSet<Row> rows) {
        List<FootageRow> list = new ArrayList<>(rows.size());
        rows.forEach(r -> list.add(row(r)));
        return list;
    }

    private static FootageRow row(Row r) {
        Object metadata = r.getValue("metadata");
        return new FootageRow(r.getString("id"), r.getLong("seq"), Sha256Digest.of(r.getBuffer("sha256").getBytes()),
                r.getLong("size"), r.getString("media_type"), r.getString("filename"), r.getString("incident"),
                r.getString("device"), r.getString("notes"),
                instant(r, "recorded_at"), r.getString("uploaded_by"), instant(r, "uploaded_at"), r.getBoolean("held"),
                r.getString("storage_location"), metadata instanceof JsonObject j ? j : new JsonObject(),
                r.getString("derived_from"), instant(r, "retain_until"), instant(r, "disposed_at"),
                r.getBoolean("on_hold"));
    }
}
