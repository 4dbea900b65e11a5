package org.custodyledger.note;

import java.nio.ByteBuffer;
import java.util.Base64;

/** One signature line of a signed note: key name, key ID, and the signature bytes after the ID. */
public record NoteSignature(String name, int keyId, byte[] signature) {
    public NoteSignature {
        signature = signature.clone();
    }

    /** {@code — <name> <base64(key ID ‖ signature)>\n} */
    public String line() {
        byte[] blob = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
        return "\u2014 " + name + " " + Base64.getEncoder().encodeToString(blob) + "\n";
    }
}
