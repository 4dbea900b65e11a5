package org.custodyledger.service;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.note.KeyPeriod;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.verify.CitedCheckpoint;
import org.custodyledger.verify.EvidenceEvent;
import org.custodyledger.verify.FootageEvidence;
import org.custodyledger.verify.TimestampEvidence;

/**
 * The evidence bundle's JSON (format {@value #FORMAT} version {@value #VERSION}, specified in
 * docs/FORMATS.md): written by the server, read by the offline verifier. Reading checks only
 * the shape; what the bundle proves is decided by {@link org.custodyledger.verify.FootageVerifier}.
 */
public final class BundleJson {
    public static final String FORMAT = "custody-ledger-evidence-bundle";
    public static final int VERSION = 1;
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    /**
     * A bundle as read: the evidence, the verifier keys it carries, the signing keys' history
     * (empty in a bundle written before key histories), the signed key handovers that bound it
     * (the exact checkpoint notes; empty for a ledger that never rotated), its RFC 3161 timestamp
     * (null: none), and the whole parsed document (its readable, unsigned blocks are checked
     * against the signed events offline).
     */
    public record Read(FootageEvidence evidence, List<NoteVerifier> keys, List<KeyPeriod> keyHistory,
                       List<String> keyHandovers, TimestampEvidence timestamp, JsonObject json) {
        public Read {
            keyHistory = keyHistory == null ? List.of() : List.copyOf(keyHistory);
            keyHandovers = keyHandovers == null ? List.of() : List.copyOf(keyHandovers);
        }
    }

    private BundleJson() {
    }

    public static JsonObject write(JsonObject footage, FootageEvidence evidence, List<String> verifierKeys, String createdAt,
                                   String logOrigin) {
        return write(footage, evidence, verifierKeys, List.of(), List.of(), createdAt, logOrigin);
    }

    /**
     * The bundle with the signing keys' history ({@code keyHistory}; omitted when empty) and the
     * signed handover checkpoints that bound it ({@code keyHandovers}; omitted when none).
     */
    public static JsonObject write(JsonObject footage, FootageEvidence evidence, List<String> verifierKeys,
                                   List<KeyPeriod> keyHistory, List<String> keyHandovers, String createdAt,
                                   String logOrigin) {
        JsonArray events = new JsonArray();
        for (EvidenceEvent e : evidence.events()) {
            events.add(new JsonObject()
                    .put("index", e.index())
                    .put("leaf", B64.encodeToString(e.leaf()))
                    .put("leafHash", B64.encodeToString(e.leafHash()))
                    .put("inclusionProof", hashes(e.inclusionProof())));
        }
        JsonArray earlier = new JsonArray();
        for (CitedCheckpoint c : evidence.earlierCheckpoints()) {
            earlier.add(new JsonObject().put("checkpoint", c.note()).put("consistencyProof", hashes(c.consistencyProof())));
        }
        JsonObject bundle = new JsonObject()
                .put("format", FORMAT)
                .put("version", VERSION)
                .put("createdAt", createdAt)
                .put("logOrigin", logOrigin)
                .put("footageId", evidence.footageId())
                .put("sha256", evidence.sha256().hex())
                .put("footage", footage)
                .put("checkpoint", evidence.checkpointNote())
                .put("verifierKeys", new JsonArray(new ArrayList<>(verifierKeys)))
                .put("events", events)
                .put("earlierCheckpoints", earlier);
        if (!keyHistory.isEmpty()) {
            bundle.put("keyHistory", KeyHistoryJson.write(keyHistory));
        }
        if (!keyHandovers.isEmpty()) {
            bundle.put("keyHandovers", new JsonArray(new ArrayList<>(keyHandovers)));
        }
        return bundle;
    }

    /**
     * Adds the optional {@code timestamp} member: a token over a checkpoint of this log whose
     * tree the bundle's checkpoint extends (FORMATS.md §8). Readers that predate it ignore it.
     */
    public static JsonObject withTimestamp(JsonObject bundle, TimestampEvidence timestamp) {
        return timestamp == null ? bundle : bundle.put("timestamp", TimestampJson.of(timestamp));
    }

    /** Parses a bundle; a wrong shape is an {@link IllegalArgumentException} saying where. */
    public static Read read(String text) {
        return read(parse(text));
    }

    /** A JSON object, or an {@link IllegalArgumentException} saying it is not one. */
    static JsonObject parse(String text) {
        try {
            return new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage());
        }
    }

    /** Reads a bundle already parsed (a bundle set's member). */
    static Read read(JsonObject json) {
        if (!FORMAT.equals(json.getValue("format"))) {
            throw new IllegalArgumentException("not an evidence bundle: \"format\" is not \"" + FORMAT + "\"");
        }
        if (!Integer.valueOf(VERSION).equals(json.getValue("version"))) {
            throw new IllegalArgumentException("unsupported bundle version " + json.getValue("version") + "; this verifier reads "
                    + VERSION);
        }
        List<EvidenceEvent> events = new ArrayList<>();
        JsonArray rawEvents = array(json, "events");
        for (int i = 0; i < rawEvents.size(); i++) {
            JsonObject e = object(rawEvents.getValue(i), "events[" + i + "]");
            events.add(new EvidenceEvent(number(e, "index", "events[" + i + "]"), bytes(e, "leaf", "events[" + i + "]"),
                    bytes(e, "leafHash", "events[" + i + "]"), hashList(array(e, "inclusionProof"), "events[" + i + "]"), null));
        }
        List<CitedCheckpoint> earlier = new ArrayList<>();
        JsonArray rawEarlier = json.getValue("earlierCheckpoints") == null ? new JsonArray() : array(json, "earlierCheckpoints");
        for (int i = 0; i < rawEarlier.size(); i++) {
            JsonObject c = object(rawEarlier.getValue(i), "earlierCheckpoints[" + i + "]");
            earlier.add(new CitedCheckpoint(string(c, "checkpoint"), hashList(array(c, "consistencyProof"),
                    "earlierCheckpoints[" + i + "]")));
        }
        List<NoteVerifier> keys = new ArrayList<>();
        for (Object k : array(json, "verifierKeys")) {
            try {
                keys.add(NoteVerifier.parse(String.valueOf(k)));
            } catch (NoteException e) {
                throw new IllegalArgumentException("verifierKeys: " + e.getMessage());
            }
        }
        Sha256Digest sha;
        try {
            sha = Sha256Digest.fromHex(string(json, "sha256"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sha256: " + e.getMessage());
        }
        List<KeyPeriod> history = json.getValue("keyHistory") == null ? List.of()
                : KeyHistoryJson.read(array(json, "keyHistory"));
        List<String> handovers = new ArrayList<>();
        if (json.getValue("keyHandovers") != null) {
            JsonArray raw = array(json, "keyHandovers");
            for (int i = 0; i < raw.size(); i++) {
                if (!(raw.getValue(i) instanceof String note)) {
                    throw new IllegalArgumentException("keyHandovers[" + i + "] must be a signed checkpoint note (a string)");
                }
                handovers.add(note);
            }
        }
        Object ts = json.getValue("timestamp");
        if (ts != null && !(ts instanceof JsonObject)) {
            throw new IllegalArgumentException("\"timestamp\" must be an object");
        }
        return new Read(new FootageEvidence(string(json, "footageId"), sha, string(json, "checkpoint"), events, earlier), keys,
                history, handovers, ts == null ? null : TimestampJson.read((JsonObject) ts), json);
    }

    private static JsonArray hashes(List<byte[]> hashes) {
        JsonArray a = new JsonArray();
        if (hashes != null) {
            hashes.forEach(h -> a.add(B64.encodeToString(h)));
        }
        return a;
    }

    private static List<byte[]> hashList(JsonArray a, String where) {
        List<byte[]> list = new ArrayList<>(a.size());
        for (Object o : a) {
            try {
                list.add(B64D.decode(String.valueOf(o)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": a proof hash is not base64");
            }
        }
        return list;
    }

    private static JsonArray array(JsonObject json, String field) {
        if (!(json.getValue(field) instanceof JsonArray a)) {
            throw new IllegalArgumentException("\"" + field + "\" must be an array");
        }
        return a;
    }

    private static JsonObject object(Object o, String where) {
        if (!(o instanceof JsonObject j)) {
            throw new IllegalArgumentException(where + " must be an object");
        }
        return j;
    }

    private static String string(JsonObject json, String field) {
        if (!(json.getValue(field) instanceof String s)) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return s;
    }

    private static long number(JsonObject json, String field, String where) {
        if (!(json.getValue(field) instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
            throw new IllegalArgumentException(where + "." + field + " must be a non-negative integer");
        }
        return n.longValue();
    }

    private static byte[] bytes(JsonObject json, String field, String where) {
        try {
            return B64D.decode(string(json, field));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "." + field + ": " + e.getMessage());
        }
    }
}
