package org.custodyledger.witness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.custodyledger.note.NoteSignature;
import org.junit.jupiter.api.Test;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * cosignature/v1 against a vector computed independently (Python's cryptography package, seed
 * 00 01 … 1f, the spec's example checkpoint and time), and every mutation refused.
 *
 * <p>The spec, c2sp.org/tlog-cosignature (C2SP/C2SP tlog-cosignature.md), gives an example
 * checkpoint with one cosignature line at its top, the line layout under "Format"
 * ({@code — <key name> base64(32-bit key ID || signature)}, the signature a
 * {@code timestamped_signature}: u64 big-endian timestamp || 64-byte Ed25519 signature), and the
 * signed message for its example under "Ed25519 signed message". It publishes no public key or
 * private key for the example cosigner, so its line cannot be verified or reproduced byte for byte:
 * what can be checked is that its line parses as ours does, with the example's time, and that our
 * line for the same checkpoint and time has exactly the same layout ({@link
 * #ourLineHasExactlyTheLayoutOfTheSpecsExampleLine}); the signed message is reproduced byte for byte
 * ({@link #signedMessageIsHeaderTimeThenTheWholeNoteText}).
 */
class CosignatureTest {
    static final String NAME = "witness.example/w1";
    static final String VKEY = "witness.example/w1+e75f6532+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4";
    static final String TEXT = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    static final long TIME = 1679315147L;
    static final String LINE = "\u2014 witness.example/w1 519lMgAAAABkGFDLBuRDazBLVac2NE+Y+IjbjQOcXLfF9CSDZVUIoS83rE1nFZsVE8YiWV6Ngr7lV8H6bdoBQGP/l73euDMQ9k+bBQ==\n";

    static Ed25519PrivateKeyParameters seedKey() {
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) i;
        }
        return new Ed25519PrivateKeyParameters(seed, 0);
    }

    @Test
    void signedMessageIsHeaderTimeThenTheWholeNoteText() {
        assertEquals("cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
                + "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
                new String(Cosignature.signedMessage(TEXT, TIME), StandardCharsets.UTF_8));
        assertEquals("cosignature/v1\ntime 0\na\n1\nb\next\n",
                new String(Cosignature.signedMessage("a\n1\nb\next\n", 0), StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> Cosignature.signedMessage(TEXT, -1));
        assertThrows(IllegalArgumentException.class, () -> Cosignature.signedMessage("a\n1\nb", 1));
    }

    @Test
    void signerReproducesTheIndependentVector() {
        CosignatureSigner signer = new CosignatureSigner(NAME, seedKey());
        assertEquals(VKEY, signer.verifier().verifierKey());
        assertEquals("e75f6532", signer.verifier().keyIdHex());
        Cosignature c = signer.sign(TEXT, TIME);
        assertEquals(LINE, c.line());
        assertInstanceOf(CosignatureCheck.Verified.class, signer.verifier().verify(TEXT, c));
    }

    @Test
    void lineLayoutIsKeyIdTimestampSignature() throws Exception {
        byte[] blob = Base64.getDecoder().decode(LINE.substring(NAME.length() + 3, LINE.length() - 1));
        assertEquals(4 + 8 + 64, blob.length);
        assertArrayEquals(new byte[] {(byte) 0xe7, 0x5f, 0x65, 0x32}, Arrays.copyOf(blob, 4));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0x64, 0x18, 0x50, (byte) 0xcb}, Arrays.copyOfRange(blob, 4, 12));
        // The spec's own example line has the same layout: its time is the example's 1679315147.
        List<NoteSignature> spec = CosignatureLines.parse(TEXT, "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/"
                + "zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n");
        Cosignature example = Cosignature.from(spec.get(0));
        assertEquals(1679315147L, example.timestamp());
        assertEquals("8d66cf3f", Integer.toHexString(example.keyId()));
        assertEquals(spec.get(0).line(), example.line());
    }

    /** The example cosignature line at the top of c2sp.org/tlog-cosignature, over {@link #TEXT}. */
    static final String SPEC_LINE = "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/"
            + "zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";

    @Test
    void ourLineHasExactlyTheLayoutOfTheSpecsExampleLine() throws Exception {
        // Our line, signed as the spec's example cosigner would sign it: its name, its checkpoint, its time.
        String ours = new CosignatureSigner("witness.example.com/w1", seedKey()).sign(TEXT, TIME).line();
        // "— " (U+2014, space), the key name, one space, base64 with padding, newline; nothing else.
        Pattern layout = Pattern.compile("\u2014 witness\\.example\\.com/w1 ([A-Za-z0-9+/]{102}==)\n");
        Matcher spec = layout.matcher(SPEC_LINE);
        Matcher mine = layout.matcher(ours);
        assertTrue(spec.matches(), SPEC_LINE);
        assertTrue(mine.matches(), ours);
        assertEquals(SPEC_LINE.length(), ours.length());
        byte[] specBlob = Base64.getDecoder().decode(spec.group(1));
        byte[] ourBlob = Base64.getDecoder().decode(mine.group(1));
        // 4-byte key ID || 8-byte big-endian timestamp || 64-byte Ed25519 signature: 76 bytes.
        assertEquals(76, specBlob.length);
        assertEquals(76, ourBlob.length);
        // The same time, encoded the same way: bytes 4..12 are equal (1679315147 = 0x641850cb).
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0x64, 0x18, 0x50, (byte) 0xcb}, Arrays.copyOfRange(specBlob, 4, 12));
        assertArrayEquals(Arrays.copyOfRange(specBlob, 4, 12), Arrays.copyOfRange(ourBlob, 4, 12));
        // The key ID is SHA-256(name || "\n" || 0x04 || public key)[:4]: ours from our key, as the spec computes it.
        byte[] pub = seedKey().generatePublicKey().getEncoded();
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update("witness.example.com/w1\n".getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x04);
        sha.update(pub);
        assertArrayEquals(Arrays.copyOf(sha.digest(), 4), Arrays.copyOf(ourBlob, 4));
        // And the spec's line is read by our parser as a cosignature at the example's time.
        assertEquals(TIME, Cosignature.from(CosignatureLines.parse(TEXT, SPEC_LINE).get(0)).timestamp());
    }

    @Test
    void vkeyParsesAndVerifies() throws Exception {
        CosignatureVerifier v = CosignatureVerifier.parse(VKEY);
        assertEquals(NAME, v.name());
        assertEquals(VKEY, v.verifierKey());
        Cosignature c = Cosignature.from(CosignatureLines.parse(TEXT, LINE).get(0));
        CosignatureCheck check = v.verify(TEXT, c);
        assertEquals(new CosignatureCheck.Verified(NAME, TIME), check);
    }

    @Test
    void mutatedCosignaturesAreRefused() throws Exception {
        CosignatureVerifier v = CosignatureVerifier.parse(VKEY);
        Cosignature c = Cosignature.from(CosignatureLines.parse(TEXT, LINE).get(0));
        assertInstanceOf(CosignatureCheck.Invalid.class, v.verify(TEXT, new Cosignature(NAME, c.keyId(), TIME + 1, c.signature())));
        assertInstanceOf(CosignatureCheck.Invalid.class, v.verify(TEXT.replace("20852163", "20852164"), c));
        assertInstanceOf(CosignatureCheck.Invalid.class, v.verify(TEXT + "extension\n", c));
        assertInstanceOf(CosignatureCheck.OtherKey.class, v.verify(TEXT, new Cosignature("witness.example/w2", c.keyId(), TIME, c.signature())));
        assertInstanceOf(CosignatureCheck.OtherKey.class, v.verify(TEXT, new Cosignature(NAME, c.keyId() ^ 1, TIME, c.signature())));
        byte[] sig = c.signature();
        for (int bit = 0; bit < sig.length * 8; bit++) {
            byte[] flipped = sig.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(v.verify(TEXT, new Cosignature(NAME, c.keyId(), TIME, flipped)).isVerified(), "bit " + bit);
        }
        // A log signature (type 0x01, 64 bytes after the key ID) is not a cosignature.
        WitnessException e = assertThrows(WitnessException.class,
                () -> Cosignature.from(new NoteSignature(NAME, c.keyId(), new byte[64])));
        assertEquals("a cosignature/v1 signature by witness.example/w1 has 76 bytes after base64 decoding, got 68", e.getMessage());
        byte[] huge = new byte[72];
        huge[0] = (byte) 0x80;
        e = assertThrows(WitnessException.class, () -> Cosignature.from(new NoteSignature(NAME, c.keyId(), huge)));
        assertEquals("cosignature by witness.example/w1 has timestamp 9223372036854775808, above 2^63-1", e.getMessage());
    }

    @Test
    void malformedVkeysAreRefused() {
        String logKey = "example.com/log+e75f6532+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4";
        List<String> bad = List.of(
                "witness.example/w1+e75f6532",
                "witness.example/w1+e75f6533+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
                "witness.example/w2+e75f6532+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
                "witness.example/w1+e75f653+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
                "witness.example/w1+e75f653g+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
                "witness.example/w1+e75f6532+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
                "witness.example/w1+e75f6532+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVT",
                "witness.example/w1+e75f6532+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4AA==",
                "witness.example/w1+e75f6532+!!!",
                "+e75f6532+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
                "witness example+e75f6532+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
                logKey);
        for (String vkey : bad) {
            assertThrows(WitnessException.class, () -> CosignatureVerifier.parse(vkey), vkey);
        }
        WitnessException e = assertThrows(WitnessException.class, () -> CosignatureVerifier.parse(
                "witness.example/w1+e75f6532+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"));
        assertEquals("verifier key witness.example/w1 has type 0x01, a cosignature/v1 key has type 0x04", e.getMessage());
        e = assertThrows(WitnessException.class, () -> CosignatureVerifier.parse(
                "witness.example/w2+e75f6532+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"));
        assertTrue(e.getMessage().startsWith("verifier key ID e75f6532 does not match witness.example/w2"), e.getMessage());
    }

    @Test
    void signerRefusesWhatIsNotACheckpoint() {
        CosignatureSigner signer = new CosignatureSigner(NAME, seedKey());
        assertThrows(IllegalArgumentException.class, () -> signer.sign("just one line\n", TIME));
        assertThrows(IllegalArgumentException.class, () -> signer.sign(TEXT, -5));
        assertThrows(IllegalArgumentException.class, () -> new CosignatureSigner("bad name", seedKey()));
    }
}
