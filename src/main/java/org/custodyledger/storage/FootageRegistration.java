package org.custodyledger.storage;

import static org.custodyledger.storage.SqlTimes.utc;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.model.FootageRow;
import org.custodyledger.model.LegalHold;

/**
 * A footage's row with holds for the open complaints its registration matched, in one
 * statement: made only if the open complaints it matches now, under the log's lock, are
 * exactly those it planned for. A complaint received or closed since the plan makes it refuse
 * and say {@link #stale()}: plan again. A refusal that is not stale is the same bytes,
 * registered first by another request.
 */
public final class FootageRegistration implements Sequencer.Admission {
    private static final String SQL = "WITH open AS (SELECT c.id FROM complaints c WHERE "
            + ComplaintMatchSql.openComplaintMatches(16) + "),"
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

    /**
     * Admits {@code row}, whose facts are {@code facts}, if the open complaints it matches are
     * {@code expected}; {@code holds} preserve it for them (perhaps only the first of them).
     */
    public FootageRegistration(FootageRow row, FootageFacts facts, List<String> expected, List<LegalHold> holds) {
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

    private static final String UNMATCHED_REGISTRATIONS_SQL = "WITH u AS (SELECT u.*, NOT EXISTS (SELECT 1 FROM complaints c"
            + " WHERE " + ComplaintMatchSql.openComplaintMatches("u.f_inc", "u.f_at", "u.f_lat", "u.f_lon", "u.f_by",
            "u.f_margin") + ") AS ok"
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
     * matches it, as {@link #admit}'s statement checks one row; a row some complaint now
     * matches is refused and marked stale (plan again). Answers each one's verdict in order.
     */
    private static final Sequencer.AdmissionGroup UNMATCHED_REGISTRATIONS = (conn, members) -> {
        List<FootageRegistration> regs = members.stream().map(m -> (FootageRegistration) m).toList();
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
            for (FootageRegistration reg : regs) {
                Row r = byId.get(reg.row.id());
                reg.stale = r.getBoolean("stale");
                verdicts.add(r.getBoolean("inserted"));
            }
            return verdicts;
        });
    };
}
