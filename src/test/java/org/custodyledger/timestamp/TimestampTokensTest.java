package org.custodyledger.timestamp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.custodyledger.testing.TestTsa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 3161 tokens from a real (Bouncy Castle) TSA: what verifies, and every way a token or answer is refused. */
class TimestampTokensTest {
    private static final byte[] NOTE = "custody-ledger.local/log\n5\nq6GOfKZ0pD7o7pDo8JQO5V0n0hX4KNo2wXy9zYVkWZQ=\n\n— sig\n"
            .getBytes(StandardCharsets.UTF_8);
    private static TestTsa tsa;
    private static TestTsa other;

    @TempDir
    Path dir;

    @BeforeAll
    static void tsas() {
        tsa = TestTsa.offline("Agency");
        other = TestTsa.offline("Stranger");
    }

    @AfterAll
    static void close() {
        tsa.close();
        other.close();
    }

    @Test
    void aTokenFromTheTsaVerifiesAgainstItsCaOrItsOwnCertificate() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        byte[] token = tsa.stamp(NOTE);
        VerifiedToken viaCa = TimestampTokens.verify(token, NOTE, List.of(tsa.caCertificate()));
        assertTrue(!viaCa.genTime().isBefore(before) && viaCa.genTime().isBefore(Instant.now().plus(Duration.ofSeconds(1))),
                viaCa.genTime().toString());
        assertEquals("CN=Agency TSA", viaCa.signer());
        assertEquals(viaCa.genTime(), TimestampTokens.verify(token, NOTE, List.of(tsa.tsaCertificate())).genTime());
    }

    @Test
    void aTokenForAChangedCheckpointIsRefused() {
        byte[] token = tsa.stamp(NOTE);
        byte[] changed = new String(NOTE, StandardCharsets.UTF_8).replace("\n5\n", "\n6\n").getBytes(StandardCharsets.UTF_8);
        TimestampException e = assertThrows(TimestampException.class,
                () -> TimestampTokens.verify(token, changed, List.of(tsa.caCertificate())));
        assertTrue(e.getMessage().startsWith("the token is over another message: its imprint is "), e.getMessage());
    }

    @Test
    void aTokenLeadingToAnotherCaIsRefused() {
        byte[] token = other.stamp(NOTE);
        TimestampException e = assertThrows(TimestampException.class,
                () -> TimestampTokens.verify(token, NOTE, List.of(tsa.caCertificate())));
        assertTrue(e.getMessage().startsWith("the token's signer CN=Stranger TSA does not lead to a trusted certificate "
                + "[CN=Agency Test CA]: "), e.getMessage());
    }

    @Test
    void aTamperedTokenIsRefused() {
        byte[] token = tsa.stamp(NOTE);
        // The signature is the token's last bytes: flip one of them.
        token[token.length - 3] ^= 1;
        TimestampException e = assertThrows(TimestampException.class,
                () -> TimestampTokens.verify(token, NOTE, List.of(tsa.caCertificate())));
        assertTrue(e.getMessage().startsWith("the token's signature or its signer's certificate is not valid")
                || e.getMessage().startsWith("not an RFC 3161 TimeStampToken"), e.getMessage());
    }

    @Test
    void anAnswerIsCheckedAgainstTheRequestOnReceipt() throws Exception {
        TimestampRequest request = TimestampRequest.over(NOTE);
        List<java.security.cert.X509Certificate> trusted = List.of(tsa.caCertificate());
        VerifiedToken ok = TimestampTokens.fromResponse(tsa.respond(request.encoded(), TestTsa.Mode.OK), request, trusted);
        assertEquals(ok.genTime(), TimestampTokens.verify(ok.der(), NOTE, trusted).genTime());

        assertTrue(assertThrows(TimestampException.class, () -> TimestampTokens.fromResponse(
                tsa.respond(request.encoded(), TestTsa.Mode.WRONG_NONCE), request, trusted)).getMessage()
                .startsWith("the token's nonce is not the request's: expected " + request.nonce()));
        assertTrue(assertThrows(TimestampException.class, () -> TimestampTokens.fromResponse(
                tsa.respond(request.encoded(), TestTsa.Mode.WRONG_IMPRINT), request, trusted)).getMessage()
                .startsWith("the answer does not match the request: "));
        assertTrue(assertThrows(TimestampException.class, () -> TimestampTokens.fromResponse(
                tsa.respond(request.encoded(), TestTsa.Mode.GARBAGE), request, trusted)).getMessage()
                .startsWith("not an RFC 3161 TimeStampResp"));
        assertTrue(assertThrows(TimestampException.class, () -> TimestampTokens.fromResponse(
                other.respond(request.encoded(), TestTsa.Mode.OK), request, trusted)).getMessage()
                .startsWith("the token's signer CN=Stranger TSA does not lead to a trusted certificate"));
    }

    @Test
    void trustedCertificatesComeFromPem() throws Exception {
        Path pem = TestTsa.writePem(dir.resolve("ca.pem"), tsa.caCertificate());
        assertEquals(List.of(tsa.caCertificate()), TsaCertificates.parse(Files.readString(pem), "ca.pem"));
        assertEquals("tsa.pem: holds no PEM certificate (-----BEGIN CERTIFICATE-----)", assertThrows(
                TimestampException.class, () -> TsaCertificates.parse("hello\n", "tsa.pem")).getMessage());
    }
}
