package org.custodyledger.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteVerifier;
import org.junit.jupiter.api.Test;

/** The witness's --log values: VKEY as always, or ORIGIN=VKEY for a log whose origin is not its key name. */
class WitnessedLogValuesTest {
    private static final NoteVerifier KEY = NoteVerifier.of("agency-key",
            new Ed25519PrivateKeyParameters(new byte[32], 0).generatePublicKey());

    @Test
    void aPlainVkeyNamesItsOwnOrigin() throws Exception {
        WitnessedLog log = WitnessedLog.parse(KEY.verifierKey());
        assertEquals("agency-key", log.origin());
        assertEquals(KEY.verifierKey(), log.key().verifierKey());
    }

    @Test
    void originEqualsVkey() throws Exception {
        WitnessedLog log = WitnessedLog.parse("agency.example/log/2027=" + KEY.verifierKey());
        assertEquals("agency.example/log/2027", log.origin());
        assertEquals(KEY.verifierKey(), log.key().verifierKey());
    }

    @Test
    void neitherFormIsRefusedWithBothReasons() {
        NoteException e = assertThrows(NoteException.class, () -> WitnessedLog.parse("agency.example/log=not-a-key"));
        assertTrue(e.getMessage().startsWith("neither VKEY nor ORIGIN=VKEY: "), e.getMessage());
        assertTrue(e.getMessage().contains("after \"agency.example/log=\": "), e.getMessage());
        assertThrows(NoteException.class, () -> WitnessedLog.parse("no-equals-sign"));
    }
}
