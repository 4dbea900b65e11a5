package org.custodyledger.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * A real RFC 3161 time-stamping authority for tests: its own CA and a TSA certificate issued by
 * it (generated with Bouncy Castle, ECDSA P-256), Bouncy Castle's TimeStampResponseGenerator,
 * behind the JDK's HTTP server on a free local port. It can be told to misbehave the ways a
 * real TSA or a man in the middle might: answer another nonce or another imprint, send
 * garbage, fail with HTTP 500, or be down.
 */
public final class TestTsa implements AutoCloseable {
    /** What the TSA answers. */
    public enum Mode { OK, WRONG_NONCE, WRONG_IMPRINT, GARBAGE, HTTP_500 }

    private static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.3161.1");

    private final KeyPair caKey;
    private final X509Certificate ca;
    private final KeyPair tsaKey;
    private final X509Certificate tsa;
    private final AtomicLong serial = new AtomicLong(1);
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Mode mode = Mode.OK;
    private HttpServer server;
    private int port;

    private TestTsa(String name, boolean timestampingEku) {
        try {
            caKey = ecKey();
            tsaKey = ecKey();
            ca = certificate("CN=" + name + " Test CA", caKey, "CN=" + name + " Test CA", caKey, true, false);
            tsa = certificate("CN=" + name + " TSA", tsaKey, "CN=" + name + " Test CA", caKey, false, timestampingEku);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test TSA's certificates", e);
        }
    }

    /** A TSA serving over HTTP at {@link #url()}. */
    public static TestTsa start(String name) {
        return start(name, 0);
    }

    /** A TSA serving over HTTP on {@code port} (0: any free one). */
    public static TestTsa start(String name, int port) {
        TestTsa t = new TestTsa(name, true);
        t.listen(port);
        return t;
    }

    /** A TSA whose certificate lacks the timestampING extended key usage (not serving: {@link #stamp} only). */
    public static TestTsa withoutTimestampingEku(String name) {
        return new TestTsa(name, false);
    }

    /** A TSA with a certificate but no server: {@link #stamp} and {@link #respond} only. */
    public static TestTsa offline(String name) {
        return new TestTsa(name, true);
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/tsr";
    }

    public X509Certificate caCertificate() {
        return ca;
    }

    public X509Certificate tsaCertificate() {
        return tsa;
    }

    public int requests() {
        return requests.get();
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** Writes the CA certificate as PEM (what an operator passes as --tsa-cert). */
    public Path writeCaPem(Path file) {
        return writePem(file, ca);
    }

    public static Path writePem(Path file, X509Certificate cert) {
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
            w.writeObject(cert);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return Files.writeString(file, pem.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A DER token over SHA-256 of {@code message}, as this TSA signs it. */
    public byte[] stamp(byte[] message) {
        try {
            TimeStampRequestGenerator g = new TimeStampRequestGenerator();
            g.setCertReq(true);
            TimeStampRequest request = g.generate(NISTObjectIdentifiers.id_sha256,
                    MessageDigest.getInstance("SHA-256").digest(message), BigInteger.valueOf(serial.get()));
            return new TimeStampResponse(respond(request.getEncoded(), Mode.OK)).getTimeStampToken().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The DER TimeStampResp to {@code requestDer}, as {@code mode} has it. */
    public byte[] respond(byte[] requestDer, Mode mode) throws Exception {
        TimeStampRequest request = new TimeStampRequest(requestDer);
        if (mode == Mode.GARBAGE) {
            return "this is not a TimeStampResp".getBytes(StandardCharsets.UTF_8);
        }
        TimeStampRequest answered = request;
        if (mode == Mode.WRONG_NONCE || mode == Mode.WRONG_IMPRINT) {
            TimeStampRequestGenerator g = new TimeStampRequestGenerator();
            g.setCertReq(true);
            byte[] imprint = request.getMessageImprintDigest().clone();
            if (mode == Mode.WRONG_IMPRINT) {
                imprint[0] ^= 1;
            }
            BigInteger nonce = mode == Mode.WRONG_NONCE ? request.getNonce().add(BigInteger.ONE) : request.getNonce();
            answered = g.generate(request.getMessageImprintAlgOID(), imprint, nonce);
        }
        TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
                new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withECDSA", tsaKey.getPrivate(), tsa),
                new JcaDigestCalculatorProviderBuilder().build().get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                POLICY);
        tokens.addCertificates(new JcaCertStore(List.of(tsa, ca)));
        TimeStampResponseGenerator responses = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);
        return responses.generate(answered, BigInteger.valueOf(serial.getAndIncrement()), new Date()).getEncoded();
    }

    private void listen(int at) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", at), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/tsr", exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Mode m = mode;
                if (m == Mode.HTTP_500) {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                byte[] answer;
                try {
                    answer = respond(body, m);
                } catch (Exception e) {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        server.start();
        port = server.getAddress().getPort();
    }

    /** Down: the port refuses connections until {@link #restart}. */
    public void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Up again on the same port. */
    public void restart() {
        listen(port);
    }

    @Override
    public void close() {
        stop();
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey,
                                               boolean isCa, boolean timestampingEku) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()).shiftLeft(8).add(BigInteger.valueOf(isCa ? 1 : 2)),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)),
                new X500Name(subject), subjectKey.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature));
        if (timestampingEku) {
            // RFC 3161 §2.3: exactly id-kp-timeStamping, critical.
            b.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }
}
