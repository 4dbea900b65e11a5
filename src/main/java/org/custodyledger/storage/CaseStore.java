package org.custodyledger.storage;

import static org.custodyledger.storage.SqlTimes.instant;
import static org.custodyledger.storage.SqlTimes.utc;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;


import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.custodyledger.model.CaseMember;
import org.custodyledger.model.CaseRecord;

/**
 * Cases and their members. A case row is written alone (it is no footage's event); a
 * membership starts and ends as the admission of its CASE_ADDED or CASE_REMOVED event.
 */
public final class CaseStore {
    private static final String CASE_COLUMNS = "number, seq, title, incident, created_by, created_at";
    private static final String MEMBER_COLUMNS = "seq, case_number, footage_id, added_by, added_at, added_reason";
    private final Pool pool;

    public CaseStore(Pool pool) {
        this.pool = pool;
    }

    /** Inserts the case; false when the number is taken, in any letter case (schema V8). */
    public Future<Boolean> create(CaseRecord c) {
        return pool.preparedQuery("INSERT INTO cases (number, title, incident, created_by, created_at)"
                        + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(c.number(), c.title(), c.incident(), c.createdBy(), utc(c.createdAt())))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Makes the footage a member, unless it is disposed or already one. */
    public static Sequencer.Admission addMember(String caseNumber, String footageId, String by, Instant at,
                                                String reason) {
        return conn -> conn.preparedQuery("INSERT INTO case_members (case_number, footage_id, footage_seq, added_by,"
                        + " added_at, added_reason) SELECT $1, $2, f.seq, $3, $4, $5"
                        + " FROM footage f WHERE f.id = $2 AND f.disposed_at IS NULL AND NOT EXISTS"
                        + " (SELECT 1 FROM case_members WHERE case_number = $1 AND footage_id = $2 AND removed_at IS NULL)")
                .execute(Tuple.of(caseNumber, footageId, by, utc(at), reason))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Ends the footage's current membership. */
    public static Sequencer.Admission removeMember(String caseNumber, String footageId, String by, Instant at,
                                                   String reason) {
        return conn -> conn.preparedQuery("UPDATE case_members SET removed_by = $3, removed_at = $4, removed_reason = $5"
                        + " WHERE case_number = $1 AND footage_id = $2 AND removed_at IS NULL")
                .execute(Tuple.of(caseNumber, footageId, by, utc(at), reason))
                .map(rows -> rows.rowCount() == 1);
    }

    public Future<CaseRecord> byNumber(String number) {
        return pool.preparedQuery("SELECT " + CASE_COLUMNS + " FROM cases WHERE number = $1").execute(Tuple.of(number))
                .map(rows -> rows.size() == 0 ? null : caseRecord(rows.iterator().next()));
    }

    /** Cases in creation order after {@code afterSeq} whose number or title starts with {@code prefix} (null: all). */
    public Future<List<CaseRecord>> list(String prefix, long afterSeq, int limit) {
        String like = prefix == null ? null : prefix.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
        return pool.preparedQuery("SELECT " + CASE_COLUMNS + " FROM cases WHERE seq > $1 AND ($2::text IS NULL"
                        + " OR lower(number) LIKE $2 OR lower(title) LIKE $2) ORDER BY seq LIMIT $3")
                .execute(Tuple.of(afterSeq, like, limit))
                .map(rows -> {
                    List<CaseRecord> list = new ArrayList<>(rows.size());
                    rows.forEach(r -> list.add(caseRecord(r)));
                    return list;
                });
    }

    /** Current members in the order they joined, after membership {@code afterSeq}; at most {@code limit}. */
    public Future<List<CaseMember>> members(String caseNumber, long afterSeq, int limit) {
        return pool.preparedQuery("SELECT " + MEMBER_COLUMNS + " FROM case_members WHERE case_number = $1"
                        + " AND removed_at IS NULL AND seq > $2 ORDER BY seq LIMIT $3")
                .execute(Tuple.of(caseNumber, afterSeq, limit))
                .map(rows -> {
                    List<CaseMember> list = new ArrayList<>(rows.size());
                    rows.forEach(r -> list.add(new CaseMember(r.getLong("seq"), r.getString("case_number"),
                            r.getString("footage_id"), r.getString("added_by"), instant(r, "added_at"),
                            r.getString("added_reason"))));
                    return list;
                });
    }

    private static CaseRecord caseRecord(Row r) {
        return new CaseRecord(r.getString("number"), r.getLong("seq"), r.getString("title"), r.getString("incident"),
                r.getString("created_by"), instant(r, "created_at"));
    }
}
