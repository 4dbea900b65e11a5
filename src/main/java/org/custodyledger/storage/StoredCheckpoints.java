package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.note.StoredCheckpoint;

/** The signed checkpoints the log has stored, one per committed batch. */
final class StoredCheckpoints {
    private StoredCheckpoints() {
    }

    /** Stores a signed checkpoint note with the tree it signs and the key that signed it. */
    static Future<Void> insert(SqlClient client, long size, byte[] root, String note, String keyId) {
        return client.preparedQuery(LogSql.INSERT_CHECKPOINT)
                .execute(Tuple.of(size, Buffer.buffer(root), note, keyId))
                .mapEmpty();
    }

    /** The checkpoint of the largest tree, or null on a log without one. */
    static Future<StoredCheckpoint> latest(SqlClient client) {
        return client.query(LogSql.SELECT_LATEST_CHECKPOINT)
                .execute()
                .map(rows -> rows.size() == 0 ? null : LogSql.checkpoint(rows.iterator().next()));
    }

    /** When the latest checkpoint was stored (null on a log without one): one index look-up. */
    static Future<Instant> latestTime(SqlClient client) {
        return client.query(LogSql.SELECT_LATEST_CHECKPOINT_TIME)
                .execute()
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime(0).toInstant());
    }

    /** The first checkpoint whose tree includes entry {@code index}, or null. */
    static Future<StoredCheckpoint> firstIncluding(SqlClient client, long index) {
        return client.preparedQuery(LogSql.SELECT_FIRST_CHECKPOINT_OVER)
                .execute(Tuple.of(index))
                .map(rows -> rows.size() == 0 ? null : LogSql.checkpoint(rows.iterator().next()));
    }

    /** Whether a checkpoint of exactly {@code size} was signed and stored. */
    static Future<Boolean> exists(SqlClient client, long size) {
        return client.preparedQuery(LogSql.SELECT_CHECKPOINT_EXISTS).execute(Tuple.of(size)).map(rows -> rows.size() > 0);
    }

    /** The checkpoints of trees of at most {@code maxSize} entries, smallest tree first. */
    static Future<List<StoredCheckpoint>> upTo(SqlClient client, long maxSize) {
        return client.preparedQuery(LogSql.SELECT_CHECKPOINTS_UP_TO)
                .execute(Tuple.of(maxSize))
                .map(rows -> {
                    List<StoredCheckpoint> list = new ArrayList<>();
                    rows.forEach(r -> list.add(LogSql.checkpoint(r)));
                    return list;
                });
    }
}
