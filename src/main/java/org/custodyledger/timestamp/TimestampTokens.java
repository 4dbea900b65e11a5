package org.custodyledger.timestamp;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;

/**
 * Verification of RFC 3161 time-stamp tokens, the same on receipt (the service's timestamping
 * loop) and offline ({@code verify-bundle --tsa-cert}): the imprint is SHA-256 of exactly the
 * expected message; the CMS signature verifies with the signer's certificate; that certificate
 * was valid at the token's time, is bound to the signature (ESSCertID), has the critical
 * id-kp-timeStamping extended key usage (RFC 3161 §2.3), and leads to one of the trusted
 * certificates. Revocation is not checked: offline there is nothing to ask, and a token's worth
 * rests on the TSA's key not having been compromised before genTime.
 */
public final class TimestampTokens {
    private static final HexFormat HEX = HexFormat.of();

    private TimestampTokens() {
    }

    /**
     * The token of a TSA's answer to {@code request}, verified: granted, for this request's
     * imprint and nonce, and as {@link #verify(TimeStampToken, byte[], List)}.
     */
    public static VerifiedToken fromResponse(byte[] response, TimestampRequest request, List<X509Certificate> trusted)
            throws TimestampException {
        TimeStampResponse answer;
        try {
            answer = new TimeStampResponse(response);
        } catch (TSPException | IOException | RuntimeException e) {
            throw new TimestampException("not an RFC 3161 TimeStampResp: " + e.getMessage(), e);
        }
        int status = answer.getStatus();
        if (status != PKIStatus.GRANTED && status != PKIStatus.GRANTED_WITH_MODS) {
            throw new TimestampException("the TSA refused the request: status " + status
                    + (answer.getStatusString() == null ? "" : " (" + answer.getStatusString() + ")"));
        }
        TimeStampToken token = answer.getTimeStampToken();
        if (token == null) {
            throw new TimestampException("the TSA granted the request but sent no token");
        }
        BigInteger nonce = token.getTimeStampInfo().getNonce();
        if (!request.nonce().equals(nonce)) {
            throw new TimestampException("the token's nonce is not the request's: expected " + request.nonce() + ", got " + nonce);
        }
        try {
            answer.validate(request.request());
        } catch (TSPException e) {
            throw new TimestampException("the answer does not match the request: " + e.getMessage(), e);
        }
        return verify(token, request.imprint(), trusted);
    }

    /** A token as carried in DER (a bundle, the database), over SHA-256 of {@code message}, verified. */
    public static VerifiedToken verify(byte[] tokenDer, byte[] message, List<X509Certificate> trusted) throws TimestampException {
        return verify(parse(tokenDer), TimestampRequest.sha256(message), trusted);
    }

    /** A DER TimeStampToken (a CMS SignedData), parsed but not verified. */
    public static TimeStampToken parse(byte[] tokenDer) throws TimestampException {
        try {
            return new TimeStampToken(new CMSSignedData(tokenDer));
        } catch (CMSException | TSPException | IOException | RuntimeException e) {
            throw new TimestampException("not an RFC 3161 TimeStampToken: " + e.getMessage(), e);
        }
    }

    /** The checks of the class comment, the imprint first (cheapest and the most telling). */
    public static VerifiedToken verify(TimeStampToken token, byte[] imprint, List<X509Certificate> trusted)
            throws TimestampException {
        TimeStampTokenInfo info = token.getTimeStampInfo();
        if (!NISTObjectIdentifiers.id_sha256.equals(info.getMessageImprintAlgOID())) {
            throw new TimestampException("the token's imprint is not SHA-256 but " + info.getMessageImprintAlgOID());
        }
        if (!Arrays.equals(imprint, info.getMessageImprintDigest())) {
            throw new TimestampException("the token is over another message: its imprint is "
                    + HEX.formatHex(info.getMessageImprintDigest()) + ", SHA-256 of the message is " + HEX.formatHex(imprint));
        }
        X509CertificateHolder signer = signerCertificate(token, trusted);
        try {
            // Signature, ESSCertID binding, validity at genTime and the critical timeStamping EKU (BC's TSPUtil).
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(signer));
        } catch (TSPException | OperatorCreationException | java.security.cert.CertificateException e) {
            throw new TimestampException("the token's signature or its signer's certificate is not valid: " + e.getMessage(), e);
        }
        X509Certificate signerCert = toX509(signer);
        requireChain(signerCert, token, trusted, info.getGenTime());
        return new VerifiedToken(encoded(token), info.getGenTime().toInstant(), signer.getSubject().toString(),
                info.getSerialNumber());
    }

    /** The certificate the token names as its signer: carried in the token, or one of the trusted ones. */
    private static X509CertificateHolder signerCertificate(TimeStampToken token, List<X509Certificate> trusted)
            throws TimestampException {
        @SuppressWarnings("unchecked")
        var carried = (java.util.Collection<X509CertificateHolder>) token.getCertificates().getMatches(token.getSID());
        if (!carried.isEmpty()) {
            return carried.iterator().next();
        }
        for (X509Certificate t : trusted) {
            try {
                JcaX509CertificateHolder holder = new JcaX509CertificateHolder(t);
                if (token.getSID().match(holder)) {
                    return holder;
                }
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new TimestampException("a trusted certificate cannot be encoded: " + e.getMessage(), e);
            }
        }
        throw new TimestampException("the token carries no certificate of its signer (" + token.getSID().getIssuer()
                + ", serial " + token.getSID().getSerialNumber() + ") and no trusted certificate is it");
    }

    /** The signer is a trusted certificate, or a PKIX path (with the token's other certificates) leads to one at genTime. */
    private static void requireChain(X509Certificate signer, TimeStampToken token, List<X509Certificate> trusted, Date at)
            throws TimestampException {
        if (trusted.contains(signer)) {
            return;
        }
        Set<TrustAnchor> anchors = new LinkedHashSet<>();
        trusted.forEach(t -> anchors.add(new TrustAnchor(t, null)));
        List<X509Certificate> intermediates = new ArrayList<>();
        @SuppressWarnings("unchecked")
        var all = (java.util.Collection<X509CertificateHolder>) token.getCertificates().getMatches(null);
        for (X509CertificateHolder h : all) {
            intermediates.add(toX509(h));
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(signer);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            params.setDate(at);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(intermediates)));
            CertPathBuilder.getInstance("PKIX").build(params);
        } catch (GeneralSecurityException e) {
            List<String> names = new ArrayList<>();
            for (X509Certificate t : trusted) {
                names.add(subject(t));
            }
            throw new TimestampException("the token's signer " + subject(signer) + " does not lead to a trusted certificate "
                    + names + ": " + e.getMessage(), e);
        }
    }

    /** The certificate's subject as Bouncy Castle writes it (CN=…, O=…), which is how the test and the reports show it. */
    private static String subject(X509Certificate cert) throws TimestampException {
        try {
            return new JcaX509CertificateHolder(cert).getSubject().toString();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new TimestampException("a certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    private static X509Certificate toX509(X509CertificateHolder holder) throws TimestampException {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (java.security.cert.CertificateException e) {
            throw new TimestampException("a certificate in the token cannot be read: " + e.getMessage(), e);
        }
    }

    private static byte[] encoded(TimeStampToken token) throws TimestampException {
        try {
            return token.getEncoded();
        } catch (IOException e) {
            throw new TimestampException("the token cannot be encoded: " + e.getMessage(), e);
        }
    }
}
