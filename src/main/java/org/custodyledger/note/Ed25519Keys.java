package org.custodyledger.note;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
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
        Object parsed = parsePem(pem, source);
        if (!(parsed instanceof PrivateKeyInfo info)) {
            throw new NoteException(source + ": expected a PKCS#8 PRIVATE KEY PEM block");
        }
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(info);
        } catch (IOException | RuntimeException e) {
            throw new NoteException(source + ": unreadable private key: " + e.getMessage(), e);
        }
        if (!(key instanceof Ed25519PrivateKeyParameters ed)) {
            throw new NoteException(source + ": not an Ed25519 key (" + info.getPrivateKeyAlgorithm().getAlgorithm() + ")");
        }
        return ed;
    }

    public static Ed25519PublicKeyParameters parsePublic(String pem, String source) throws NoteException {
        Object parsed = parsePem(pem, source);
        if (!(parsed instanceof SubjectPublicKeyInfo info)) {
            throw new NoteException(source + ": expected an SPKI PUBLIC KEY PEM block");
        }
        AsymmetricKeyParameter key;
        try {
            key = PublicKeyFactory.createKey(info);
        } catch (IOException | RuntimeException e) {
            throw new NoteException(source + ": unreadable public key: " + e.getMessage(), e);
        }
        if (!(key instanceof Ed25519PublicKeyParameters ed)) {
            throw new NoteException(source + ": not an Ed25519 key (" + info.getAlgorithm().getAlgorithm() + ")");
        }
        return ed;
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
