package org.custodyledger.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.witness.CosignatureVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code witness-keygen}: a witness's Ed25519 key and its cosignature/v1 (0x04) verifier key. */
@Command(name = "witness-keygen", mixinStandardHelpOptions = true,
        description = {"Generate a witness key: <out>/" + WitnessKeygenCommand.KEY_FILE + " (Ed25519 PKCS#8 PEM, mode 0600) "
                + "and <out>/" + WitnessKeygenCommand.VKEY_FILE + " (the c2sp.org/tlog-cosignature verifier key, "
                + "type 0x04, to give to the logs this witness will cosign).",
                "Prints the verifier key alone on standard output. Never overwrites an existing key."})
final class WitnessKeygenCommand implements Callable<Integer> {
    static final String KEY_FILE = "witness.pem";
    static final String VKEY_FILE = "witness.vkey";
    static final String DEFAULT_NAME = "custody-ledger.local/witness";

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write the key files into (created if missing).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "${env:CUSTODY_WITNESS_NAME:-" + DEFAULT_NAME + "}",
            description = "The witness's key name, which its cosignature lines carry; a schema-less URL that "
                    + "identifies the witness, e.g. oversight.example.org/witness (env CUSTODY_WITNESS_NAME; "
                    + "default ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() throws IOException {
        Ed25519PrivateKeyParameters key = Ed25519Keys.generate();
        CosignatureVerifier verifier;
        try {
            verifier = CosignatureVerifier.of(name, key.generatePublicKey());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--name': " + e.getMessage());
        }
        Files.createDirectories(out);
        Path keyFile = out.resolve(KEY_FILE);
        Path vkeyFile = out.resolve(VKEY_FILE);
        if (Files.exists(keyFile) || Files.exists(vkeyFile)) {
            spec.commandLine().getErr().println(keyFile + " or " + vkeyFile + " exists; refusing to overwrite a key");
            spec.commandLine().getErr().flush();
            return 1;
        }
        // Created 0600 from the start, so the private key is never readable by others, not even briefly.
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(keyFile, Ed25519Keys.privatePem(key), StandardCharsets.UTF_8, StandardOpenOption.WRITE);
        Files.writeString(vkeyFile, verifier.verifierKey() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        // Only the verifier key on standard output, so that VKEY=$(custody-ledger witness-keygen --out d) works.
        spec.commandLine().getErr().println("wrote " + keyFile + " (mode 0600) and " + vkeyFile);
        spec.commandLine().getErr().flush();
        spec.commandLine().getOut().println(verifier.verifierKey());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
