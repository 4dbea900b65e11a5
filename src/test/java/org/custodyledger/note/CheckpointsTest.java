package org.custodyledger.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.custodyledger.TestKeys;
import org.custodyledger.merkle.Rfc6962;
import org.junit.jupiter.api.Test;

class CheckpointsTest {
    private static final NoteSigner SIGNER = TestKeys.sampleSigner();
    private static final byte[] ROOT = Base64.getDecoder().decode("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=");
    private static final String GOLDEN_NOTE = """
            custody-ledger.local/log
            8
            XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=

            — custody-ledger.local/log GroqzT+RaV0Cck7mXqbEU3YDfTNLAS0t7kbEciCsh4/Nz4Hli6ulByaFikvj7QuyaBychVlnnep2LfiXLZPDcW+aJQs=
            """;

    @Test
    void goldenKeyIdAndVerifierKey() throws Exception {
        // Independently: the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("custody-ledger.local/log\n".getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 1);
        sha.update(SIGNER.verifier().publicKey().getEncoded());
        assertEquals("1aba2acd", HexFormat.of().formatHex(Arrays.copyOf(sha.digest(), 4)));
        assertEquals("1aba2acd", SIGNER.verifier().keyIdHex());
        assertEquals("custody-ledger.local/log+1aba2acd+AU62KEDQ25MYhrYhgzRuoV18ZmTfgOuJnEV8WL84jHW5",
                SIGNER.verifier().verifierKey());
    }

    @Test
    void aKeyNameHoldsNoUnicodeSpaceAndNoPlus() {
        Ed25519PublicKeyParameters key = SIGNER.verifier().publicKey();
        // signed-note: names are non-empty UTF-8 "containing neither Unicode spaces nor plus".
        for (String bad : new String[] {"", "log+1", "log name", "log\u00a0name", "log\u2003name", "log\tname"}) {
            assertEquals("a key name must be non-empty, without spaces or '+': \"" + bad + "\"",
                    assertThrows(IllegalArgumentException.class, () -> NoteVerifier.of(bad, key)).getMessage());
        }
        assertEquals("example.com/log", NoteVerifier.of("example.com/log", key).name());
    }

    @Test
    void goldenCheckpointText() {
        String note = Checkpoints.sign(new Checkpoint(TestKeys.ORIGIN, 8, ROOT), SIGNER);
        assertEquals(GOLDEN_NOTE, note);
    }

    @Test
    void verifiesWithTheJdkEd25519() throws Exception {
        String note = Checkpoints.sign(new Checkpoint(TestKeys.ORIGIN, 8, ROOT), SIGNER);
        String sigLine = note.substring(note.lastIndexOf("\n\n") + 2).strip();
        byte[] blob = Base64.getDecoder().decode(sigLine.substring(sigLine.lastIndexOf(' ') + 1));
        assertArrayEquals(HexFormat.of().parseHex("1aba2acd"), Arrays.copyOf(blob, 4));
        byte[] spki = Base64.getMimeDecoder().decode(Files.readString(TestKeys.sampleKeyFile("ledger-signing.pub.pem"))
                .replaceAll("-----[A-Z ]+-----", ""));
        PublicKey jdkKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(jdkKey);
        jdk.update("custody-ledger.local/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(jdk.verify(Arrays.copyOfRange(blob, 4, blob.length)));
    }

    @Test
    void verifyThenParseRoundTrips() throws NoteException {
        Checkpoint cp = new Checkpoint(TestKeys.ORIGIN, 123456789, ROOT);
        assertEquals(cp, Checkpoints.verify(Checkpoints.sign(cp, SIGNER), SIGNER.verifier()));
        assertEquals(cp, Checkpoints.verify(Checkpoints.sign(cp, SIGNER), NoteVerifier.parse(SIGNER.verifier().verifierKey())));
    }

    @Test
    void unknownSignersAreIgnored() throws NoteException {
        NoteSigner witness = new NoteSigner("witness.example", Ed25519Keys.generate());
        String note = Checkpoints.sign(new Checkpoint(TestKeys.ORIGIN, 8, ROOT), SIGNER)
                + witness.sign(new Checkpoint(TestKeys.ORIGIN, 8, ROOT).body()).line();
        assertEquals(8, Checkpoints.verify(note, SIGNER.verifier()).size());
        NoteException e = assertThrows(NoteException.class, () -> Checkpoints.verify(note, witness.verifier()));
        assertEquals("checkpoint origin \"custody-ledger.local/log\" is not the key's name \"witness.example\"", e.getMessage());
    }

    @Test
    void refusals() {
        String good = Checkpoints.sign(new Checkpoint(TestKeys.ORIGIN, 8, ROOT), SIGNER);
        NoteVerifier key = SIGNER.verifier();
        assertRefused("invalid signature by custody-ledger.local/log+1aba2acd", good.replace("\n8\n", "\n9\n"), key);
        assertRefused("a signed note must end with a newline", good.strip(), key);
        assertRefused("a signed note needs a blank line before its signatures", good.replace("\n\n", "\n"), key);
        assertRefused("no signature by a known key", good,
                NoteVerifier.of(TestKeys.ORIGIN, Ed25519Keys.generate().generatePublicKey()));
        assertRefused("malformed signature line (must start with an em dash and a space): -- custody-ledger.local/log",
                good.replace("— ", "-- ").substring(0, good.indexOf("\n\n") + 2) + "-- custody-ledger.local/log\n", key);
        String sigLine = good.substring(good.indexOf("\n\n") + 2);
        assertRefused("too many signatures: 101 > 100", good + sigLine.repeat(100), key);
        String flippedSig = good.substring(0, good.length() - 6) + (good.charAt(good.length() - 6) == 'A' ? 'B' : 'A')
                + good.substring(good.length() - 5);
        assertRefused("invalid signature by custody-ledger.local/log+1aba2acd", flippedSig, key);
    }

    @Test
    void checkpointBodyParsing() throws NoteException {
        assertEquals(new Checkpoint("o", 0, Rfc6962.emptyRoot()),
                Checkpoint.parse("o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nextension line\n"));
        assertEquals("checkpoint size is not a decimal number: \"08\"",
                assertThrows(NoteException.class, () -> Checkpoint.parse("o\n08\n" + b64(ROOT) + "\n")).getMessage());
        assertEquals("checkpoint size is not a decimal number: \"-1\"",
                assertThrows(NoteException.class, () -> Checkpoint.parse("o\n-1\n" + b64(ROOT) + "\n")).getMessage());
        assertEquals("a checkpoint has an origin, a size and a root hash line",
                assertThrows(NoteException.class, () -> Checkpoint.parse("o\n1\n" + b64(ROOT))).getMessage());
        assertEquals("malformed checkpoint: a checkpoint root is 32 bytes",
                assertThrows(NoteException.class, () -> Checkpoint.parse("o\n1\nAAAA\n")).getMessage());
    }

    @Test
    void verifierKeyParsing() throws NoteException {
        String vkey = SIGNER.verifier().verifierKey();
        NoteVerifier parsed = NoteVerifier.parse(vkey);
        assertEquals(SIGNER.verifier().keyId(), parsed.keyId());
        assertEquals("verifier key ID 00000000 does not match its name and key (want 1aba2acd)",
                assertThrows(NoteException.class, () -> NoteVerifier.parse(vkey.replace("1aba2acd", "00000000"))).getMessage());
        assertEquals("a verifier key is name+keyid+key, got 2 part(s)",
                assertThrows(NoteException.class, () -> NoteVerifier.parse("a+b")).getMessage());
        // Base64 keys often contain '+': every key must survive its own text form.
        for (int i = 0; i < 64; i++) {
            NoteVerifier k = NoteVerifier.of("example.org/log", Ed25519Keys.generate().generatePublicKey());
            assertEquals(k.keyId(), NoteVerifier.parse(k.verifierKey()).keyId(), k.verifierKey());
        }
    }

    @Test
    void pemKeysRoundTrip() throws NoteException {
        var key = Ed25519Keys.generate();
        var back = Ed25519Keys.parsePrivate(Ed25519Keys.privatePem(key), "generated");
        assertArrayEquals(key.getEncoded(), back.getEncoded());
        Ed25519PublicKeyParameters pub = Ed25519Keys.parsePublic(Ed25519Keys.publicPem(key.generatePublicKey()), "generated");
        assertArrayEquals(key.generatePublicKey().getEncoded(), pub.getEncoded());
        assertEquals("x: expected a PKCS#8 PRIVATE KEY PEM block",
                assertThrows(NoteException.class, () -> Ed25519Keys.parsePrivate(Ed25519Keys.publicPem(pub), "x")).getMessage());
        assertEquals("x: no PEM block found",
                assertThrows(NoteException.class, () -> Ed25519Keys.parsePrivate("not a pem", "x")).getMessage());
    }

    private static void assertRefused(String message, String note, NoteVerifier key) {
        NoteException e = assertThrows(NoteException.class, () -> Checkpoints.verify(note, key));
        assertEquals(message, e.getMessage());
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
