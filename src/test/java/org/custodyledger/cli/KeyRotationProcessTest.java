package org.custodyledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} as an operator runs it: a new key alone is refused with one line naming the
 * ledger's current key; with the current key as CUSTODY_PREVIOUS_SIGNING_KEY (the flag's
 * environment twin) it rotates, and the key endpoint lists both keys, the new one first.
 */
class KeyRotationProcessTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path keys;

    @Test
    void aNewKeyStartsOnlyNamingTheCurrentOne() throws Exception {
        for (String name : new String[] {"old", "new"}) {
            Cli.Result made = Cli.run("keygen", "--out", keys.toString(), "--name", name);
            assertEquals(0, made.exit(), made.err());
            assertTrue(made.out().contains(keys.resolve(name + ".vkey").toString()), made.out());
        }
        NoteVerifier old = NoteVerifier.parse(Files.readString(keys.resolve("old.vkey")));
        NoteVerifier next = NoteVerifier.parse(Files.readString(keys.resolve("new.vkey")));
        try (ServiceProcess first = ServiceProcess.start(dataDir, Map.of(), "--signing-key", pem("old"))) {
            first.awaitListening(Duration.ofMinutes(2));
        }
        try (ServiceProcess refused = ServiceProcess.start(dataDir, Map.of(), "--signing-key", pem("new"))) {
            assertEquals(1, refused.awaitExit(Duration.ofMinutes(2)), refused.output());
            assertTrue(refused.output().contains("custody-ledger cannot start: this ledger is signed by key "
                    + old.verifierKey()), refused.output());
            assertTrue(refused.output().contains("--previous-signing-key"), refused.output());
        }
        try (ServiceProcess rotated = ServiceProcess.start(dataDir, Map.of("CUSTODY_PREVIOUS_SIGNING_KEY", pem("old")),
                "--signing-key", pem("new"))) {
            int port = rotated.awaitListening(Duration.ofMinutes(2));
            assertEquals(next.verifierKey() + "\n" + old.verifierKey() + "\n", new Http(port).get("/api/v1/ledger/key").body());
        }
    }

    private String pem(String name) {
        return keys.resolve(name + ".pem").toString();
    }
}
