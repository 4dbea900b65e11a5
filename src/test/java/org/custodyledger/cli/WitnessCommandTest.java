package org.custodyledger.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.SignedTestLog;
import org.custodyledger.witness.CosignatureVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code witness-keygen} and {@code witness} flags, run in-process as the jar runs them. */
class WitnessCommandTest {
    private final SignedTestLog log = new SignedTestLog("agency.example/custody-log", (byte) 1, 3, "leaf ");

    @Test
    void witnessKeygenWritesAKeyOnlyItsOwnerCanReadAndPrintsItsCosignatureVkey(@TempDir Path dir) throws Exception {
        Cli.Result result = Cli.run("witness-keygen", "--out", dir.toString(), "--name", "oversight.example/w1");
        assertEquals(0, result.exit(), result.err());
        Path pem = dir.resolve("witness.pem");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pem)));
        String vkey = result.out().strip();
        assertEquals(vkey + "\n", result.out(), "standard output is the vkey line alone");
        assertEquals(vkey + "\n", Files.readString(dir.resolve("witness.vkey")));
        CosignatureVerifier verifier = CosignatureVerifier.parse(vkey);
        assertEquals("oversight.example/w1", verifier.name());
        assertArrayEquals(Ed25519Keys.readPrivate(pem).generatePublicKey().getEncoded(), verifier.publicKey().getEncoded());
        assertEquals(0x04, Base64.getDecoder().decode(vkey.split("\\+", 3)[2])[0], "type byte: " + vkey);
    }

    @Test
    void witnessKeygenNeverOverwritesAKey(@TempDir Path dir) throws Exception {
        assertEquals(0, Cli.run("witness-keygen", "--out", dir.toString()).exit());
        byte[] key = Files.readAllBytes(dir.resolve("witness.pem"));
        Cli.Result again = Cli.run("witness-keygen", "--out", dir.toString());
        assertEquals(1, again.exit(), again.out());
        assertTrue(again.err().contains("refusing to overwrite"), again.err());
        assertArrayEquals(key, Files.readAllBytes(dir.resolve("witness.pem")));
        assertEquals(WitnessKeygenCommand.DEFAULT_NAME,
                CosignatureVerifier.parse(Files.readString(dir.resolve("witness.vkey")).strip()).name());
    }

    @Test
    void witnessKeygenRefusesANameWithASpace(@TempDir Path dir) {
        Cli.Result result = Cli.run("witness-keygen", "--out", dir.toString(), "--name", "two words");
        assertEquals(2, result.exit(), result.err());
        assertTrue(result.err().contains("--name"), result.err());
        assertTrue(Files.notExists(dir.resolve("witness.pem")));
    }

    @Test
    void helpNamesEveryFlagAndItsEnvironmentVariable() {
        Cli.Result witness = Cli.run("witness", "--help");
        assertEquals(0, witness.exit());
        for (String flag : new String[] {"--key", "--name", "--log", "--state", "--port", "--host", "CUSTODY_WITNESS_KEY",
                "CUSTODY_WITNESS_LOGS", "CUSTODY_WITNESS_STATE", "CUSTODY_WITNESS_PORT"}) {
            assertTrue(witness.out().contains(flag), flag + " missing from: " + witness.out());
        }
        Cli.Result keygen = Cli.run("witness-keygen", "--help");
        assertTrue(keygen.out().contains("--out") && keygen.out().contains("0x04"), keygen.out());
        Cli.Result main = Cli.run("--help");
        assertTrue(main.out().contains("witness-keygen") && main.out().contains("witness "), main.out());
    }

    @Test
    void badFlagsAreRefusedWithAMessage(@TempDir Path dir) throws IOException {
        assertEquals(0, Cli.run("witness-keygen", "--out", dir.toString()).exit());
        String key = dir.resolve("witness.pem").toString();
        String state = dir.resolve("state").toString();
        assertRefused("--key", "witness", "--log", log.vkey(), "--state", state, "--port", "0");
        assertRefused("--log", "witness", "--key", key, "--state", state, "--port", "0");
        assertRefused("--state", "witness", "--key", key, "--log", log.vkey(), "--port", "0");
        assertRefused("--port", "witness", "--key", key, "--log", log.vkey(), "--state", state, "--port", "http");
        assertRefused("--log", "witness", "--key", key, "--log", "not+a+key", "--state", state, "--port", "0");
        // A witness cosignature key is not a log key.
        String witnessVkey = Files.readString(dir.resolve("witness.vkey")).strip();
        assertRefused("--log", "witness", "--key", key, "--log", witnessVkey, "--state", state, "--port", "0");
        assertRefused("--key", "witness", "--key", dir.resolve("witness.vkey").toString(), "--log", log.vkey(),
                "--state", state, "--port", "0");
        assertTrue(Files.notExists(dir.resolve("state")), "nothing is created for a refused command line");
    }

    @Test
    void aKeyThatIsNotTheVkeysBesideItIsRefused(@TempDir Path dir) throws IOException {
        assertEquals(0, Cli.run("witness-keygen", "--out", dir.toString()).exit());
        Files.writeString(dir.resolve("witness.pem"), Ed25519Keys.privatePem(Ed25519Keys.generate()));
        assertRefused("--key", "witness", "--key", dir.resolve("witness.pem").toString(), "--log", log.vkey(),
                "--state", dir.resolve("state").toString(), "--port", "0");
    }

    @Test
    void logKeysCanComeFromAFileAndTheNameFromTheVkeyBesideTheKey(@TempDir Path dir) throws Exception {
        Cli.Result keygen = Cli.run("witness-keygen", "--out", dir.toString(), "--name", "oversight.example/w2");
        // The log's key and its successor (same name, same tree): a witness told both accepts either during a rotation.
        SignedTestLog rotated = new SignedTestLog(log.origin(), (byte) 7, 3, "leaf ");
        Path logs = dir.resolve("logs.txt");
        Files.writeString(logs, "# the agency's log\n" + log.vkey() + "\n\n" + rotated.vkey() + "\n", StandardCharsets.UTF_8);
        WitnessCommand command = new WitnessCommand();
        new CommandLine(command).parseArgs("--key", dir.resolve("witness.pem").toString(), "--log", logs.toString(),
                "--state", dir.resolve("state").toString(), "--port", "0", "--host", "127.0.0.1");
        try (WitnessCommand.Running running = command.start()) {
            assertEquals(keygen.out().strip(), running.witness().verifierKey());
            assertEquals(List.of(log.origin()), running.witness().origins());
            assertEquals(200, running.witness().addCheckpoint(log.request(0, 2).getBytes(StandardCharsets.UTF_8)).status());
            assertEquals(200, running.witness().addCheckpoint(rotated.request(2, 3).getBytes(StandardCharsets.UTF_8)).status());
            // The state folder is this witness's: a second one on it refuses to start.
            WitnessCommand second = new WitnessCommand();
            new CommandLine(second).parseArgs("--key", dir.resolve("witness.pem").toString(), "--log", log.vkey(),
                    "--state", dir.resolve("state").toString(), "--port", "0", "--host", "127.0.0.1");
            IOException e = assertThrows(IOException.class, second::start);
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }

    private static void assertRefused(String flag, String... args) {
        Cli.Result result = Cli.run(args);
        assertEquals(2, result.exit(), Arrays.toString(args) + ": " + result.out() + result.err());
        assertTrue(result.err().contains(flag), flag + " not named in: " + result.err());
    }
}
