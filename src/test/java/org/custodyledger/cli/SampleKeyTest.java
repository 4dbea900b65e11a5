package org.custodyledger.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.note.NoteVerifier;
import org.junit.jupiter.api.Test;

/** The sample key is recognised by its bytes under any name, and its bytes are those of keys-sample/. */
class SampleKeyTest {
    @Test
    void theSampleKeyIsKeysSamplesLedgerKeyUnderAnyName() throws Exception {
        var pub = Ed25519Keys.readPrivate(Path.of("keys-sample/ledger-signing.pem")).generatePublicKey();
        assertTrue(SampleKey.isSample(NoteVerifier.of("custody-ledger.local/log", pub)));
        assertTrue(SampleKey.isSample(NoteVerifier.of("agency.example/log", pub)));
        assertFalse(SampleKey.isSample(NoteVerifier.of("custody-ledger.local/log", Ed25519Keys.generate().generatePublicKey())));
    }
}
