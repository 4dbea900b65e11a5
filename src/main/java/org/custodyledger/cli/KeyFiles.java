package org.custodyledger.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.note.NoteVerifier;

/** Rewriting a verifier key file: one key's line replaced (or added), every other line kept as it was. */
final class KeyFiles {
    private KeyFiles() {
    }

    /** Puts {@code line} in place of {@code key}'s line in {@code file} (appended when absent; the file created when missing). */
    static void putLine(Path file, NoteVerifier key, String line) throws IOException {
        List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
                : new ArrayList<>();
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            // The same split TrustedKey.parse makes: any whitespace ends the key (a tab-separated line is this key's too).
            String[] words = lines.get(i).strip().split("\\s+", 2);
            if (words[0].equals(key.verifierKey())) {
                lines.set(i, line);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(line);
        }
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
