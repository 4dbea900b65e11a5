package org.custodyledger.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.model.StoredTimestamp;
import org.custodyledger.verify.TimestampEvidence;

/**
 * A kept RFC 3161 token as JSON (docs/FORMATS.md): {@code treeSize}, {@code checkpoint} (the
 * exact note whose UTF-8 bytes were hashed), {@code token} (base64 DER TimeStampToken),
 * {@code genTime} and {@code tsa}; in a bundle also {@code consistencyProof} to the bundle's checkpoint.
 */
public final class TimestampJson {
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private TimestampJson() {
    }

    /** As {@code GET /api/v1/ledger/timestamps[/latest]} answers. */
    public static JsonObject of(StoredTimestamp stamp) {
        return new JsonObject()
                .put("treeSize", stamp.treeSize())
                .put("checkpoint", stamp.checkpoint())
                .put("token", B64.encodeToString(stamp.token()))
                .put("genTime", CustodyEvent.formatTime(stamp.genTime()))
                .put("tsa", stamp.tsa());
    }

    /** As an evidence bundle's {@code timestamp} member carries it. */
    static JsonObject of(TimestampEvidence ts) {
        JsonArray proof = new JsonArray();
        ts.consistencyProof().forEach(h -> proof.add(B64.encodeToString(h)));
        return new JsonObject()
                .put("treeSize", ts.treeSize())
                .put("checkpoint", ts.checkpoint())
                .put("token", B64.encodeToString(ts.token()))
                .put("genTime", ts.genTime())
                .put("tsa", ts.tsa())
                .put("consistencyProof", proof);
    }

    /** A bundle's {@code timestamp} member; a wrong shape is an {@link IllegalArgumentException} saying where. */
    static TimestampEvidence read(JsonObject json) {
        if (!(json.getValue("treeSize") instanceof Number n) || n.longValue() < 1 || n.doubleValue() != n.longValue()) {
            throw new IllegalArgumentException("timestamp.treeSize must be a positive integer");
        }
        List<byte[]> proof = new ArrayList<>();
        Object rawProof = json.getValue("consistencyProof");
        if (rawProof != null && !(rawProof instanceof JsonArray)) {
            throw new IllegalArgumentException("timestamp.consistencyProof must be an array");
        }
        try {
            if (rawProof != null) {
                for (Object h : (JsonArray) rawProof) {
                    proof.add(B64D.decode(String.valueOf(h)));
                }
            }
            return new TimestampEvidence(n.longValue(), string(json, "checkpoint"), B64D.decode(string(json, "token")),
                    string(json, "genTime"), string(json, "tsa"), proof);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("timestamp.") ? e.getMessage()
                    : "timestamp: not base64: " + e.getMessage(), e);
        }
    }

    private static String string(JsonObject json, String field) {
        if (!(json.getValue(field) instanceof String s)) {
            throw new IllegalArgumentException("timestamp." + field + " must be a string");
        }
        return s;
    }
}
