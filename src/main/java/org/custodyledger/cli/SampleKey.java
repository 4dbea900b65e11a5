package org.custodyledger.cli;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.custodyledger.note.NoteVerifier;

/**
 * The PUBLIC development key of keys-sample/ (anyone can sign with it): a verification that
 * trusts it proves nothing, whatever its checks say. Recognised by its public key bytes, under
 * any key name ({@code SampleKeyTest} holds the bytes to keys-sample/ledger-signing.pem).
 */
final class SampleKey {
    /** base64(0x01 ‖ Ed25519 public key) of keys-sample/ledger-signing.pem, as in docs/FORMATS.md §7. */
    static final String VERIFIER_KEY_BODY = "AU62KEDQ25MYhrYhgzRuoV18ZmTfgOuJnEV8WL84jHW5";
    private static final byte[] PUBLIC = Arrays.copyOfRange(Base64.getDecoder().decode(VERIFIER_KEY_BODY), 1, 33);

    private SampleKey() {
    }

    static boolean isSample(NoteVerifier key) {
        return Arrays.equals(PUBLIC, key.publicKey().getEncoded());
    }

    static boolean anySample(List<NoteVerifier> keys) {
        return keys.stream().anyMatch(SampleKey::isSample);
    }

    static final String WARNING = """
            WARNING: the key checked against is the PUBLIC SAMPLE KEY from keys-sample/ (custody-ledger's development key).
            WARNING: anyone can sign with it: whatever the checks below say, this bundle proves NOTHING about who made it.
            WARNING: a real ledger signs with its own key (serve --signing-key); get its verifier key from the agency.""";
}
