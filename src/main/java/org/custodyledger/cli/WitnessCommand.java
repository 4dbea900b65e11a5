package org.custodyledger.cli;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.custodyledger.http.WitnessApi;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.note.NoteException;
import org.custodyledger.witness.WitnessedLog;
import org.custodyledger.witness.CosignatureSigner;
import org.custodyledger.witness.CosignatureVerifier;
import org.custodyledger.witness.WitnessException;
import org.custodyledger.witnessd.Witness;
import org.custodyledger.witnessd.WitnessState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code witness}: a c2sp.org/tlog-witness server cosigning the given logs, until SIGTERM/SIGINT. */
@Command(name = "witness", mixinStandardHelpOptions = true,
        description = {"Run a transparency-log witness (c2sp.org/tlog-witness): POST /add-checkpoint verifies the "
                + "log's signature and a consistency proof from the last checkpoint it cosigned for that log, stores "
                + "the new checkpoint durably (fsync, atomic rename) and only then answers with its cosignature "
                + "(c2sp.org/tlog-cosignature). No database: one small file per log in --state."})
final class WitnessCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(WitnessCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--key", paramLabel = "PEM", defaultValue = "${env:CUSTODY_WITNESS_KEY}",
            description = "The witness's Ed25519 private key, PKCS#8 PEM, from witness-keygen (env CUSTODY_WITNESS_KEY). Required.")
    Path key;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "${env:CUSTODY_WITNESS_NAME}",
            description = "The witness's key name (env CUSTODY_WITNESS_NAME); default: the name in the .vkey file "
                    + "beside --key (as witness-keygen wrote it), else " + WitnessKeygenCommand.DEFAULT_NAME + ".")
    String name;

    @Option(names = "--log", paramLabel = "VKEY", split = ",", defaultValue = "${env:CUSTODY_WITNESS_LOGS}",
            description = "A log to witness: its checkpoint verifier key (name+keyid+base64, type 0x01 Ed25519), or a "
                    + "file holding such keys one a line; the log's origin is the key's name, or give ORIGIN=VKEY "
                    + "for a log whose origin line differs from its key name. Repeat for more logs "
                    + "or keys (env CUSTODY_WITNESS_LOGS, comma-separated). Required.")
    List<String> logs;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = "${env:CUSTODY_WITNESS_STATE}",
            description = "Folder for the latest cosigned checkpoint of each log (created if missing; locked while "
                    + "the witness runs) (env CUSTODY_WITNESS_STATE). Required.")
    Path state;

    @Option(names = "--port", paramLabel = "N", defaultValue = "${env:CUSTODY_WITNESS_PORT:-8081}",
            description = "HTTP port (env CUSTODY_WITNESS_PORT; default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "${env:CUSTODY_WITNESS_HOST:-0.0.0.0}",
            description = "Address to listen on (env CUSTODY_WITNESS_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--shutdown-grace-ms", paramLabel = "MS", defaultValue = "${env:CUSTODY_SHUTDOWN_GRACE_MS:-10000}",
            description = "How long in-flight requests may finish on SIGTERM (env CUSTODY_SHUTDOWN_GRACE_MS; default ${DEFAULT-VALUE}).")
    long shutdownGraceMs;

    /** A started witness: closing it stops the server, then releases the state folder. */
    record Running(Vertx vertx, WitnessApi api, WitnessState state, Witness witness) implements AutoCloseable {
        int port() {
            return api.actualPort();
        }

        @Override
        public void close() throws Exception {
            try {
                vertx.close().await(30, TimeUnit.SECONDS);
            } finally {
                state.close();
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        Running running;
        try {
            running = start();
        } catch (ParameterException e) {
            throw e;
        } catch (Exception e) {
            // A refusal (state folder in use, port taken) is a message for the operator, not a stack trace.
            log.error("the witness cannot start: {}", e.getMessage() == null ? e.toString() : e.getMessage());
            log.debug("start-up failure", e);
            return 1;
        }
        var out = spec.commandLine().getOut();
        out.println("witness " + running.witness().verifierKey());
        // Read every log's state once now, so that a damaged file is reported at start-up, not at the log's next request.
        for (String origin : running.witness().origins()) {
            try {
                WitnessState.Latest latest = running.state().read(origin);
                out.println("log " + origin + ": " + (latest == null ? "nothing cosigned yet"
                        : "cosigned up to size " + latest.checkpoint().size()));
            } catch (WitnessState.CorruptStateException | IOException e) {
                log.error("log {} is refused until an operator looks: {}", origin, e.getMessage());
            }
        }
        // Last, so that whoever waits for this line has seen the rest.
        out.println("listening on " + host + ":" + running.port());
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("witness shutting down");
            try {
                running.close();
            } catch (Exception e) {
                log.error("unclean witness shutdown", e);
            } finally {
                stopped.countDown();
            }
        }, "witness-shutdown"));
        stopped.await();
        return 0;
    }

    /** Checks the flags, reads the keys, opens the state and starts the server; tests call it directly. */
    Running start() throws Exception {
        if (key == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--key=PEM' (or CUSTODY_WITNESS_KEY)");
        }
        if (state == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--state=DIR' (or CUSTODY_WITNESS_STATE)");
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--port': " + port + " is not a port");
        }
        List<WitnessedLog> logKeys = logKeys();
        CosignatureSigner signer = signer();
        WitnessState opened = WitnessState.open(state);
        Vertx vertx = VertxRuntime.create();
        try {
            Witness witness = new Witness(logKeys, signer, opened, Clock.systemUTC());
            WitnessApi api = new WitnessApi(witness, host, port, Duration.ofMillis(shutdownGraceMs));
            vertx.deployVerticle(api).await(30, TimeUnit.SECONDS);
            return new Running(vertx, api, opened, witness);
        } catch (Exception e) {
            vertx.close();
            opened.close();
            throw e;
        }
    }

    private List<WitnessedLog> logKeys() {
        List<WitnessedLog> keys = new ArrayList<>();
        for (String value : logs == null ? List.<String>of() : logs) {
            if (value.isBlank()) {
                continue;
            }
            try {
                keys.add(WitnessedLog.parse(value.strip()));
            } catch (NoteException asKey) {
                List<String> lines = fileLines(value.strip());
                if (lines == null) {
                    throw new ParameterException(spec.commandLine(), "Invalid value for option '--log': \"" + value
                            + "\" is neither a log verifier key (" + asKey.getMessage() + ") nor a readable file");
                }
                for (String line : lines) {
                    try {
                        keys.add(WitnessedLog.parse(line));
                    } catch (NoteException e) {
                        throw new ParameterException(spec.commandLine(), "Invalid value for option '--log': " + value
                                + " holds \"" + line + "\", not a log verifier key: " + e.getMessage());
                    }
                }
            }
        }
        if (keys.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--log=VKEY' (or CUSTODY_WITNESS_LOGS)");
        }
        return keys;
    }

    /** The non-blank, non-comment lines of a file, or null when {@code value} names no readable file. */
    private static List<String> fileLines(String value) {
        try {
            Path file = Path.of(value);
            if (!Files.isRegularFile(file)) {
                return null;
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (InvalidPathException | IOException e) {
            return null;
        }
    }

    /**
     * The witness's signer. Its name is --name, else the one in the .vkey file witness-keygen wrote
     * beside the key (which must then be this key's), so cosignatures match the vkey given out.
     */
    private CosignatureSigner signer() {
        Ed25519PrivateKeyParameters privateKey;
        try {
            privateKey = Ed25519Keys.readPrivate(key);
        } catch (NoteException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--key': " + e.getMessage());
        }
        CosignatureVerifier published = publishedVkey();
        if (published != null && !Arrays.equals(published.publicKey().getEncoded(), privateKey.generatePublicKey().getEncoded())) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--key': " + key
                    + " is not the key of the verifier key beside it, " + published.verifierKey());
        }
        if (published != null && name != null && !name.isBlank() && !name.equals(published.name())) {
            log.warn("--name {} differs from the name in the verifier key beside --key ({}): logs must be given the new vkey",
                    name, published.name());
        }
        String keyName = name != null && !name.isBlank() ? name
                : published != null ? published.name() : WitnessKeygenCommand.DEFAULT_NAME;
        try {
            return new CosignatureSigner(keyName, privateKey);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--name': " + e.getMessage());
        }
    }

    /** The vkey in {@code <stem>.vkey} beside {@code <stem>.pem}, if there is one. */
    private CosignatureVerifier publishedVkey() {
        String file = key.getFileName().toString();
        String stem = file.endsWith(".pem") ? file.substring(0, file.length() - 4) : file;
        Path candidate = key.toAbsolutePath().resolveSibling(stem + ".vkey");
        List<String> lines = fileLines(candidate.toString());
        if (lines == null || lines.isEmpty()) {
            return null;
        }
        try {
            return CosignatureVerifier.parse(lines.get(0));
        } catch (WitnessException e) {
            throw new ParameterException(spec.commandLine(), candidate + " beside --key: " + e.getMessage());
        }
    }
}
