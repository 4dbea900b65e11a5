package org.custodyledger.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.custodyledger.config.AppConfig;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.note.NoteVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code keygen}: a new Ed25519 key pair as PEM, the private half readable by its owner only. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Generate an Ed25519 key pair: <name>.pem (PKCS#8, mode 0600), <name>.pub.pem (SPKI) and "
                + "<name>.vkey (the log verifier key line for --log-origin, for verify-bundle --key-file).")
final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "Folder to write the key files into (created if missing).")
    Path out;

    @Option(names = "--name", defaultValue = "ledger-signing", description = "File name stem (default ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--log-origin", defaultValue = "${env:CUSTODY_LOG_ORIGIN:-" + AppConfig.DEFAULT_ORIGIN + "}",
            description = "Key name used to print the verifier key (default ${DEFAULT-VALUE}).")
    String logOrigin;

    @Override
    public Integer call() throws IOException {
        Ed25519PrivateKeyParameters key = Ed25519Keys.generate();
        Files.createDirectories(out);
        Path privateFile = out.resolve(name + ".pem");
        Path publicFile = out.resolve(name + ".pub.pem");
        Path verifierFile = out.resolve(name + ".vkey");
        if (Files.exists(privateFile) || Files.exists(publicFile) || Files.exists(verifierFile)) {
            throw new FileAlreadyExistsException(privateFile + ", " + publicFile + " or " + verifierFile
                    + " exists; refusing to overwrite a key");
        }
        // Created 0600 from the start, so the private key is never readable by others, not even briefly.
        Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(privateFile, Ed25519Keys.privatePem(key), StandardCharsets.UTF_8, StandardOpenOption.WRITE);
        Files.writeString(publicFile, Ed25519Keys.publicPem(key.generatePublicKey()), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW);
        String verifierKey = NoteVerifier.of(logOrigin, key.generatePublicKey()).verifierKey();
        Files.writeString(verifierFile, verifierKey + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        var stdout = spec.commandLine().getOut();
        stdout.println("private key: " + privateFile + " (mode 0600)");
        stdout.println("public key:  " + publicFile);
        stdout.println("verifier key: " + verifierFile + " (for verify-bundle --key-file)");
        stdout.println("verifier key for origin " + logOrigin + ":");
        stdout.println(verifierKey);
        stdout.flush();
        return 0;
    }
}
