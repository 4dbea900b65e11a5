package org.custodyledger.note;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Key-file lines: revoked-from=N takes plain tree sizes only, and a key listed twice keeps its earliest revocation. */
class TrustedKeyTest {
    private static final String KEY = new NoteSigner("custody-ledger.test/log", Ed25519Keys.generate()).verifier()
            .verifierKey();
    private static final String OTHER = new NoteSigner("custody-ledger.test/log", Ed25519Keys.generate()).verifier()
            .verifierKey();

    @Test
    void revokedFromTakesOnlyAsciiDigitsWithoutSignOrLeadingZero() throws NoteException {
        assertEquals(120345L, TrustedKey.parse(KEY + " revoked-from=120345").revokedFrom());
        assertEquals(0L, TrustedKey.parse(KEY + "\trevoked-from=0").revokedFrom());
        // Long.parseLong would take the first four (a sign, leading zeros, Arabic-Indic and fullwidth digits).
        for (String bad : List.of("+5", "05", "\u0663", "\uff15", "00", "-1", "", "1e3", "9223372036854775808")) {
            assertThrows(NoteException.class, () -> TrustedKey.parse(KEY + " revoked-from=" + bad), bad);
        }
    }

    @Test
    void aKeyListedTwiceKeepsItsEarliestRevocation() throws NoteException {
        List<TrustedKey> plainSecond = TrustedKey.parseFile(List.of(KEY + " revoked-from=7", "# again", KEY, OTHER));
        assertEquals(List.of(KEY + " revoked-from=7", OTHER), plainSecond.stream().map(TrustedKey::line).toList());
        List<TrustedKey> plainFirst = TrustedKey.parseFile(List.of(KEY, KEY + "\trevoked-from=9", KEY + " revoked-from=4"));
        assertEquals(List.of(KEY + " revoked-from=4"), plainFirst.stream().map(TrustedKey::line).toList());
    }
}
