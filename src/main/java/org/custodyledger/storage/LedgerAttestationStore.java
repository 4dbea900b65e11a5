package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.report.LedgerAttestations;

/**
 * What attests the ledger at a report's period end (schema V4 cosigned checkpoints, V10 tokens):
 * rows over a tree of at least a given size, recorded (created_at) no later than the report's
 * cited checkpoint was stored. Both tables are append-only and a row can only be recorded after
 * the checkpoint it covers, so the answer for a cited checkpoint never changes.
 */
public final class LedgerAttestationStore {
    /** A cosigned checkpoint as recorded: its size, the log-signed note it extends, and the cosigned note. */
    public record CosignedNote(long size, String logNote, String cosignedNote) {
    }

    private static final String RECORDED_BY_CITED = "created_at <= (SELECT created_at FROM checkpoints WHERE size = $2)";
    // "size <= $2" changes no answer (a row over a larger tree was recorded after that tree's checkpoint
    // committed, which was after the cited one was begun): it only bounds the index range read on a long log.
    static final String SELECT_COSIGNED = "SELECT c.size, k.note, c.note FROM cosigned_checkpoints c"
            + " JOIN checkpoints k ON k.size = c.size WHERE c.size BETWEEN $1 AND $2 AND c." + RECORDED_BY_CITED
            + " ORDER BY c.size";
    // The earliest genTime; tree size and TSA URL break ties, so the choice is the same on any copy.
    static final String SELECT_EARLIEST_TOKEN = "SELECT tree_size, gen_time, tsa FROM checkpoint_timestamps"
            + " WHERE tree_size BETWEEN $1 AND $2 AND " + RECORDED_BY_CITED + " ORDER BY gen_time, tree_size, tsa LIMIT 1";

    private final SqlClient client;

    public LedgerAttestationStore(SqlClient client) {
        this.client = client;
    }

    /** The cosigned checkpoints of at least {@code atLeast} entries recorded by the time checkpoint {@code citedSize} was stored. */
    public Future<List<CosignedNote>> cosignedBy(long atLeast, long citedSize) {
        return client.preparedQuery(SELECT_COSIGNED).execute(Tuple.of(atLeast, citedSize)).map(rows -> {
            List<CosignedNote> out = new ArrayList<>();
            rows.forEach(r -> out.add(new CosignedNote(r.getLong(0), r.getString(1), r.getString(2))));
            return out;
        });
    }

    /** The earliest token over a tree of at least {@code atLeast} entries recorded by then, or null. */
    public Future<LedgerAttestations.Timestamp> earliestTokenBy(long atLeast, long citedSize) {
        return client.preparedQuery(SELECT_EARLIEST_TOKEN).execute(Tuple.of(atLeast, citedSize)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new LedgerAttestations.Timestamp(r.getLong("tree_size"), SqlTimes.instant(r, "gen_time"), r.getString("tsa"));
        });
    }
}
