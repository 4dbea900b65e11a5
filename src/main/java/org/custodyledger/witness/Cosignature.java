package org.custodyledger.witness;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.custodyledger.note.NoteSignature;
import org.custodyledger.note.VerifierKeys;

/**
 * A c2sp.org/tlog-cosignature cosignature/v1 (Ed25519): a note signature line whose bytes
 * after the 4-byte key ID are a big-endian u64 POSIX timestamp and a 64-byte Ed25519
 * signature over {@link #signedMessage}.
 */
public record Cosignature(String name, int keyId, long timestamp, byte[] signature) {
    public static final int SIGNATURE_SIZE = 64;
    /** Timestamp and signature: the note signature's bytes after its key ID. */
    public static final int TIMESTAMPED_SIZE = 8 + SIGNATURE_SIZE;
    private static final String HEADER = "cosignature/v1\n";

    public Cosignature {
        VerifierKeys.checkName(name);
        if (timestamp < 0) {
            throw new IllegalArgumentException("a cosignature timestamp is at most 2^63-1 seconds, got u64 "
                    + Long.toUnsignedString(timestamp));
        }
        if (signature == null || signature.length != SIGNATURE_SIZE) {
            throw new IllegalArgumentException("an Ed25519 cosignature is " + SIGNATURE_SIZE + " bytes, got "
                    + (signature == null ? "none" : signature.length));
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /**
     * {@code cosignature/v1\ntime <timestamp>\n} followed by the checkpoint's whole note text
     * (extension lines and final newline included, signature lines not).
     */
    public static byte[] signedMessage(String checkpointText, long timestamp) {
        if (timestamp < 0) {
            throw new IllegalArgumentException("a cosignature timestamp must not be negative: " + timestamp);
        }
        if (checkpointText == null || checkpointText.isEmpty() || !checkpointText.endsWith("\n")) {
            throw new IllegalArgumentException("the cosigned text is a checkpoint's note text, ending in a newline");
        }
        return (HEADER + "time " + timestamp + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a note signature line's bytes as a cosignature; refuses any other length. */
    public static Cosignature from(NoteSignature line) throws WitnessException {
        byte[] bytes = line.signature();
        if (bytes.length != TIMESTAMPED_SIZE) {
            throw new WitnessException("a cosignature/v1 signature by " + line.name() + " has " + (4 + TIMESTAMPED_SIZE)
                    + " bytes after base64 decoding, got " + (4 + bytes.length));
        }
        long timestamp = ByteBuffer.wrap(bytes, 0, 8).getLong();
        if (timestamp < 0) {
            throw new WitnessException("cosignature by " + line.name() + " has timestamp "
                    + Long.toUnsignedString(timestamp) + ", above 2^63-1");
        }
        try {
            return new Cosignature(line.name(), line.keyId(), timestamp, Arrays.copyOfRange(bytes, 8, bytes.length));
        } catch (IllegalArgumentException e) {
            throw new WitnessException("malformed cosignature: " + e.getMessage(), e);
        }
    }

    public NoteSignature toNoteSignature() {
        return new NoteSignature(name, keyId,
                ByteBuffer.allocate(TIMESTAMPED_SIZE).putLong(timestamp).put(signature).array());
    }

    /** {@code — <name> <base64(key ID ‖ timestamp ‖ signature)>\n} */
    public String line() {
        return toNoteSignature().line();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cosignature c && c.name.equals(name) && c.keyId == keyId && c.timestamp == timestamp
                && Arrays.equals(c.signature, signature);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + keyId * 17 + Long.hashCode(timestamp) + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "Cosignature[" + name + "+" + HexFormat.of().toHexDigits(keyId) + ", time " + timestamp + "]";
    }
}
