package org.custodyledger.complaint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.custody.CanonicalJson;
import org.custodyledger.custody.CustodyFormatException;

/**
 * A complaint receipt (format {@code custody-ledger-complaint-receipt}, version 1; see
 * docs/FORMATS.md §10): what a complainant keeps to prove later what they submitted and when.
 * It holds no secret: the status-lookup secret is answered beside it, not in it.
 *
 * @param content the canonical JSON of the complaint, as text (kept as a string so that
 *                pretty-printing the receipt cannot change the committed bytes)
 */
public record Receipt(String complaintId, String logOrigin, byte[] salt, String content, String commitment, long index,
                      byte[] leaf, String checkpoint, List<byte[]> inclusionProof) {
    public static final String FORMAT = "custody-ledger-complaint-receipt";
    public static final int VERSION = 1;

    public Receipt {
        inclusionProof = List.copyOf(inclusionProof);
    }

    /** The receipt as a JSON-ready map (fields in the documented order). */
    public Map<String, Object> toMap() {
        Base64.Encoder b64 = Base64.getEncoder();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", (long) VERSION);
        m.put("complaintId", complaintId);
        m.put("logOrigin", logOrigin);
        m.put("salt", b64.encodeToString(salt));
        m.put("content", content);
        m.put("commitment", commitment);
        m.put("index", index);
        m.put("leaf", b64.encodeToString(leaf));
        m.put("checkpoint", checkpoint);
        m.put("inclusionProof", inclusionProof.stream().map(b64::encodeToString).toList());
        return m;
    }

    /** Reads a receipt, refusing other formats, versions, and fields of the wrong type. */
    public static Receipt parse(String json) throws CustodyFormatException {
        if (!(CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8)) instanceof Map<?, ?> m)) {
            throw new CustodyFormatException("a receipt is a JSON object");
        }
        if (!FORMAT.equals(m.get("format"))) {
            throw new CustodyFormatException("not a complaint receipt: format is " + m.get("format") + ", not " + FORMAT);
        }
        if (!(m.get("version") instanceof Long v) || v != VERSION) {
            throw new CustodyFormatException("unsupported receipt version " + m.get("version") + " (this verifier reads "
                    + VERSION + ")");
        }
        try {
            List<byte[]> proof = new ArrayList<>();
            if (!(m.get("inclusionProof") instanceof List<?> hashes)) {
                throw new CustodyFormatException("receipt field \"inclusionProof\" must be an array of base64 hashes");
            }
            for (Object h : hashes) {
                proof.add(base64("inclusionProof[]", h));
            }
            if (!(m.get("index") instanceof Long index)) {
                throw new CustodyFormatException("receipt field \"index\" must be an integer");
            }
            return new Receipt(text(m, "complaintId"), text(m, "logOrigin"), base64("salt", m.get("salt")),
                    text(m, "content"), text(m, "commitment"), index, base64("leaf", m.get("leaf")),
                    text(m, "checkpoint"), proof);
        } catch (IllegalArgumentException e) {
            throw new CustodyFormatException("receipt: " + e.getMessage(), e);
        }
    }

    private static String text(Map<?, ?> m, String field) throws CustodyFormatException {
        if (!(m.get(field) instanceof String s)) {
            throw new CustodyFormatException("receipt field \"" + field + "\" must be a string");
        }
        return s;
    }

    private static byte[] base64(String field, Object value) throws CustodyFormatException {
        if (!(value instanceof String s)) {
            throw new CustodyFormatException("receipt field \"" + field + "\" must be a base64 string");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new CustodyFormatException("receipt field \"" + field + "\" is not base64: " + e.getMessage());
        }
        // Missing padding or stray low bits decode to the same bytes: only the one canonical spelling is accepted.
        if (!Base64.getEncoder().encodeToString(bytes).equals(s)) {
            throw new CustodyFormatException("receipt field \"" + field + "\" is not canonical base64 (standard alphabet,"
                    + " padded, unused bits zero)");
        }
        return bytes;
    }
}
