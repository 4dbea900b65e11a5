package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.note.NoteVerifier;

/** The signing keys the log has known, so entries and checkpoints naming a key ID stay verifiable. */
final class LedgerKeys {
    private LedgerKeys() {
    }

    static Future<Void> register(SqlClient client, NoteVerifier key) {
        return client.preparedQuery(LogSql.INSERT_KEY)
                .execute(Tuple.of(key.keyIdHex(), key.name(), Buffer.buffer(key.publicKey().getEncoded()),
                        key.verifierKey()))
                .mapEmpty();
    }

    /** Every known key's verifier, by key ID. */
    static Future<Map<String, NoteVerifier>> all(SqlClient client) {
        return client.query(LogSql.SELECT_KEYS).execute().map(rows -> {
            Map<String, NoteVerifier> keys = new HashMap<>();
            for (Row row : rows) {
                try {
                    keys.put(row.getString("key_id"), NoteVerifier.parse(row.getString("verifier_key")));
                } catch (Exception e) {
                    throw new StorageException("stored key " + row.getString("key_id") + " is unreadable: " + e.getMessage(), e);
                }
            }
            return keys;
        });
    }

    /** Verifier-key lines of every key, {@code currentKeyId} first, then newest first. */
    static Future<List<String>> verifierLines(SqlClient client, String currentKeyId) {
        return client.preparedQuery(LogSql.SELECT_VERIFIER_KEYS_CURRENT_FIRST)
                .execute(Tuple.of(currentKeyId))
                .map(rows -> {
                    List<String> keys = new ArrayList<>();
                    rows.forEach(r -> keys.add(r.getString("verifier_key")));
                    return keys;
                });
    }
}
