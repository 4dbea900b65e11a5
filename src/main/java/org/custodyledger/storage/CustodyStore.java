package org.custodyledger.storage;

import static org.custodyledger.storage.SqlTimes.utc;

import org.custodyledger.model.LegalHold;
import org.custodyledger.model.AccessFailure;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;

import java.util.ArrayList;
import java.util.List;

/**
 * Custody state beside the ledger: legal holds, retention, disposal, and the failed-access
 * audit. Each state change is a sequencer {@link Sequencer.Admission}, so it commits in the
 * transaction of the event that records it, under the log head lock, and answers false
 * (nothing changed, no event) when the current state forbids it.
 */
public final class CustodyStore {
    private static final String HOLD_COLUMNS = "id, footage_id, reason, matter, placed_by, placed_at, released_by,"
            + " released_at, release_reason";
    private final Pool pool;

    public CustodyStore(Pool pool) {
        this.pool = pool;
    }

    /** Lets an event through only while the footage is not disposed. */
    public static Sequencer.Admission notDisposed(String footageId) {
        return conn -> conn.preparedQuery("SELECT 1 FROM footage WHERE id = $1 AND disposed_at IS NULL")
                .execute(Tuple.of(footageId)).map(rows -> rows.size() == 1);
    }

    /** Lets an access event through only while this service holds the bytes (not disposed, not hash-only). */
    public static Sequencer.Admission contentAvailable(String footageId) {
        return conn -> conn.preparedQuery("SELECT 1 FROM footage WHERE id = $1 AND held AND disposed_at IS NULL")
                .execute(Tuple.of(footageId)).map(rows -> rows.size() == 1);
    }

    /** Places a hold on footage that is not disposed and has no open hold for the same matter. */
    public static Sequencer.Admission placeHold(LegalHold hold) {
        return conn -> conn.preparedQuery("INSERT INTO legal_holds (id, footage_id, reason, matter, placed_by, placed_at)"
                        + " SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS"
                        + " (SELECT 1 FROM footage WHERE id = $2 AND disposed_at IS NULL) AND NOT EXISTS"
                        + " (SELECT 1 FROM legal_holds WHERE footage_id = $2 AND matter = $4 AND released_at IS NULL)")
                .execute(Tuple.of(hold.id(), hold.footageId(), hold.reason(), hold.matter(), hold.placedBy(),
                        utc(hold.placedAt())))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Releases an open hold of that footage, unless it preserves footage for a complaint still open. */
    public static Sequencer.Admission releaseHold(String holdId, String footageId, String by, Instant at, String reason) {
        return conn -> conn.preparedQuery("UPDATE legal_holds SET released_by = $3, released_at = $4, release_reason = $5"
                        + " WHERE id = $1 AND footage_id = $2 AND released_at IS NULL AND NOT EXISTS"
                        + " (SELECT 1 FROM complaints c WHERE c.id = legal_holds.matter AND c.status <> 'closed')")
                .execute(Tuple.of(holdId, footageId, by, utc(at), reason))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Sets the date before which the footage may not be disposed. */
    public static Sequencer.Admission setRetention(String footageId, Instant until) {
        return conn -> conn.preparedQuery("UPDATE footage SET retain_until = $2 WHERE id = $1 AND disposed_at IS NULL")
                .execute(Tuple.of(footageId, utc(until)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Turns the record into a tombstone, unless a hold is open or the retention date is still
     * ahead; checked here, under the log head lock, so a hold placed a moment earlier wins.
     */
    public static Sequencer.Admission dispose(String footageId, Instant at) {
        return conn -> conn.preparedQuery("UPDATE footage SET disposed_at = $2, held = false"
                        + " WHERE id = $1 AND disposed_at IS NULL AND (retain_until IS NULL OR retain_until <= $2)"
                        + " AND NOT EXISTS (SELECT 1 FROM legal_holds WHERE footage_id = $1 AND released_at IS NULL)")
                .execute(Tuple.of(footageId, utc(at)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Future<List<LegalHold>> holds(String footageId) {
        return pool.preparedQuery("SELECT " + HOLD_COLUMNS + " FROM legal_holds WHERE footage_id = $1 ORDER BY placed_at, id")
                .execute(Tuple.of(footageId))
                .map(rows -> {
                    List<LegalHold> holds = new ArrayList<>();
                    rows.forEach(r -> holds.add(hold(r)));
                    return holds;
                });
    }

    /** SHA-256s of disposed footage (to sweep blobs a crash left behind after the DISPOSED event). */
    public Future<List<byte[]>> disposedDigests() {
        return pool.query("SELECT sha256 FROM footage WHERE disposed_at IS NOT NULL").execute().map(rows -> {
            List<byte[]> digests = new ArrayList<>();
            rows.forEach(r -> digests.add(r.getBuffer("sha256").getBytes()));
            return digests;
        });
    }

    public Future<Void> recordAccessFailure(AccessFailure f) {
        return pool.preparedQuery("INSERT INTO access_failures (status, actor_id, actor_roles, method, route, reason, remote,"
                        + " request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.of(f.status(), cut(f.actorId(), 256), cut(f.actorRoles(), 256), cut(f.method(), 16),
                        cut(f.route(), 1024), cut(f.reason(), 1024), cut(f.remote(), 128), cut(f.requestId(), 64)))
                .mapEmpty();
    }

    /**
     * Refused requests after id {@code afterId}, oldest first; a null filter value matches all.
     * Only the filters given go into the statement (values always bound), so each can use its
     * index (V7) instead of a plan that must also serve "no filter".
     */
    public Future<List<AccessFailure>> accessFailures(Integer status, String actorId, Instant since, Instant until,
                                                      long afterId, int limit) {
        StringBuilder where = new StringBuilder(" WHERE id > $1");
        List<Object> values = new ArrayList<>(List.of(afterId, limit));
        if (status != null) {
            values.add(status.shortValue());
            where.append(" AND status = $").append(values.size());
        }
        if (actorId != null) {
            values.add(actorId);
            where.append(" AND actor_id = $").append(values.size());
        }
        if (since != null) {
            values.add(utc(since));
            where.append(" AND at >= $").append(values.size());
        }
        if (until != null) {
            values.add(utc(until));
            where.append(" AND at < $").append(values.size());
        }
        return pool.preparedQuery("SELECT id, at, status, actor_id, actor_roles, method, route, reason, remote, request_id"
                        + " FROM access_failures" + where + " ORDER BY id LIMIT $2")
                .execute(Tuple.wrap(values))
                .map(rows -> {
                    List<AccessFailure> list = new ArrayList<>();
                    for (Row r : rows) {
                        list.add(new AccessFailure(r.getLong("id"), r.getOffsetDateTime("at").toInstant(),
                                r.getInteger("status"), r.getString("actor_id"), r.getString("actor_roles"),
                                r.getString("method"), r.getString("route"), r.getString("reason"), r.getString("remote"),
                                r.getString("request_id")));
                    }
                    return list;
                });
    }

    private static LegalHold hold(Row r) {
        OffsetDateTime released = r.getOffsetDateTime("released_at");
        return new LegalHold(r.getString("id"), r.getString("footage_id"), r.getString("reason"), r.getString("matter"),
                r.getString("placed_by"), r.getOffsetDateTime("placed_at").toInstant(), r.getString("released_by"),
                released == null ? null : released.toInstant(), r.getString("release_reason"));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
