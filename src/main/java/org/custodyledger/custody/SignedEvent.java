package org.custodyledger.custody;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.custodyledger.merkle.Rfc6962;

/**
 * An event with its Ed25519 signature and the ID of the key that made it. Its leaf bytes,
 * the canonical JSON of {@code {"event":…, "keyId":…, "sig":…}}, are what the log stores.
 */
public record SignedEvent(CustodyEvent event, String keyId, byte[] signature) {
    public SignedEvent {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public String signatureBase64() {
        return Base64.getEncoder().encodeToString(signature);
    }

    public byte[] leafBytes() {
        return leafBytes(event.canonicalBytes(), keyId, signature);
    }

    /**
     * The canonical JSON of {@code {"event":…, "keyId":…, "sig":…}} for an event whose canonical
     * bytes are {@code eventBytes}. Those keys already sort in that order, so the event's bytes
     * are spliced between fixed key bytes rather than encoded again inside a wrapper object: the
     * same bytes for less work, and every append (and every leaf the audit parses) makes one.
     * A signer that has just encoded the event passes the bytes it signed.
     */
    public static byte[] leafBytes(byte[] eventBytes, String keyId, byte[] signature) {
        byte[] keyIdJson = CanonicalJson.encode(keyId);
        byte[] sig = Base64.getEncoder().encode(signature);
        byte[] leaf = new byte[EVENT_PREFIX.length + eventBytes.length + KEY_ID_KEY.length + keyIdJson.length
                + SIG_KEY.length + sig.length + LEAF_END.length];
        int at = put(leaf, 0, EVENT_PREFIX);
        at = put(leaf, at, eventBytes);
        at = put(leaf, at, KEY_ID_KEY);
        at = put(leaf, at, keyIdJson);
        at = put(leaf, at, SIG_KEY);
        at = put(leaf, at, sig);
        put(leaf, at, LEAF_END);
        return leaf;
    }

    private static final byte[] KEY_ID_KEY = ",\"keyId\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIG_KEY = ",\"sig\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LEAF_END = "\"}".getBytes(StandardCharsets.US_ASCII);

    private static int put(byte[] into, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, into, at, bytes.length);
        return at + bytes.length;
    }

    /**
     * The event's canonical bytes (what its signature covers) as a slice of a leaf already
     * known to be canonical ({@link #parseLeaf} succeeded): saves encoding the event again.
     * The leaf's keys sort as event, keyId, sig, so the event runs from after {@code {"event":}
     * to the last {@code ,"keyId":"}: a comma followed by a quote occurs in no JSON string (its
     * quotes are escaped), so the key ID and signature after it cannot hold that mark.
     */
    public static byte[] eventBytesOfCanonicalLeaf(byte[] leaf) {
        int end = lastIndexOf(leaf, KEY_ID_MARK);
        if (end < EVENT_PREFIX.length || !Arrays.equals(leaf, 0, EVENT_PREFIX.length, EVENT_PREFIX, 0, EVENT_PREFIX.length)) {
            throw new IllegalArgumentException("not a canonical leaf");
        }
        return Arrays.copyOfRange(leaf, EVENT_PREFIX.length, end);
    }

    private static final byte[] EVENT_PREFIX = "{\"event\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_ID_MARK = ",\"keyId\":\"".getBytes(StandardCharsets.US_ASCII);

    private static int lastIndexOf(byte[] data, byte[] mark) {
        outer:
        for (int i = data.length - mark.length; i >= 0; i--) {
            for (int j = 0; j < mark.length; j++) {
                if (data[i + j] != mark[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** RFC 6962 leaf hash: SHA-256(0x00 ‖ leaf bytes). */
    public byte[] leafHash() {
        return Rfc6962.hashLeaf(leafBytes());
    }

    /** Parses stored leaf bytes, which must be exactly the canonical encoding. */
    public static SignedEvent parseLeaf(byte[] leaf) throws CustodyFormatException {
        Map<?, ?> m = leafObject(leaf);
        if (!(m.get("keyId") instanceof String keyId) || !(m.get("sig") instanceof String sig)) {
            throw new CustodyFormatException("leaf fields \"keyId\" and \"sig\" must be strings");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            throw new CustodyFormatException("leaf signature is not base64", e);
        }
        SignedEvent parsed = new SignedEvent(CustodyEvent.fromMap((Map<?, ?>) m.get("event")), keyId, signature);
        if (!Arrays.equals(parsed.leafBytes(), leaf)) {
            throw new CustodyFormatException("leaf bytes are not in canonical form");
        }
        return parsed;
    }

    /** The leaf as a JSON object with exactly the fields event (an object), keyId and sig. */
    private static Map<?, ?> leafObject(byte[] leaf) throws CustodyFormatException {
        if (!(CanonicalJson.parse(leaf) instanceof Map<?, ?> m)) {
            throw new CustodyFormatException("a leaf must be a JSON object");
        }
        if (!m.keySet().equals(Set.of("event", "keyId", "sig"))) {
            throw new CustodyFormatException("a leaf has exactly the fields event, keyId and sig, got " + m.keySet());
        }
        if (!(m.get("event") instanceof Map<?, ?>)) {
            throw new CustodyFormatException("leaf field \"event\" must be an object");
        }
        return m;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedEvent s && s.event.equals(event) && s.keyId.equals(keyId)
                && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return event.hashCode() * 31 + Arrays.hashCode(signature);
    }
}
