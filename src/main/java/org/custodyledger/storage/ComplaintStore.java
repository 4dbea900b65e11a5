package org.custodyledger.storage;

import static org.custodyledger.storage.SqlTimes.utc;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.complaint.Category;
import org.custodyledger.complaint.ComplaintContent;
import org.custodyledger.model.ComplaintFilter;
import org.custodyledger.model.ComplaintRow;
import org.custodyledger.model.FootageRow;
import org.custodyledger.model.LegalHold;

/**
 * Complaints and the footage they preserve. Every change is a sequencer admission, so it
 * commits with the event that records it; the intake's is one statement that writes the
 * complaint, its holds and its matches together or nothing at all.
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

    /**
     * The footage's recorded coordinate ({@code axis} "lat" or "lon"), or NULL unless its metadata
     * holds a JSON object {@code location} with numeric lat within ±90 and lon within ±180: free
     * text ("Main St", "n/a") is no location, never an error. Nested CASEs, as PostgreSQL does not
     * promise to evaluate an AND's operands in order.
     */
    private static String footageCoordinate(String axis) {
        String loc = "f.metadata->'location'";
        return "(CASE WHEN jsonb_typeof(" + loc + "->'lat') = 'number' AND jsonb_typeof(" + loc + "->'lon') = 'number'"
                + " THEN CASE WHEN abs((" + loc + "->'lat')::numeric) <= 90 AND abs((" + loc + "->'lon')::numeric) <= 180"
                + " THEN (" + loc + "->'" + axis + "')::numeric::float8 END END)";
    }

    /** The great-circle distance in metres between two points in degrees (haversine; asin's argument clamped to 1). */
    private static String distance(String lat1, String lon1, String lat2, String lon2) {
        return "(2 * 6371008.8 * asin(least(1.0, sqrt(power(sin(radians(" + lat2 + " - " + lat1 + ") / 2), 2)"
                + " + cos(radians(" + lat1 + ")) * cos(radians(" + lat2 + ")) * power(sin(radians(" + lon2 + " - " + lon1
                + ") / 2), 2)))))";
    }

    /**
     * Whether footage {@code f} (not disposed) matches a complaint whose criteria are bound from
     * {@code $p} on, in {@link MatchCriteria} order (from, to, incident, lat, lon, radius in metres,
     * officers): the same incident; or recorded within the window and, when both have a location,
     * within the radius; or recorded within the window by a named officer.
     */
    static String footageMatches(int p) {
        String lat = "$" + (p + 3) + "::float8";
        String lon = "$" + (p + 4) + "::float8";
        String fLat = footageCoordinate("lat");
        return "f.disposed_at IS NULL AND (f.incident = $" + (p + 2) + "::text OR (f.recorded_at BETWEEN $" + p
                + "::timestamptz AND $" + (p + 1) + "::timestamptz AND (" + lat + " IS NULL OR " + fLat + " IS NULL"
                + " OR f.uploaded_by = ANY($" + (p + 6) + "::text[]) OR "
                + distance(lat, lon, fLat, footageCoordinate("lon")) + " <= $" + (p + 5) + "::float8)))";
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
            + footageMatches(1) + " AND NOT EXISTS (SELECT 1 FROM complaint_footage m WHERE m.complaint_id = $8::text"
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

    /**
     * Whether open complaint {@code c} matches a footage whose facts are bound from {@code $p} on
     * (incident, recorded at, lat, lon, uploaded by, margin in seconds): {@link #footageMatches}
     * seen from the footage's side. Written as ranges on bare columns so the partial indexes on
     * open complaints serve it (a window spans at most {@link #MAX_WINDOW}).
     */
    static String openComplaintMatches(int p) {
        return openComplaintMatches("$" + p, "$" + (p + 1), "$" + (p + 2), "$" + (p + 3), "$" + (p + 4), "$" + (p + 5));
    }

    /** {@link #openComplaintMatches(int)} with the footage's facts given as SQL expressions (parameters or columns). */
    private static String openComplaintMatches(String incident, String recordedAt, String latitude, String longitude,
                                               String uploadedBy, String marginSeconds) {
        String at = recordedAt + "::timestamptz";
        String lat = latitude + "::float8";
        String lon = longitude + "::float8";
        String margin = "make_interval(secs => " + marginSeconds + "::float8)";
        return "c.status <> 'closed' AND (c.incident = " + incident + "::text OR (c.occurred_from <= " + at + " + " + margin
                + " AND c.occurred_from >= " + at + " - " + margin + " - interval '" + MAX_WINDOW.toSeconds() + " seconds'"
                + " AND c.occurred_to >= " + at + " - " + margin
                + " AND (c.lat IS NULL OR " + lat + " IS NULL OR " + uploadedBy + "::text = ANY(c.officers)"
                + " OR " + distance(lat, lon, "c.lat", "c.lon") + " <= c.radius_m)))";
    }

    /** The facts of a footage a complaint is matched against, as {@link #openComplaintMatches} binds them. */
    public record FootageFacts(String incident, Instant recordedAt, Double lat, Double lon, String uploadedBy,
                               Duration margin) {
        Tuple addTo(Tuple t) {
            return t.addValue(incident).addValue(utc(recordedAt)).addValue(lat).addValue(lon).addValue(uploadedBy)
                    .addValue((double) margin.toSeconds());
        }
    }

    /** The open complaints a footage matches, oldest first, but those {@code footageId} (null: none) is already linked to. */
    public Future<List<OpenMatch>> openComplaintsMatching(FootageFacts facts, String footageId) {
        return pool.preparedQuery("SELECT c.id FROM complaints c WHERE " + openComplaintMatches(1)
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
                                                           AND\s""" + footageMatches(25) + """
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
     * A footage's row with holds for the open complaints its registration matched, in one
     * statement: made only if the open complaints it matches now, under the log's lock, are
     * exactly {@code expected} (those it planned for; the holds may cover only the first of
     * them). A complaint received or closed since the plan makes it refuse and say
     * {@link #stale()}: plan again. A refusal that is not stale is the same bytes, registered
     * first by another request.
     */
    public static Registration registration(FootageRow row, FootageFacts facts, List<String> expected, List<LegalHold> holds) {
        return new Registration(row, facts, expected, holds);
    }

    public static final class Registration implements Sequencer.Admission {
        private static final String SQL = "WITH open AS (SELECT c.id FROM complaints c WHERE " + openComplaintMatches(16) + "),"
                + " ok AS (SELECT ARRAY(SELECT id FROM open ORDER BY id) = ARRAY(SELECT x FROM unnest($22::text[]) x ORDER BY x)"
                + " AS ok), ins AS (" + FootageStore.insertSql("(SELECT ok FROM ok)") + "),"
                + " h AS (INSERT INTO legal_holds (id, footage_id, reason, matter, placed_by, placed_at)"
                + " SELECT hold, i.id, 'automatic preservation for complaint ' || complaint, complaint, $25, $26"
                + " FROM unnest($23::text[], $24::text[]) AS x(hold, complaint), ins i RETURNING id, footage_id, matter),"
                + " l AS (INSERT INTO complaint_footage (complaint_id, footage_id, hold_id, matched_at, matched_when)"
                + " SELECT matter, footage_id, id, $26, 'registration' FROM h RETURNING complaint_id),"
                + " u AS (UPDATE complaints SET footage_matched = footage_matched + 1"
                + " WHERE id IN (SELECT complaint_id FROM l) RETURNING 1)"
                + " SELECT (SELECT ok FROM ok) AS ok, (SELECT count(*) FROM ins) AS inserted";
        private final FootageRow row;
        private final FootageFacts facts;
        private final List<String> expected;
        private final List<LegalHold> holds;
        private volatile boolean stale;

        private Registration(FootageRow row, FootageFacts facts, List<String> expected, List<LegalHold> holds) {
            this.row = row;
            this.facts = facts;
            this.expected = List.copyOf(expected);
            this.holds = List.copyOf(holds);
        }

        /** Whether the last refusal was for a complaint received or closed since the plan (not for the same bytes). */
        public boolean stale() {
            return stale;
        }

        /**
         * A registration that planned for no complaint (the usual case) goes in with the batch's
         * others of its kind as one statement; one that holds footage runs alone.
         */
        @Override
        public Sequencer.AdmissionGroup group() {
            return expected.isEmpty() && holds.isEmpty() ? UNMATCHED_REGISTRATIONS : null;
        }

        @Override
        public String createdSubject() {
            return row.id();
        }

        @Override
        public Future<Boolean> admit(SqlConnection conn) {
            Tuple t = facts.addTo(FootageStore.insertValues(List.of(row))).addValue(expected.toArray(new String[0]))
                    .addValue(holds.stream().map(LegalHold::id).toArray(String[]::new))
                    .addValue(holds.stream().map(LegalHold::matter).toArray(String[]::new))
                    .addValue(holds.isEmpty() ? "system" : holds.get(0).placedBy()).addValue(utc(row.uploadedAt()));
            return conn.preparedQuery(SQL).execute(t).map(rows -> {
                Row r = rows.iterator().next();
                stale = !r.getBoolean("ok");
                return r.getLong("inserted") == 1;
            });
        }
    }

    private static final String UNMATCHED_REGISTRATIONS_SQL = "WITH u AS (SELECT u.*, NOT EXISTS (SELECT 1 FROM complaints c"
            + " WHERE " + openComplaintMatches("u.f_inc", "u.f_at", "u.f_lat", "u.f_lon", "u.f_by", "u.f_margin") + ") AS ok"
            + " FROM unnest($1::text[], $2::bytea[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[],"
            + " $8::text[], $9::timestamptz[], $10::text[], $11::timestamptz[], $12::boolean[], $13::text[], $14::text[],"
            + " $15::text[], $16::text[], $17::timestamptz[], $18::float8[], $19::float8[], $20::text[], $21::float8[])"
            + " AS u(i, s, z, mt, f, inc, d, nt, ra, ub, ua, h, sl, m, df, f_inc, f_at, f_lat, f_lon, f_by, f_margin)),"
            + " ins AS (INSERT INTO footage (id, sha256, size, media_type, filename, incident, device, notes, recorded_at,"
            + " uploaded_by, uploaded_at, held, storage_location, metadata, derived_from)"
            + " SELECT i, s, z, mt, f, inc, d, nt, ra, ub, ua, h, sl, m::jsonb, df FROM u WHERE ok"
            + " ON CONFLICT (sha256) DO NOTHING RETURNING id)"
            + " SELECT u.i AS id, NOT u.ok AS stale, EXISTS (SELECT 1 FROM ins WHERE ins.id = u.i) AS inserted FROM u";

    /**
     * Registrations that planned for no open complaint, a batch's worth in one statement: each
     * footage row goes in (unless its bytes are registered) only if still no open complaint
     * matches it, as {@link Registration}'s own statement checks one row; a row some complaint
     * now matches is refused and marked stale (plan again). Answers each one's verdict in order.
     */
    private static final Sequencer.AdmissionGroup UNMATCHED_REGISTRATIONS = (conn, members) -> {
        List<Registration> regs = members.stream().map(m -> (Registration) m).toList();
        int n = regs.size();
        String[] incidents = new String[n];
        OffsetDateTime[] recorded = new OffsetDateTime[n];
        Double[] lats = new Double[n];
        Double[] lons = new Double[n];
        String[] uploaders = new String[n];
        Double[] margins = new Double[n];
        for (int i = 0; i < n; i++) {
            FootageFacts f = regs.get(i).facts;
            incidents[i] = f.incident();
            recorded[i] = utc(f.recordedAt());
            lats[i] = f.lat();
            lons[i] = f.lon();
            uploaders[i] = f.uploadedBy();
            margins[i] = (double) f.margin().toSeconds();
        }
        Tuple t = FootageStore.insertValues(regs.stream().map(r -> r.row).toList()).addValue(incidents).addValue(recorded)
                .addValue(lats).addValue(lons).addValue(uploaders).addValue(margins);
        return conn.preparedQuery(UNMATCHED_REGISTRATIONS_SQL).execute(t).map(rows -> {
            Map<String, Row> byId = new HashMap<>();
            rows.forEach(r -> byId.put(r.getString("id"), r));
            List<Boolean> verdicts = new ArrayList<>(n);
            for (Registration reg : regs) {
                Row r = byId.get(reg.row.id());
                reg.stale = r.getBoolean("stale");
                verdicts.add(r.getBoolean("inserted"));
            }
            return verdicts;
        });
    };

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
