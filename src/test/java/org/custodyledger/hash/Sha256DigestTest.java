package org.custodyledger.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sha256DigestTest {
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void streamingEqualsOneShot() {
        byte[] data = "abc".getBytes(StandardCharsets.UTF_8);
        Sha256Hasher h = new Sha256Hasher();
        h.update(data, 0, 1).update(ByteBuffer.wrap(data, 1, 2));
        assertEquals(3, h.bytesHashed());
        Sha256Digest d = h.digest();
        assertEquals(ABC, d.hex());
        assertEquals(d, Sha256Hasher.hash(data));
        assertEquals(d, Sha256Digest.fromBase64(d.base64()));
        assertEquals(d, Sha256Digest.fromHex(ABC.toUpperCase()));
        assertThrows(IllegalStateException.class, h::digest);
    }

    @Test
    void parsingErrorsSayWhatIsWrong() {
        assertEquals("a SHA-256 digest is 64 hex digits, got 63 characters",
                assertThrows(IllegalArgumentException.class, () -> Sha256Digest.fromHex(ABC.substring(1))).getMessage());
        assertEquals("a SHA-256 digest is 64 hex digits, got a non-hex character",
                assertThrows(IllegalArgumentException.class, () -> Sha256Digest.fromHex("g" + ABC.substring(1))).getMessage());
        assertEquals("a SHA-256 digest is 32 bytes, base64 decoded to 3",
                assertThrows(IllegalArgumentException.class, () -> Sha256Digest.fromBase64("AAAA")).getMessage());
        assertEquals("a SHA-256 digest is 32 bytes, got 31",
                assertThrows(IllegalArgumentException.class, () -> Sha256Digest.of(new byte[31])).getMessage());
    }
}
