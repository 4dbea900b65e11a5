package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Published transparency reports (kept byte for byte) and the days whose refusals went into the ledger. */
public final class ReportStore {
    /** A published report: its bytes, hash, the checkpoint it cites, and its REPORT_PUBLISHED entry's index. */
    public record Published(String period, byte[] report, String sha256, long checkpointSize, String publishedBy,
                            Instant publishedAt, Long index) {
    }

    /** One (status, route) count of a day's refused requests. */
    public record RefusalCount(int status, String route, long count) {
    }

    private static final String COLUMNS = "p.period, p.report, p.sha256, p.checkpoint_size, p.published_by, p.published_at,"
            + " (SELECT min(idx) FROM log_entries e WHERE e.footage_id = p.period AND e.event_type = 'REPORT_PUBLISHED') AS idx";

    private final Pool pool;

    public ReportStore(Pool pool) {
        this.pool = pool;
    }

    /** Every published report, newest period first (bytes included: a handful of small documents). */
    public Future<List<Published>> published() {
        return pool.query("SELECT " + COLUMNS + " FROM published_reports p ORDER BY p.published_at DESC").execute()
                .map(rows -> {
                    List<Published> list = new ArrayList<>();
                    rows.forEach(r -> list.add(published(r)));
                    return list;
                });
    }

    /** The published report of a period, or null. */
    public Future<Published> published(String period) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM published_reports p WHERE p.period = $1")
                .execute(Tuple.of(period))
                .map(rows -> rows.size() == 0 ? null : published(rows.iterator().next()));
    }

    private static Published published(Row r) {
        return new Published(r.getString("period"), r.getBuffer("report").getBytes(), r.getString("sha256"),
                r.getLong("checkpoint_size"), r.getString("published_by"), SqlTimes.instant(r, "published_at"),
                r.getLong("idx"));
    }

    /**
     * Stores the report with its REPORT_PUBLISHED event, in the event's transaction; admits the
     * event only if the period had no publication (the key decides between concurrent ones).
     */
    public static Sequencer.Admission publish(Published p) {
        return conn -> conn.preparedQuery("INSERT INTO published_reports (period, report, sha256, checkpoint_size,"
                        + " published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (period) DO NOTHING")
                .execute(Tuple.of(p.period(), Buffer.buffer(p.report()), p.sha256(), p.checkpointSize(), p.publishedBy(),
                        SqlTimes.utc(p.publishedAt())))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The latest UTC day whose refusals were counted, or null. */
    public Future<LocalDate> lastCountedDay() {
        return pool.query("SELECT max(day) FROM refusal_counted_days").execute()
                .map(rows -> rows.iterator().next().getLocalDate(0));
    }

    /** The day of the earliest refused request on record, or null. */
    public Future<LocalDate> firstRefusalDay() {
        return pool.query("SELECT min(at) FROM access_failures").execute()
                .map(rows -> {
                    var t = rows.iterator().next().getOffsetDateTime(0);
                    return t == null ? null : t.atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
                });
    }

    /** A UTC day's refused requests by status and route. */
    public Future<List<RefusalCount>> refusals(LocalDate day) {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        return pool.preparedQuery("SELECT status, route, count(*) AS n FROM access_failures WHERE at >= $1 AND at < $2"
                        + " GROUP BY status, route")
                .execute(Tuple.of(SqlTimes.utc(from), SqlTimes.utc(from.plusSeconds(86_400))))
                .map(rows -> {
                    List<RefusalCount> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new RefusalCount(r.getInteger("status"), r.getString("route"), r.getLong("n"))));
                    return list;
                });
    }

    /**
     * Marks a day counted, in its ACCESS_REFUSALS_COUNTED event's transaction; admits the event
     * only if no instance counted the day before (the key decides between two noticing midnight together).
     */
    public static Sequencer.Admission countDay(LocalDate day, Instant at) {
        return conn -> conn.preparedQuery("INSERT INTO refusal_counted_days (day, counted_at) VALUES ($1, $2)"
                        + " ON CONFLICT (day) DO NOTHING")
                .execute(Tuple.of(day, SqlTimes.utc(at)))
                .map(rows -> rows.rowCount() == 1);
    }
}
