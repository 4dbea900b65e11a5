package org.custodyledger.storage;

import static org.custodyledger.storage.SqlTimes.instant;
import static org.custodyledger.storage.SqlTimes.utc;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;


import java.util.ArrayList;
import java.util.List;
import org.custodyledger.model.Share;

/**
 * Shares and what they cover. A share is made and revoked as the admission of its SHARED or
 * SHARE_REVOKED events, so the row and the events commit together or not at all.
 */
public final class ShareStore {
    private static final String COLUMNS = "id, seq, recipient_name, recipient_org, recipient_email, purpose, case_number,"
            + " created_by, created_at, expires_at, revoked_by, revoked_at, revoke_reason,"
            + " ARRAY(SELECT footage_id FROM share_items i WHERE i.share_id = shares.id ORDER BY footage_id) AS items";
    private final Pool pool;

    public ShareStore(Pool pool) {
        this.pool = pool;
    }

    /** Inserts the share and its items, only if every footage still has its bytes here (not disposed, not hash-only). */
    public static Sequencer.Admission create(Share share, byte[] secretSha256) {
        return conn -> conn.preparedQuery("SELECT count(*) FROM footage WHERE id = ANY($1::text[]) AND held"
                        + " AND disposed_at IS NULL")
                .execute(Tuple.tuple().addValue(share.footageIds().toArray(String[]::new)))
                .compose(rows -> {
                    if (rows.iterator().next().getLong(0) != share.footageIds().size()) {
                        return Future.succeededFuture(false);
                    }
                    return conn.preparedQuery("INSERT INTO shares (id, secret_sha256, recipient_name, recipient_org,"
                                    + " recipient_email, purpose, case_number, created_by, created_at, expires_at)"
                                    + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                            .execute(Tuple.from(new Object[] {share.id(), Buffer.buffer(secretSha256),
                                    share.recipientName(), share.recipientOrg(), share.recipientEmail(), share.purpose(),
                                    share.caseNumber(), share.createdBy(), utc(share.createdAt()), utc(share.expiresAt())}))
                            .compose(v -> conn.preparedQuery("INSERT INTO share_items (share_id, footage_id)"
                                            + " SELECT $1, f FROM unnest($2::text[]) AS f")
                                    .execute(Tuple.tuple().addValue(share.id())
                                            .addValue(share.footageIds().toArray(String[]::new))))
                            .map(v -> true);
                });
    }

    /** Revokes a share that is not revoked yet. */
    public static Sequencer.Admission revoke(String shareId, String by, Instant at, String reason) {
        return conn -> conn.preparedQuery("UPDATE shares SET revoked_by = $2, revoked_at = $3, revoke_reason = $4"
                        + " WHERE id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(shareId, by, utc(at), reason))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Lets a recipient's access event through only while the share is neither revoked nor expired at {@code now}. */
    public static Sequencer.Admission usable(String shareId, Instant now) {
        return conn -> conn.preparedQuery("SELECT 1 FROM shares WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2")
                .execute(Tuple.of(shareId, utc(now))).map(rows -> rows.size() == 1);
    }

    public Future<Share> byId(String id) {
        return one("SELECT " + COLUMNS + " FROM shares WHERE id = $1", Tuple.of(id));
    }

    /** The share whose secret hashes to {@code secretSha256}: an index look-up on the hash, never on the secret. */
    public Future<Share> bySecretHash(byte[] secretSha256) {
        return one("SELECT " + COLUMNS + " FROM shares WHERE secret_sha256 = $1", Tuple.of(Buffer.buffer(secretSha256)));
    }

    /** Shares newest last, after {@code afterSeq}; at most {@code limit}. */
    public Future<List<Share>> list(long afterSeq, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM shares WHERE seq > $1 ORDER BY seq LIMIT $2")
                .execute(Tuple.of(afterSeq, limit))
                .map(rows -> {
                    List<Share> list = new ArrayList<>(rows.size());
                    rows.forEach(r -> list.add(share(r)));
                    return list;
                });
    }

    private Future<Share> one(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args)
                .map(rows -> rows.size() == 0 ? null : share(rows.iterator().next()));
    }

    private static Share share(Row r) {
        String[] items = r.getArrayOfStrings("items");
        return new Share(r.getString("id"), r.getLong("seq"), r.getString("recipient_name"), r.getString("recipient_org"),
                r.getString("recipient_email"), r.getString("purpose"), r.getString("case_number"),
                r.getString("created_by"), instant(r, "created_at"), instant(r, "expires_at"), r.getString("revoked_by"),
                instant(r, "revoked_at"), r.getString("revoke_reason"), items == null ? List.of() : List.of(items));
    }
}
