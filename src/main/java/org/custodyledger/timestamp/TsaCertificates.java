package org.custodyledger.timestamp;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** The certificates a time-stamping authority's tokens must lead to: a TSA certificate or a CA, from PEM. */
public final class TsaCertificates {
    private TsaCertificates() {
    }

    /**
     * Every certificate in {@code pem} (a file may hold a chain or several CAs; each one is
     * trusted); {@code where} names the source in the message when there is none or it is unreadable.
     */
    public static List<X509Certificate> parse(String pem, String where) throws TimestampException {
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new TimestampException(where + ": holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (var c : factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)))) {
                certs.add((X509Certificate) c);
            }
        } catch (CertificateException e) {
            throw new TimestampException(where + ": not a PEM certificate: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new TimestampException(where + ": holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certs;
    }
}
