package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The cosigned checkpoints the log has published (schema V4): what a restarted service, or
 * another instance on the same database, serves at once, so the served size never goes back.
 */
public final class CosignedCheckpointStore {
    /** A published cosigned checkpoint: its tree size and its note (log signature, then the cosignature lines). */
    public record Cosigned(long size, String note) {
    }

    // The first note published at a size stays: a second instance reaching the same size adds nothing.
    static final String INSERT = "INSERT INTO cosigned_checkpoints (size, note) VALUES ($1, $2) ON CONFLICT (size) DO NOTHING";
    static final String SELECT_NEWEST = "SELECT size, note FROM cosigned_checkpoints ORDER BY size DESC LIMIT 1";

    private final SqlClient client;

    public CosignedCheckpointStore(SqlClient client) {
        this.client = client;
    }

    /** Records a published cosigned checkpoint; a size already recorded keeps its first note. */
    public Future<Void> record(long size, String note) {
        return client.preparedQuery(INSERT).execute(Tuple.of(size, note)).mapEmpty();
    }

    /** The cosigned checkpoint of the largest tree published by any instance, or null before the first. */
    public Future<Cosigned> newest() {
        return client.query(SELECT_NEWEST).execute().map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            return new Cosigned(row.getLong(0), row.getString(1));
        });
    }
}
