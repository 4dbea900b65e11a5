package org.custodyledger.note;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** Ed25519 keys as PEM: PKCS#8 "PRIVATE KEY" and SPKI "PUBLIC KEY", through Bouncy Castle. */
public final class Ed25519Keys {
    private Ed25519Keys() {
    }

    public static Ed25519PrivateKeyParameters generate() {
        return new Ed25519PrivateKeyParameters(new SecureRandom());
    }

    public static Ed25519PrivateKeyParameters readPrivate(Path pem) throws NoteException {
        return parsePrivate(read(pem), pem.toString());
    }

    public static Ed25519PublicKeyParameters readPublic(Path pem) throws NoteException {
        return parsePublic(read(pem), pem.toString());
    }

    public static Ed25519PrivateKeyParameters parsePrivate(String pem, String source) throws NoteException {
        PrivateKeyInfo info = block(pem, source, PrivateKeyInfo.class, "a PKCS#8 PRIVATE KEY");
        return ed25519(source, "private", () -> PrivateKeyFactory.createKey(info), Ed25519PrivateKeyParameters.class,
                info.getPrivateKeyAlgorithm());
    }

    public static Ed25519PublicKeyParameters parsePublic(String pem, String source) throws NoteException {
        SubjectPublicKeyInfo info = block(pem, source, SubjectPublicKeyInfo.class, "an SPKI PUBLIC KEY");
        return ed25519(source, "public", () -> PublicKeyFactory.createKey(info), Ed25519PublicKeyParameters.class,
                info.getAlgorithm());
    }

    /** Bouncy Castle's key factories, which throw IOException. */
    private interface KeyDecoder {
        AsymmetricKeyParameter decode() throws IOException;
    }

    /** The file's first PEM block, which must be of the expected kind. */
    private static <T> T block(String pem, String source, Class<T> kind, String expected) throws NoteException {
        Object parsed = parsePem(pem, source);
        if (!kind.isInstance(parsed)) {
            throw new NoteException(source + ": expected " + expected + " PEM block");
        }
        return kind.cast(parsed);
    }

    /** The decoded key, which must be Ed25519; any other algorithm is named by its OID. */
    private static <K> K ed25519(String source, String visibility, KeyDecoder decoder, Class<K> type,
                                 AlgorithmIdentifier algorithm) throws NoteException {
        AsymmetricKeyParameter key;
        try {
            key = decoder.decode();
        } catch (IOException | RuntimeException e) {
            throw new NoteException(source + ": unreadable " + visibility + " key: " + e.getMessage(), e);
        }
        if (!type.isInstance(key)) {
            throw new NoteException(source + ": not an Ed25519 key (" + algorithm.getAlgorithm() + ")");
        }
        return type.cast(key);
    }

    public static String privatePem(Ed25519PrivateKeyParameters key) {
        try {
            return pem("PRIVATE KEY", PrivateKeyInfoFactory.createPrivateKeyInfo(key).getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an Ed25519 private key", e);
        }
    }

    public static String publicPem(Ed25519PublicKeyParameters key) {
        try {
            return pem("PUBLIC KEY", SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key).getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an Ed25519 public key", e);
        }
    }

    private static String pem(String type, byte[] der) throws IOException {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        }
        return out.toString();
    }

    private static Object parsePem(String pem, String source) throws NoteException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object parsed = parser.readObject();
            if (parsed == null) {
                throw new NoteException(source + ": no PEM block found");
            }
            return parsed;
        } catch (IOException | RuntimeException e) {
            throw new NoteException(source + ": malformed PEM: " + e.getMessage(), e);
        }
    }

    private static String read(Path pem) throws NoteException {
        try {
            return Files.readString(pem, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NoteException("cannot read key file " + pem + ": " + e.getMessage(), e);
        }
    }
}
