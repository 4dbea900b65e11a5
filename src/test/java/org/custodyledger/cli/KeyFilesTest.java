package org.custodyledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.note.NoteSigner;
import org.custodyledger.note.NoteVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** revoke-key's rewrite of a key file replaces the key's line whatever white space follows the key. */
class KeyFilesTest {
    @Test
    void aTabSeparatedLineIsReplacedNotAppendedTo(@TempDir Path dir) throws Exception {
        NoteVerifier key = new NoteSigner("custody-ledger.test/log", Ed25519Keys.generate()).verifier();
        String other = new NoteSigner("custody-ledger.test/log", Ed25519Keys.generate()).verifier().verifierKey();
        Path file = dir.resolve("keys");
        Files.writeString(file, "# log keys\n" + key.verifierKey() + "\trevoked-from=9\n" + other + "\n");
        String line = key.verifierKey() + " revoked-from=4";
        KeyFiles.putLine(file, key, line);
        assertEquals(List.of("# log keys", line, other), Files.readAllLines(file, StandardCharsets.UTF_8));
    }
}
