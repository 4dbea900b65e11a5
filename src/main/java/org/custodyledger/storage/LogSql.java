package org.custodyledger.storage;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.merkle.Tile;
import org.custodyledger.note.StoredCheckpoint;

/**
 * The log's SQL in one place, as named statements: entries, tree nodes, head, checkpoints and
 * keys. Values are always bound as parameters; the readers below name the columns they expect.
 */
final class LogSql {
    private LogSql() {
    }

    // log_head: the single row (id = 0) whose lock makes the log single-writer across processes.
    static final String SELECT_HEAD = "SELECT size, root FROM log_head WHERE id = 0";
    static final String SELECT_HEAD_FOR_UPDATE = SELECT_HEAD + " FOR UPDATE";
    static final String MOVE_HEAD = "UPDATE log_head SET size = $1, root = $2, updated_at = now() WHERE id = 0";

    // log_entries: read as (idx, leaf, leaf_hash), see entry(Row).
    static final String SELECT_ENTRY = "SELECT idx, leaf, leaf_hash FROM log_entries WHERE idx = $1";
    static final String SELECT_ENTRIES_OF_FOOTAGE =
            "SELECT idx, leaf, leaf_hash FROM log_entries WHERE footage_id = $1 ORDER BY idx";
    static final String SELECT_ENTRIES_OF_FOOTAGE_AFTER = "SELECT idx, leaf, leaf_hash FROM log_entries"
            + " WHERE footage_id = $1 AND idx > $2 ORDER BY idx LIMIT $3";
    static final String SELECT_FIRST_ENTRY_OF_FOOTAGE =
            "SELECT idx, leaf, leaf_hash FROM log_entries WHERE footage_id = $1 ORDER BY idx LIMIT 1";
    static final String SELECT_ENTRIES_BETWEEN = "SELECT idx, leaf, leaf_hash FROM log_entries WHERE idx >= $1 AND idx < $2"
            + " ORDER BY idx LIMIT $3";
    /** The newest entries from $1, at most $2 (start-up reads one more than the head covers). */
    static final String SELECT_ENTRIES_FROM = "SELECT idx, leaf, leaf_hash FROM log_entries WHERE idx >= $1 ORDER BY idx LIMIT $2";
    static final String COUNT_ENTRIES = "SELECT count(*) FROM log_entries";
    static final String SELECT_LEAF_HASHES_FROM = "SELECT idx, leaf_hash FROM log_entries WHERE idx >= $1 ORDER BY idx LIMIT $2";
    static final String SELECT_LAST_INDEX_OF_FOOTAGES =
            "SELECT footage_id, max(idx) AS last FROM log_entries WHERE footage_id = ANY($1) GROUP BY footage_id";
    /** Arrays unnested server-side: one statement for a whole batch. */
    static final String INSERT_ENTRIES = "INSERT INTO log_entries (idx, leaf, leaf_hash, footage_id, event_type, event_time,"
            + " key_id, prev_idx) SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::text[],"
            + " $5::text[], $6::timestamptz[], $7::text[], $8::bigint[])";

    // tree_nodes stores levels 1 and up; merkle_nodes (a view, V12) adds level 0 from log_entries.leaf_hash.
    static final String SELECT_NODES = "SELECT n.level, n.idx, n.hash FROM unnest($1::smallint[], $2::bigint[]) AS q(level, idx)"
            + " JOIN merkle_nodes n ON n.level = q.level AND n.idx = q.idx";
    static final String SELECT_NODE_RUN = "SELECT idx, hash FROM merkle_nodes WHERE level = $1 AND idx >= $2 ORDER BY idx LIMIT $3";
    /** Levels 1 and up only: a level-0 node is its entry's leaf hash. */
    static final String INSERT_NODES = "INSERT INTO tree_nodes (level, idx, hash)"
            + " SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])";
    /**
     * The head's size, the nodes in the tree of $1 and the stored nodes beyond the head, the
     * entries and checkpoints beyond it. Level 0 beyond the head is the entries' own leaf hashes
     * (schema V12), already counted as entries, so only levels 1 and up count as nodes there.
     */
    static final String COUNT_TREE_ROWS = "SELECT h.size, n.in_tree, n.beyond_head,"
            + " (SELECT count(*) FROM log_entries WHERE idx >= h.size),"
            + " (SELECT count(*) FROM checkpoints WHERE size > h.size)"
            + " FROM log_head h, LATERAL (SELECT count(*) FILTER (WHERE idx < ($1::bigint >> level)) AS in_tree,"
            + " count(*) FILTER (WHERE level > 0 AND idx >= (h.size >> level)) AS beyond_head FROM merkle_nodes) n"
            + " WHERE h.id = 0";

    // checkpoints: read as (size, root, note, key_id), see checkpoint(Row).
    static final String SELECT_LATEST_CHECKPOINT = "SELECT size, root, note, key_id FROM checkpoints ORDER BY size DESC LIMIT 1";
    static final String SELECT_LATEST_CHECKPOINT_TIME = "SELECT created_at FROM checkpoints ORDER BY size DESC LIMIT 1";
    static final String SELECT_FIRST_CHECKPOINT_OVER =
            "SELECT size, root, note, key_id FROM checkpoints WHERE size > $1 ORDER BY size LIMIT 1";
    static final String SELECT_CHECKPOINT_EXISTS = "SELECT 1 FROM checkpoints WHERE size = $1";
    /** The newest $2 checkpoints of trees smaller than $1, newest first. */
    static final String SELECT_CHECKPOINTS_BELOW =
            "SELECT size, root, note, key_id FROM checkpoints WHERE size < $1 ORDER BY size DESC LIMIT $2";
    static final String SELECT_CHECKPOINTS_UP_TO = "SELECT size, root, note, key_id FROM checkpoints WHERE size <= $1 ORDER BY size";
    /**
     * "A checkpoint was signed at a size in [$1, $2)": the first signed size from $1 on, found
     * by one probe of the checkpoints' primary key, is below $2. Not {@code EXISTS (SELECT 1 ...
     * WHERE size >= $1 AND size < $2)}: for that the planner estimated a sequential scan would
     * meet a match almost at once, but checkpoints are stored in size order, so it read every
     * older checkpoint first (7,400 rows and 0.8 ms per tile at 15,773 checkpoints), a cost that
     * grew with the log. {@code min()} over a range is always planned as that one index probe.
     */
    static final String PUBLISHED_IN_SIZES = "(SELECT min(size) FROM checkpoints WHERE size >= $1) < $2";
    /**
     * A tile's rows in index order, as many as a full tile has; a partial tile keeps its first
     * width. The limit is a constant, not a parameter: with {@code LIMIT $n} PostgreSQL's
     * generic plan had to allow for a large limit, so it planned every read afresh, 145 µs
     * against 230 µs of execution. Each tile reads its own table, not the {@code merkle_nodes}
     * view, whose generic plan with the level as a parameter also scans both tables (at 11M
     * entries it cost 57 against a custom plan's 25, and was never chosen).
     */
    private static final String TILE_ROWS = " ORDER BY idx LIMIT " + Tile.FULL_WIDTH;
    /**
     * A level-0 tile's hashes (the entries' leaf hashes from index $3) only if a checkpoint was
     * signed at a size in [$1, $2), the sizes whose tree has the tile: one statement, so
     * publication and contents come from the same committed state. The condition is computed
     * once (an InitPlan).
     */
    static final String SELECT_PUBLISHED_LEAF_TILE = "SELECT idx, leaf_hash FROM log_entries"
            + " WHERE " + PUBLISHED_IN_SIZES + " AND idx >= $3" + TILE_ROWS;
    /** A higher tile's hashes (tree level $3, from index $4), on the condition of {@link #SELECT_PUBLISHED_LEAF_TILE}. */
    static final String SELECT_PUBLISHED_NODE_TILE = "SELECT idx, hash FROM tree_nodes"
            + " WHERE " + PUBLISHED_IN_SIZES + " AND level = $3 AND idx >= $4" + TILE_ROWS;
    /**
     * An entry bundle's leaves (from index $3, at most $4), on the condition of {@link
     * #SELECT_PUBLISHED_LEAF_TILE}. Its limit stays a parameter: a bundle's rows are whole
     * events, and a partial bundle (what a monitor polls) should not carry a full one's.
     */
    static final String SELECT_PUBLISHED_BUNDLE = "SELECT idx, leaf FROM log_entries"
            + " WHERE " + PUBLISHED_IN_SIZES + " AND idx >= $3 ORDER BY idx LIMIT $4";
    static final String INSERT_CHECKPOINT = "INSERT INTO checkpoints (size, root, note, key_id) VALUES ($1, $2, $3, $4)";

    // ledger_keys
    static final String INSERT_KEY = "INSERT INTO ledger_keys (key_id, name, public_key, verifier_key) VALUES ($1, $2, $3, $4)"
            + " ON CONFLICT (key_id) DO NOTHING";
    static final String SELECT_KEYS = "SELECT key_id, verifier_key FROM ledger_keys";
    /** Keys in the order they became current; keys that never did last. */
    static final String SELECT_KEY_HISTORY = "SELECT key_id, verifier_key, first_size, last_size, revoked_from FROM ledger_keys"
            + " ORDER BY first_size NULLS LAST, valid_from";
    /** Registers a key as current from tree size $5 (or opens the period of a key registered before it had one). */
    static final String INSERT_CURRENT_KEY = "INSERT INTO ledger_keys (key_id, name, public_key, verifier_key, first_size)"
            + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key_id) DO UPDATE SET first_size = EXCLUDED.first_size"
            + " WHERE ledger_keys.first_size IS NULL";
    static final String RETIRE_KEY = "UPDATE ledger_keys SET last_size = $2, retired_at = now() WHERE key_id = $1 AND last_size IS NULL";
    /** Revokes from $2, or moves an earlier revocation earlier still; answers the row as it now is. */
    static final String REVOKE_KEY = "UPDATE ledger_keys SET revoked_from = LEAST(coalesce(revoked_from, $2), $2)"
            + " WHERE key_id = $1 RETURNING revoked_from";
    static final String SELECT_VERIFIER_KEYS_CURRENT_FIRST =
            "SELECT verifier_key FROM ledger_keys ORDER BY (key_id = $1) DESC, valid_from DESC";

    /** A row of {@code SELECT idx, leaf, leaf_hash}; by position, not name (an audit reads millions). */
    static StoredEntry entry(Row row) {
        return new StoredEntry(row.getLong(0), row.getBuffer(1).getBytes(), row.getBuffer(2).getBytes());
    }

    static List<StoredEntry> entries(RowSet<Row> rows) {
        List<StoredEntry> list = new ArrayList<>(rows.size());
        rows.forEach(r -> list.add(entry(r)));
        return list;
    }

    /** A row of {@code SELECT size, root, note, key_id FROM checkpoints}. */
    static StoredCheckpoint checkpoint(Row row) {
        return new StoredCheckpoint(row.getLong("size"), row.getBuffer("root").getBytes(), row.getString("note"),
                row.getString("key_id"));
    }
}
