package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;
import org.custodyledger.model.StoredTimestamp;

/** The RFC 3161 tokens kept over checkpoints (schema V10), append-only. */
public final class TimestampStore {
    private static final String COLUMNS = "tree_size, checkpoint, token, gen_time, tsa";
    // The first token a TSA gave for a size stays: another instance asking for the same size adds nothing.
    static final String INSERT = "INSERT INTO checkpoint_timestamps (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5)"
            + " ON CONFLICT (tsa, tree_size) DO NOTHING";
    static final String SELECT_LATEST = "SELECT " + COLUMNS + " FROM checkpoint_timestamps"
            + " ORDER BY tree_size DESC, gen_time DESC LIMIT 1";
    static final String SELECT_EARLIEST_COVERING = "SELECT " + COLUMNS + " FROM checkpoint_timestamps"
            + " WHERE tree_size >= $1 AND tree_size <= $2 ORDER BY tree_size, gen_time LIMIT 1";
    static final String SELECT_LARGEST_AT_MOST = "SELECT max(tree_size) FROM checkpoint_timestamps WHERE tree_size <= $1";
    static final String SELECT_SIZES_BY_TSA = "SELECT tsa, max(tree_size) FROM checkpoint_timestamps GROUP BY tsa";

    private final Pool pool;
    private final SqlClient client;

    public TimestampStore(Pool pool) {
        this.pool = pool;
        this.client = pool;
    }

    /**
     * Keeps a verified token; false when this TSA's token for that size was already kept. Its
     * commit does not wait for a WAL flush of its own (synchronous_commit off for this transaction
     * only): a token lost in a crash is asked for again at the next interval, and waiting would put
     * an extra flush beside the appends' commits at every interval.
     */
    public Future<Boolean> record(StoredTimestamp stamp) {
        return pool.withTransaction(conn -> conn.query("SET LOCAL synchronous_commit = off").execute()
                .compose(v -> conn.preparedQuery(INSERT).execute(Tuple.of(stamp.treeSize(), stamp.checkpoint(),
                        Buffer.buffer(stamp.token()), SqlTimes.utc(stamp.genTime()), stamp.tsa())))
                .map(rows -> rows.rowCount() == 1));
    }

    /** The token over the largest tree (the latest of its size), or null before the first. */
    public Future<StoredTimestamp> latest() {
        return client.query(SELECT_LATEST).execute().map(TimestampStore::first);
    }

    /**
     * The earliest token over a tree of {@code from} to {@code to} entries — the first that
     * covers log entry {@code from - 1} — or null: the smallest such size, then the earliest time.
     */
    public Future<StoredTimestamp> earliestCovering(long from, long to) {
        return client.preparedQuery(SELECT_EARLIEST_COVERING).execute(Tuple.of(from, to)).map(TimestampStore::first);
    }

    /** The largest tree size of at most {@code size} entries some token is over, or null. */
    public Future<Long> largestStampedAtMost(long size) {
        return client.preparedQuery(SELECT_LARGEST_AT_MOST).execute(Tuple.of(size))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The largest tree size each TSA (by URL) has a kept token for. */
    public Future<Map<String, Long>> stampedSizes() {
        return client.query(SELECT_SIZES_BY_TSA).execute().map(rows -> {
            Map<String, Long> sizes = new HashMap<>();
            rows.forEach(r -> sizes.put(r.getString(0), r.getLong(1)));
            return sizes;
        });
    }

    private static StoredTimestamp first(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row r = rows.iterator().next();
        return new StoredTimestamp(r.getLong("tree_size"), r.getString("checkpoint"), r.getBuffer("token").getBytes(),
                SqlTimes.instant(r, "gen_time"), r.getString("tsa"));
    }
}
