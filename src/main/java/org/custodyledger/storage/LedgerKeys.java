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
import org.custodyledger.note.KeyPeriod;
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
                keys.put(row.getString("key_id"), parse(row));
            }
            return keys;
        });
    }

    /** Every key with the log indexes it was current for, in the order they became current. */
    static Future<List<KeyPeriod>> history(SqlClient client) {
        return client.query(LogSql.SELECT_KEY_HISTORY).execute().map(rows -> {
            List<KeyPeriod> history = new ArrayList<>();
            for (Row row : rows) {
                history.add(new KeyPeriod(parse(row), row.getLong("first_size"), row.getLong("last_size"),
                        row.getLong("revoked_from")));
            }
            return history;
        });
    }

    private static NoteVerifier parse(Row row) {
        try {
            return NoteVerifier.parse(row.getString("verifier_key"));
        } catch (Exception e) {
            throw new StorageException("stored key " + row.getString("key_id") + " is unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * Marks a key revoked from entry {@code fromSize} on (an earlier revocation stays if it is
     * earlier still); answers the revocation now recorded, or fails when no such key is known.
     */
    static Future<Long> revoke(SqlClient client, String keyId, long fromSize) {
        return client.preparedQuery(LogSql.REVOKE_KEY).execute(Tuple.of(keyId, fromSize)).map(rows -> {
            if (rows.size() == 0) {
                throw new StorageException("no signing key with ID " + keyId + " is known to this ledger");
            }
            return rows.iterator().next().getLong(0);
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
