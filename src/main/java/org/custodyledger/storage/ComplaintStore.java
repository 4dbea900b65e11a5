package org.custodyledger.storage;

import static org.custodyledger.storage.SqlTimes.utc;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;

import java.util.ArrayList;
import java.util.List;
import org.custodyledger.complaint.Category;
import org.custodyledger.complaint.ComplaintContent;
import org.custodyledger.model.ComplaintFilter;
import org.custodyledger.model.ComplaintRow;
import org.custodyledger.model.LegalHold;

/**
 * Complaints and the footage they preserve. Every change is a sequencer admission, so it
 * commits with the event that records it; the intake's is one statement that writes the
 * complaint, its holds and its matches together or nothing at all.
 */
public final class ComplaintStore {
    private static final String COLUMNS = "seq, id, category, occurred_from, occurred_to, lat, lon, radius_m, place,"
            + " incident, officers, description, contact, content, salt, commitment, secret_hash, received_at,"
            + " received_by, received_role, due_at, footage_matched, status, investigator, outcome, closed_at";

    /** How matching widens a complaint's window and which complaint to match. */
    public record MatchCriteria(Instant from, Instant to, String incident, Double lat, Double lon, Integer radiusM,
                                List<String> officers, int limit) {
    }

    /**
     * A footage that matched, as the hold and its event need it; {@code seq} orders the matches;
     * {@code matching} is how many match from the page's start, this page and those after it.
     */
    public record MatchedFootage(String id, byte[] sha256, long seq, long matching) {
    }

    /** An open complaint a newly registered footage matches. */
    public record OpenMatch(String complaintId) {
    }

    private final Pool pool;

    public ComplaintStore(Pool pool) {
        this.pool = pool;
    }

    // The distance in metres between the complaint's point ($lat, $lon) and the footage's recorded location.
    private static final String DISTANCE = "2 * 6371008.8 * asin(sqrt(power(sin(radians((f.metadata->'location'->>'lat')::float8"
            + " - $4) / 2), 2) + cos(radians($4)) * cos(radians((f.metadata->'location'->>'lat')::float8))"
            + " * power(sin(radians((f.metadata->'location'->>'lon')::float8 - $5) / 2), 2)))";

    /**
     * The footage a complaint matches (not disposed): the same incident; or recorded within the
     * window and, when both have a location, within the radius; or recorded within the window by
     * a named officer. The incident and the window each have an index (BitmapOr of the two).
     */
    public static final String MATCH_FOOTAGE = "SELECT f.id, f.sha256, f.seq, count(*) OVER () AS matching FROM footage f WHERE f.disposed_at IS NULL"
            + " AND f.seq > $9 AND ("
            + " f.incident = $3 OR (f.recorded_at BETWEEN $1 AND $2 AND ($4::float8 IS NULL"
            + " OR f.metadata->'location'->>'lat' IS NULL OR f.uploaded_by = ANY($7) OR " + DISTANCE + " <= $6)))"
            + " ORDER BY f.seq LIMIT $8";

    /** The matches after paging position {@code afterSeq} (0: from the first), at most {@code c.limit()}. */
    public Future<List<MatchedFootage>> matchFootage(MatchCriteria c, long afterSeq) {
        return pool.preparedQuery(MATCH_FOOTAGE)
                .execute(Tuple.of(utc(c.from()), utc(c.to()), c.incident(), c.lat(), c.lon(),
                        c.radiusM() == null ? null : c.radiusM().doubleValue(), c.officers().toArray(new String[0]),
                        (long) c.limit(), afterSeq))
                .map(rows -> {
                    List<MatchedFootage> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new MatchedFootage(r.getString("id"), r.getBuffer("sha256").getBytes(),
                            r.getLong("seq"), r.getLong("matching"))));
                    return out;
                });
    }

    /**
     * The open complaints a footage registered now matches, by the same rules as
     * {@link #MATCH_FOOTAGE} seen from the footage's side; {@code marginSeconds} widens each
     * complaint's window.
     */
    public Future<List<OpenMatch>> openComplaintsMatching(String incident, Instant recordedAt, Double lat, Double lon,
                                                          String uploadedBy, long marginSeconds) {
        return pool.preparedQuery("SELECT c.id FROM complaints c WHERE c.status <> 'closed' AND (c.incident = $1"
                        + " OR ($2::timestamptz IS NOT NULL"
                        + " AND c.occurred_from - make_interval(secs => $6) <= $2"
                        + " AND c.occurred_to + make_interval(secs => $6) >= $2"
                        + " AND (c.lat IS NULL OR $3::float8 IS NULL OR $5 = ANY(c.officers)"
                        + " OR 2 * 6371008.8 * asin(sqrt(power(sin(radians($3 - c.lat) / 2), 2) + cos(radians(c.lat))"
                        + " * cos(radians($3)) * power(sin(radians($4 - c.lon) / 2), 2))) <= c.radius_m)))"
                        + " ORDER BY c.seq")
                .execute(Tuple.of(incident, utc(recordedAt), lat, lon, uploadedBy, (double) marginSeconds))
                .map(rows -> {
                    List<OpenMatch> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new OpenMatch(r.getString("id"))));
                    return out;
                });
    }

    /**
     * Writes the complaint, a hold on each matched footage and the match rows, in one
     * statement: all of them if every footage is still there and not disposed, else none
     * (answering false, so the event is withdrawn and the intake matches again).
     */
    public static Sequencer.Admission receive(ComplaintRow c, List<LegalHold> holds) {
        ComplaintContent k = c.content();
        return conn -> conn.preparedQuery("""
                        WITH ok AS (SELECT count(*) = cardinality($21::text[]) AS ok FROM footage
                                    WHERE id = ANY($21) AND disposed_at IS NULL),
                        c AS (INSERT INTO complaints (id, category, occurred_from, occurred_to, lat, lon, radius_m, place,
                                incident, officers, description, contact, content, salt, commitment, secret_hash,
                                received_at, received_by, received_role, due_at, footage_matched)
                              SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                                $20, cardinality($21::text[]) WHERE (SELECT ok FROM ok) RETURNING id),
                        h AS (INSERT INTO legal_holds (id, footage_id, reason, matter, placed_by, placed_at)
                              SELECT hold, footage, $23, $1, $24, $17 FROM unnest($22::text[], $21::text[]) AS x(hold, footage)
                              WHERE (SELECT ok FROM ok) RETURNING id),
                        l AS (INSERT INTO complaint_footage (complaint_id, footage_id, hold_id, matched_at, matched_when)
                              SELECT $1, footage, hold, $17, 'intake' FROM unnest($22::text[], $21::text[]) AS x(hold, footage)
                              WHERE (SELECT ok FROM ok) RETURNING 1)
                        SELECT (SELECT count(*) FROM c) AS complaints, (SELECT count(*) FROM h) AS holds,
                               (SELECT count(*) FROM l) AS links""")
                .execute(Tuple.tuple().addValue(k.complaintId()).addValue(k.category().code())
                        .addValue(utc(k.occurredFrom())).addValue(utc(k.occurredTo()))
                        .addValue(k.lat() == null ? null : Double.valueOf(k.lat()))
                        .addValue(k.lon() == null ? null : Double.valueOf(k.lon()))
                        .addValue(k.radiusM() == null ? null : k.radiusM().intValue())
                        .addValue(k.place()).addValue(k.incident()).addValue(k.officers().toArray(new String[0]))
                        .addValue(k.description()).addValue(k.contact()).addValue(Buffer.buffer(c.canonical()))
                        .addValue(Buffer.buffer(c.salt())).addValue(Buffer.buffer(c.commitment()))
                        .addValue(Buffer.buffer(c.secretHash())).addValue(utc(c.receivedAt())).addValue(c.receivedBy())
                        .addValue(c.receivedRole()).addValue(utc(c.dueAt()))
                        .addValue(holds.stream().map(LegalHold::footageId).toArray(String[]::new))
                        .addValue(holds.stream().map(LegalHold::id).toArray(String[]::new))
                        .addValue(holds.isEmpty() ? "" : holds.get(0).reason())
                        .addValue(holds.isEmpty() ? "system" : holds.get(0).placedBy()))
                .map(rows -> rows.iterator().next().getLong("complaints") == 1);
    }

    /**
     * Holds more footage for a complaint already received (matches beyond what its intake
     * transaction had room for): all of them, with their match rows and the complaint's count,
     * if none was disposed meanwhile; else nothing (false: match again).
     */
    public static Sequencer.Admission holdMore(String complaintId, List<LegalHold> holds) {
        return conn -> conn.preparedQuery("""
                        WITH ok AS (SELECT count(*) = cardinality($2::text[]) AS ok FROM footage
                                    WHERE id = ANY($2) AND disposed_at IS NULL),
                        h AS (INSERT INTO legal_holds (id, footage_id, reason, matter, placed_by, placed_at)
                              SELECT hold, footage, $4, $1, $5, $6 FROM unnest($3::text[], $2::text[]) AS x(hold, footage)
                              WHERE (SELECT ok FROM ok) RETURNING id, footage_id),
                        l AS (INSERT INTO complaint_footage (complaint_id, footage_id, hold_id, matched_at, matched_when)
                              SELECT $1, footage_id, id, $6, 'intake' FROM h RETURNING 1)
                        UPDATE complaints SET footage_matched = footage_matched + (SELECT count(*) FROM l)
                        WHERE id = $1 AND (SELECT ok FROM ok) RETURNING 1""")
                .execute(Tuple.tuple().addValue(complaintId)
                        .addValue(holds.stream().map(LegalHold::footageId).toArray(String[]::new))
                        .addValue(holds.stream().map(LegalHold::id).toArray(String[]::new))
                        .addValue(holds.get(0).reason()).addValue(holds.get(0).placedBy()).addValue(utc(holds.get(0).placedAt())))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Holds a footage being registered for the complaints it matches, after {@code insert}
     * (its row's admission) said yes; these inserts cannot be refused (the footage is the one
     * just inserted), so nothing is left half-written.
     */
    public static Sequencer.Admission registerThenHold(Sequencer.Admission insert, String footageId, List<LegalHold> holds) {
        return conn -> insert.admit(conn).compose(admitted -> !admitted ? Future.succeededFuture(false)
                : holdAtRegistration(conn, footageId, holds).map(v -> true));
    }

    private static Future<Void> holdAtRegistration(SqlConnection conn, String footageId, List<LegalHold> holds) {
        Instant at = holds.get(0).placedAt();
        return conn.preparedQuery("""
                        WITH h AS (INSERT INTO legal_holds (id, footage_id, reason, matter, placed_by, placed_at)
                                   SELECT hold, $1, 'automatic preservation for complaint ' || complaint, complaint, $4, $5
                                   FROM unnest($2::text[], $3::text[]) AS x(hold, complaint) RETURNING id, matter),
                        l AS (INSERT INTO complaint_footage (complaint_id, footage_id, hold_id, matched_at, matched_when)
                              SELECT matter, $1, id, $5, 'registration' FROM h RETURNING complaint_id)
                        UPDATE complaints SET footage_matched = footage_matched + 1 WHERE id IN (SELECT complaint_id FROM l)""")
                .execute(Tuple.of(footageId, holds.stream().map(LegalHold::id).toArray(String[]::new),
                        holds.stream().map(LegalHold::matter).toArray(String[]::new), holds.get(0).placedBy(), utc(at)))
                .mapEmpty();
    }

    /** Names the investigator of a complaint that is not closed. */
    public static Sequencer.Admission assign(String id, String investigator) {
        return conn -> conn.preparedQuery("UPDATE complaints SET investigator = $2 WHERE id = $1 AND status <> 'closed'")
                .execute(Tuple.of(id, investigator)).map(rows -> rows.rowCount() == 1);
    }

    /** Moves a complaint from {@code from} to {@code to} (closing it with {@code outcome} at {@code at}). */
    public static Sequencer.Admission transition(String id, String from, String to, String outcome, Instant at) {
        return conn -> conn.preparedQuery("UPDATE complaints SET status = $3, outcome = $4, closed_at = $5"
                        + " WHERE id = $1 AND status = $2")
                .execute(Tuple.of(id, from, to, outcome, outcome == null ? null : utc(at)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Whether {@code matter} names a complaint that is not closed (a hold for it must stay). */
    public Future<Boolean> openComplaint(String matter) {
        if (matter == null || !matter.startsWith("c-")) {
            return Future.succeededFuture(false);
        }
        return pool.preparedQuery("SELECT 1 FROM complaints WHERE id = $1 AND status <> 'closed'").execute(Tuple.of(matter))
                .map(rows -> rows.size() == 1);
    }

    public Future<ComplaintRow> byId(String id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM complaints WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : row(rows.iterator().next()));
    }

    public Future<List<ComplaintRow.Match>> matches(String id) {
        return pool.preparedQuery("SELECT footage_id, hold_id, matched_at, matched_when FROM complaint_footage"
                        + " WHERE complaint_id = $1 ORDER BY matched_at, footage_id")
                .execute(Tuple.of(id))
                .map(rows -> {
                    List<ComplaintRow.Match> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new ComplaintRow.Match(r.getString("footage_id"), r.getString("hold_id"),
                            r.getOffsetDateTime("matched_at").toInstant(), r.getString("matched_when"))));
                    return out;
                });
    }

    /** The first {@code limit} footage ids the complaint matched, in match order. */
    public Future<List<String>> matchedFootage(String id, int limit) {
        return pool.preparedQuery("SELECT footage_id FROM complaint_footage WHERE complaint_id = $1"
                        + " ORDER BY matched_at, footage_id LIMIT $2")
                .execute(Tuple.of(id, limit))
                .map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString("footage_id")));
                    return out;
                });
    }

    /** Complaints after paging position {@code after}, oldest first, narrowed by {@code f}. */
    public Future<List<ComplaintRow>> list(ComplaintFilter f, long after, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM complaints c WHERE seq > $1"
                        + " AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR category = $3)"
                        + " AND ($4::boolean IS NULL OR $4 = (status <> 'closed' AND due_at < $5))"
                        + " AND ($6::text IS NULL OR strpos(lower(description), lower($6)) > 0"
                        + "      OR strpos(lower(coalesce(place, '')), lower($6)) > 0 OR incident = $6 OR $6 = ANY(officers))"
                        + " AND ($7::text IS NULL OR EXISTS (SELECT 1 FROM complaint_footage m"
                        + "      WHERE m.complaint_id = c.id AND m.footage_id = $7))"
                        + " ORDER BY seq LIMIT $8")
                .execute(Tuple.tuple().addValue(after).addValue(f.status()).addValue(f.category()).addValue(f.overdue())
                        .addValue(utc(f.now())).addValue(f.text()).addValue(f.footageId()).addValue((long) limit))
                .map(rows -> {
                    List<ComplaintRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(row(r)));
                    return out;
                });
    }

    private static ComplaintRow row(Row r) {
        Double lat = r.getDouble("lat");
        Double lon = r.getDouble("lon");
        Integer radius = r.getInteger("radius_m");
        ComplaintContent content = new ComplaintContent(r.getString("id"), Category.fromCode(r.getString("category")),
                r.getOffsetDateTime("occurred_from").toInstant(), r.getOffsetDateTime("occurred_to").toInstant(),
                lat == null ? null : decimal(lat), lon == null ? null : decimal(lon),
                radius == null ? null : radius.longValue(), r.getString("place"), r.getString("incident"),
                List.of(r.getArrayOfStrings("officers")), r.getString("description"), r.getString("contact"));
        OffsetDateTime closed = r.getOffsetDateTime("closed_at");
        return new ComplaintRow(r.getLong("seq"), content, r.getBuffer("content").getBytes(), r.getBuffer("salt").getBytes(),
                r.getBuffer("commitment").getBytes(), r.getBuffer("secret_hash").getBytes(),
                r.getOffsetDateTime("received_at").toInstant(), r.getString("received_by"), r.getString("received_role"),
                r.getOffsetDateTime("due_at").toInstant(), r.getInteger("footage_matched"), r.getString("status"),
                r.getString("investigator"), r.getString("outcome"), closed == null ? null : closed.toInstant());
    }

    /** Coordinates as the canonical content writes them (the stored row is for matching; the content bytes are kept verbatim). */
    private static String decimal(double d) {
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }
}
