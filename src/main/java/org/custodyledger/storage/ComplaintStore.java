package org.custodyledger.storage;

import static org.custodyledger.storage.SqlTimes.utc;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Duration;
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
 * complaint, its holds and its matches together or nothing at all. What a match is lives in
 * {@link ComplaintMatchSql}; a footage's registration, which checks the open complaints from
 * the other side, is {@link FootageRegistration}.
 */
public final class ComplaintStore {
    private static final String COLUMNS = "seq, id, category, occurred_from, occurred_to, lat, lon, radius_m, place,"
            + " incident, officers, description, contact, content, salt, commitment, secret_hash, received_at,"
            + " received_by, received_role, due_at, footage_matched, status, investigator, outcome, closed_at, holds_capped";

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

    /** The widest time window a complaint may give (V5's CHECK holds it too): it bounds the index range scans. */
    public static final Duration MAX_WINDOW = Duration.ofDays(7);

    private final Pool pool;

    public ComplaintStore(Pool pool) {
        this.pool = pool;
    }

    private static Tuple addCriteria(Tuple t, MatchCriteria c) {
        return t.addValue(utc(c.from())).addValue(utc(c.to())).addValue(c.incident()).addValue(c.lat()).addValue(c.lon())
                .addValue(c.radiusM() == null ? null : c.radiusM().doubleValue())
                .addValue(c.officers().toArray(new String[0]));
    }

    /**
     * The footage a complaint matches, in registration order. The incident and the window each
     * have an index (BitmapOr of the two); footage already linked to complaint $8 is left out.
     */
    public static final String MATCH_FOOTAGE = "SELECT f.id, f.sha256, f.seq, count(*) OVER () AS matching FROM footage f"
            + " WHERE f.seq > $9 AND "
            + ComplaintMatchSql.footageMatches(1) + " AND NOT EXISTS (SELECT 1 FROM complaint_footage m WHERE m.complaint_id = $8::text"
            + " AND m.footage_id = f.id) ORDER BY f.seq LIMIT $10";

    /**
     * The matches after paging position {@code afterSeq} (0: from the first), at most {@code c.limit()},
     * leaving out those already linked to {@code complaintId} (null: none is).
     */
    public Future<List<MatchedFootage>> matchFootage(MatchCriteria c, String complaintId, long afterSeq) {
        return pool.preparedQuery(MATCH_FOOTAGE)
                .execute(addCriteria(Tuple.tuple(), c).addValue(complaintId).addValue(afterSeq).addValue((long) c.limit()))
                .map(rows -> {
                    List<MatchedFootage> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new MatchedFootage(r.getString("id"), r.getBuffer("sha256").getBytes(),
                            r.getLong("seq"), r.getLong("matching"))));
                    return out;
                });
    }

    /** The open complaints a footage matches, oldest first, but those {@code footageId} (null: none) is already linked to. */
    public Future<List<OpenMatch>> openComplaintsMatching(FootageFacts facts, String footageId) {
        return pool.preparedQuery("SELECT c.id FROM complaints c WHERE " + ComplaintMatchSql.openComplaintMatches(1)
                        + " AND NOT EXISTS (SELECT 1 FROM complaint_footage m WHERE m.complaint_id = c.id"
                        + " AND m.footage_id = $7::text) ORDER BY c.seq")
                .execute(facts.addTo(Tuple.tuple()).addValue(footageId))
                .map(rows -> {
                    List<OpenMatch> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new OpenMatch(r.getString("id"))));
                    return out;
                });
    }

    /**
     * Writes the complaint, a hold on each matched footage and the match rows, in one
     * statement: all of them if every footage is still there and not disposed and no other
     * footage up to paging position {@code plannedUpTo} matches {@code criteria} (one
     * registered since the intake matched, under the log's lock, as the registration's own
     * check is: of two racing, one sees the other); else none (answering false, so the event
     * is withdrawn and the intake matches again).
     */
    public static Sequencer.Admission receive(ComplaintRow c, List<LegalHold> holds, MatchCriteria criteria,
                                              long plannedUpTo) {
        ComplaintContent k = c.content();
        return conn -> conn.preparedQuery("""
                        WITH ok AS (SELECT (SELECT count(*) FROM footage WHERE id = ANY($21) AND disposed_at IS NULL)
                                             = cardinality($21::text[])
                                           AND NOT EXISTS (SELECT 1 FROM footage f WHERE f.seq <= $32 AND NOT (f.id = ANY($21))
                                                           AND\s""" + ComplaintMatchSql.footageMatches(25) + """
                                           ) AS ok),
                        c AS (INSERT INTO complaints (id, category, occurred_from, occurred_to, lat, lon, radius_m, place,
                                incident, officers, description, contact, content, salt, commitment, secret_hash,
                                received_at, received_by, received_role, due_at, footage_matched, holds_capped)
                              SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                                $20, cardinality($21::text[]), $33 WHERE (SELECT ok FROM ok) RETURNING id),
                        h AS (INSERT INTO legal_holds (id, footage_id, reason, matter, placed_by, placed_at)
                              SELECT hold, footage, $23, $1, $24, $17 FROM unnest($22::text[], $21::text[]) AS x(hold, footage)
                              WHERE (SELECT ok FROM ok) RETURNING id),
                        l AS (INSERT INTO complaint_footage (complaint_id, footage_id, hold_id, matched_at, matched_when)
                              SELECT $1, footage, hold, $17, 'intake' FROM unnest($22::text[], $21::text[]) AS x(hold, footage)
                              WHERE (SELECT ok FROM ok) RETURNING 1)
                        SELECT (SELECT count(*) FROM c) AS complaints, (SELECT count(*) FROM h) AS holds,
                               (SELECT count(*) FROM l) AS links""")
                .execute(addCriteria(Tuple.tuple().addValue(k.complaintId()).addValue(k.category().code())
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
                        .addValue(holds.isEmpty() ? "system" : holds.get(0).placedBy()), criteria).addValue(plannedUpTo).addValue(c.holdsCapped()))
                .map(rows -> rows.iterator().next().getLong("complaints") == 1);
    }

    /**
     * Holds more footage for a complaint already received (matches beyond what its intake
     * transaction had room for): all of them, with their match rows and the complaint's count,
     * if none was disposed or linked to it (held at its registration) meanwhile; else nothing
     * (false: match again).
     */
    public static Sequencer.Admission holdMore(String complaintId, List<LegalHold> holds) {
        return conn -> conn.preparedQuery("""
                        WITH ok AS (SELECT (SELECT count(*) FROM footage WHERE id = ANY($2) AND disposed_at IS NULL)
                                             = cardinality($2::text[])
                                           AND NOT EXISTS (SELECT 1 FROM complaint_footage m
                                                           WHERE m.complaint_id = $1 AND m.footage_id = ANY($2)) AS ok),
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
     * Holds a registered footage for more open complaints (those its registration had no room
     * for): all of them, with their match rows and counts, if the footage is not disposed and
     * each complaint is still open and not yet linked to it; else nothing (false: match again).
     */
    public static Sequencer.Admission holdForComplaints(String footageId, List<LegalHold> holds) {
        return conn -> conn.preparedQuery("""
                        WITH ok AS (SELECT EXISTS (SELECT 1 FROM footage WHERE id = $1 AND disposed_at IS NULL)
                                           AND (SELECT count(*) FROM complaints WHERE id = ANY($3) AND status <> 'closed')
                                               = cardinality($3::text[])
                                           AND NOT EXISTS (SELECT 1 FROM complaint_footage
                                                           WHERE footage_id = $1 AND complaint_id = ANY($3)) AS ok),
                        h AS (INSERT INTO legal_holds (id, footage_id, reason, matter, placed_by, placed_at)
                              SELECT hold, $1, 'automatic preservation for complaint ' || complaint, complaint, $4, $5
                              FROM unnest($2::text[], $3::text[]) AS x(hold, complaint) WHERE (SELECT ok FROM ok)
                              RETURNING id, matter),
                        l AS (INSERT INTO complaint_footage (complaint_id, footage_id, hold_id, matched_at, matched_when)
                              SELECT matter, $1, id, $5, 'registration' FROM h RETURNING complaint_id),
                        u AS (UPDATE complaints SET footage_matched = footage_matched + 1
                              WHERE id IN (SELECT complaint_id FROM l) RETURNING 1)
                        SELECT (SELECT ok FROM ok) AS ok""")
                .execute(Tuple.of(footageId, holds.stream().map(LegalHold::id).toArray(String[]::new),
                        holds.stream().map(LegalHold::matter).toArray(String[]::new), holds.get(0).placedBy(),
                        utc(holds.get(0).placedAt())))
                .map(rows -> rows.iterator().next().getBoolean("ok"));
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
                r.getString("investigator"), r.getString("outcome"), closed == null ? null : closed.toInstant(),
                r.getBoolean("holds_capped"));
    }

    /** Coordinates as the canonical content writes them (the stored row is for matching; the content bytes are kept verbatim). */
    private static String decimal(double d) {
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }
}
