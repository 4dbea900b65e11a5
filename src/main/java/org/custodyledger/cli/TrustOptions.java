package org.custodyledger.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteVerifier;
import picocli.CommandLine.Option;

/** The offline verifiers' trust anchor: {@code --key} lines and a {@code --key-file} (blank lines and # comments skipped). */
final class TrustOptions {
    @Option(names = "--key", paramLabel = "VKEY", description = "A trusted log verifier key, name+hash+key (repeatable); "
            + "get it from the agency's published key (/api/v1/ledger/key).")
    List<String> keys = new ArrayList<>();

    @Option(names = "--key-file", paramLabel = "FILE", description = "A file of trusted verifier keys, one per line.")
    Path keyFile;

    List<NoteVerifier> read() throws IOException, NoteException {
        List<String> lines = new ArrayList<>(keys);
        if (keyFile != null) {
            Files.readAllLines(keyFile, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(lines::add);
        }
        List<NoteVerifier> parsed = new ArrayList<>();
        for (String line : lines) {
            parsed.add(NoteVerifier.parse(line));
        }
        return parsed;
    }
}
