package org.custodyledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteSigner;

/** The public sample keys of keys-sample/, for reproducible tests. */
public final class TestKeys {
    public static final String ORIGIN = "custody-ledger.local/log";

    private TestKeys() {
    }

    public static Path sampleKeyFile(String name) {
        return Path.of("keys-sample", name);
    }

    public static Ed25519PrivateKeyParameters sampleLedgerKey() {
        try {
            return Ed25519Keys.parsePrivate(Files.readString(sampleKeyFile("ledger-signing.pem")), "sample");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoteException e) {
            throw new IllegalStateException(e);
        }
    }

    public static NoteSigner sampleSigner() {
        return new NoteSigner(ORIGIN, sampleLedgerKey());
    }
}
