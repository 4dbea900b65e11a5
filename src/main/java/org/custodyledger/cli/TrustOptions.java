package org.custodyledger.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.note.TrustedKey;
import picocli.CommandLine.Option;

/**
 * The offline verifiers' trust anchor: {@code --key} lines and a {@code --key-file} (blank lines
 * and # comments skipped), each a verifier key optionally marked {@code revoked-from=N}
 * ({@link TrustedKey}).
 */
final class TrustOptions {
    @Option(names = "--key", paramLabel = "VKEY", description = "A trusted log verifier key, name+hash+key (repeatable); "
            + "get it from the agency's published key (/api/v1/ledger/key).")
    List<String> keys = new ArrayList<>();

    @Option(names = "--key-file", paramLabel = "FILE", description = "A file of trusted verifier keys, one per line; a "
            + "line may end in revoked-from=N (the key's signatures on entries N and later are not trusted).")
    Path keyFile;

    /** The trusted keys with their revocations, as given. */
    List<TrustedKey> readTrusted() throws IOException, NoteException {
        List<String> lines = new ArrayList<>(keys);
        if (keyFile != null) {
            lines.addAll(Files.readAllLines(keyFile, StandardCharsets.UTF_8));
        }
        return TrustedKey.parseFile(lines);
    }

    List<NoteVerifier> read() throws IOException, NoteException {
        return readTrusted().stream().map(TrustedKey::key).toList();
    }
}
