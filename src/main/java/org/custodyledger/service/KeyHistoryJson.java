package org.custodyledger.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.note.KeyPeriod;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteVerifier;

/**
 * The signing keys' history as JSON (docs/FORMATS.md §6 and §8), the same in
 * {@code /api/v1/ledger/key} and in bundles: one object per key that became current, in that
 * order — {@code keyId}, {@code name}, {@code verifierKey}, {@code firstSize}, {@code lastSize}
 * (absent while current), {@code revokedFrom} (only when revoked).
 */
public final class KeyHistoryJson {
    private KeyHistoryJson() {
    }

    /** Keys that never became current signed nothing and are left out. */
    public static JsonArray write(List<KeyPeriod> history) {
        JsonArray out = new JsonArray();
        for (KeyPeriod p : history) {
            if (p.firstSize() == null) {
                continue;
            }
            JsonObject key = new JsonObject()
                    .put("keyId", p.keyId())
                    .put("name", p.key().name())
                    .put("verifierKey", p.key().verifierKey())
                    .put("firstSize", p.firstSize());
            if (p.lastSize() != null) {
                key.put("lastSize", p.lastSize());
            }
            if (p.revokedFrom() != null) {
                key.put("revokedFrom", p.revokedFrom());
            }
            out.add(key);
        }
        return out;
    }

    /** Parses a history; a wrong shape is an {@link IllegalArgumentException} saying where. */
    public static List<KeyPeriod> read(JsonArray json) {
        List<KeyPeriod> history = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            String where = "keyHistory[" + i + "]";
            if (!(json.getValue(i) instanceof JsonObject o)) {
                throw new IllegalArgumentException(where + " must be an object");
            }
            NoteVerifier key;
            try {
                key = NoteVerifier.parse(String.valueOf(o.getValue("verifierKey")));
            } catch (NoteException e) {
                throw new IllegalArgumentException(where + ".verifierKey: " + e.getMessage());
            }
            if (o.getValue("keyId") != null && !key.keyIdHex().equals(o.getValue("keyId"))) {
                throw new IllegalArgumentException(where + ".keyId " + o.getValue("keyId") + " is not its verifier key's ID "
                        + key.keyIdHex());
            }
            Long first = size(o, "firstSize", where);
            Long last = size(o, "lastSize", where);
            if (first == null || (last != null && last < first)) {
                throw new IllegalArgumentException(where + " needs firstSize, and lastSize (if any) at least firstSize");
            }
            history.add(new KeyPeriod(key, first, last, size(o, "revokedFrom", where)));
        }
        return history;
    }

    private static Long size(JsonObject o, String field, String where) {
        Object v = o.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
            throw new IllegalArgumentException(where + "." + field + " must be a non-negative integer");
        }
        return n.longValue();
    }
}
