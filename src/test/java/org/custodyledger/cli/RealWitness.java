package org.custodyledger.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.testing.Cli;
import org.custodyledger.witness.CosignatureVerifier;
import org.custodyledger.witnessd.WitnessState;
import picocli.CommandLine;

/**
 * Our own witness server, run as an oversight body runs it: {@code witness-keygen --out DIR}, then
 * {@code witness --key DIR/witness.pem --log VKEY --state DIR --port 0}, started in-process (as
 * {@link WitnessServerTest} starts it) so a test can stop it, start it again on its state, and
 * read that state folder. Public so tests in other packages can use it; {@link WitnessCommand}
 * itself stays package-private.
 */
public final class RealWitness implements AutoCloseable {
    private final Path keys;
    private final Path state;
    private final NoteVerifier logKey;
    private final CosignatureVerifier verifier;
    private WitnessCommand.Running running;
    private int port;
    private String stateFile;

    private RealWitness(Path keys, Path state, NoteVerifier logKey, CosignatureVerifier verifier) {
        this.keys = keys;
        this.state = state;
        this.logKey = logKey;
        this.verifier = verifier;
    }

    /** {@code witness-keygen --name NAME} into {@code dir/keys}, then the server on {@code dir/state}, a free port. */
    public static RealWitness keygenAndStart(Path dir, String name, NoteVerifier logKey) throws Exception {
        Path keys = dir.resolve("keys");
        Cli.Result keygen = Cli.run("witness-keygen", "--out", keys.toString(), "--name", name);
        if (keygen.exit() != 0) {
            throw new IllegalStateException("witness-keygen failed: " + keygen.err());
        }
        RealWitness witness = new RealWitness(keys, dir.resolve("state"), logKey, CosignatureVerifier.parse(keygen.out().strip()));
        witness.start();
        return witness;
    }

    /** Starts (again) on the same key and state folder; the first start picks a free port, a restart reuses it. */
    public synchronized RealWitness start() throws Exception {
        if (running != null) {
            return this;
        }
        WitnessCommand command = new WitnessCommand();
        new CommandLine(command).parseArgs("--key", keys.resolve("witness.pem").toString(), "--log", logKey.verifierKey(),
                "--state", state.toString(), "--port", Integer.toString(port), "--host", "127.0.0.1");
        running = command.start();
        port = running.port();
        stateFile = running.state().fileOf(logKey.name()).getFileName().toString();
        return this;
    }

    /** Stops the server (the witness is down); its state folder stays. */
    public synchronized void stop() throws Exception {
        if (running != null) {
            WitnessCommand.Running r = running;
            running = null;
            r.close();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    public String name() {
        return verifier.name();
    }

    public CosignatureVerifier verifier() {
        return verifier;
    }

    /** The submission prefix, as a policy's witness line gives it. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The policy line for this witness. */
    public String policyLine() {
        return "witness " + name() + " " + verifier.verifierKey() + " " + url();
    }

    public Path stateDir() {
        return state;
    }

    /**
     * The latest checkpoint this witness cosigned for the log, read from its state folder as a
     * fresh process would read it (null: nothing yet).
     */
    public WitnessState.Latest stored() throws Exception {
        Path file = state.resolve(fileName());
        if (Files.notExists(file)) {
            return null;
        }
        // Read through a second handle on the folder's file, not the running server's memory.
        String content = Files.readString(file, StandardCharsets.UTF_8);
        String note = content.substring(content.indexOf('\n') + 1);
        return new WitnessState.Latest(org.custodyledger.note.Checkpoint.parse(
                org.custodyledger.note.SignedNote.parse(note).text()), note);
    }

    /** The raw bytes of the state file (for "unchanged" checks). */
    public byte[] storedBytes() throws IOException {
        Path file = state.resolve(fileName());
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }

    private String fileName() {
        // Where WitnessState keeps this origin (learnt at the first start, so it is known while the witness is down).
        return stateFile;
    }

    /** The contents of the files in the state folder's evidence/ subfolder, sorted by file name. */
    public List<String> evidence() throws IOException {
        return evidenceIn(state);
    }

    /** The contents of the files in {@code state}'s evidence/ subfolder, sorted by file name. */
    static List<String> evidenceIn(Path state) throws IOException {
        Path folder = state.resolve("evidence");
        if (Files.notExists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<String> contents = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                contents.add(Files.readString(file, StandardCharsets.UTF_8));
            }
            return contents;
        }
    }
}
