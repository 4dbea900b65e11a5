package org.custodyledger.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

/** PEM keys round-trip, and each wrong input is refused with the file named and the reason. */
class Ed25519KeysTest {
    @Test
    void keysRoundTripThroughPem() throws NoteException {
        Ed25519PrivateKeyParameters key = Ed25519Keys.generate();
        assertArrayEquals(key.getEncoded(), Ed25519Keys.parsePrivate(Ed25519Keys.privatePem(key), "k").getEncoded());
        String pub = Ed25519Keys.publicPem(key.generatePublicKey());
        assertArrayEquals(key.generatePublicKey().getEncoded(), Ed25519Keys.parsePublic(pub, "k.pub").getEncoded());
    }

    @Test
    void theWrongBlockIsRefused() {
        Ed25519PrivateKeyParameters key = Ed25519Keys.generate();
        assertRefused("k.pub: expected a PKCS#8 PRIVATE KEY PEM block",
                () -> Ed25519Keys.parsePrivate(Ed25519Keys.publicPem(key.generatePublicKey()), "k.pub"));
        assertRefused("k: expected an SPKI PUBLIC KEY PEM block",
                () -> Ed25519Keys.parsePublic(Ed25519Keys.privatePem(key), "k"));
        assertRefused("x: no PEM block found", () -> Ed25519Keys.parsePublic("not a key", "x"));
    }

    @Test
    void anotherAlgorithmIsNamed() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        KeyPair pair = ec.generateKeyPair();
        assertRefused("ec: not an Ed25519 key (1.2.840.10045.2.1)",
                () -> Ed25519Keys.parsePrivate(pem("PRIVATE KEY", pair.getPrivate().getEncoded()), "ec"));
        assertRefused("ec.pub: not an Ed25519 key (1.2.840.10045.2.1)",
                () -> Ed25519Keys.parsePublic(pem("PUBLIC KEY", pair.getPublic().getEncoded()), "ec.pub"));
    }

    private interface Parse {
        Object run() throws NoteException;
    }

    private static void assertRefused(String message, Parse parse) {
        assertEquals(message, assertThrows(NoteException.class, parse::run).getMessage());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
