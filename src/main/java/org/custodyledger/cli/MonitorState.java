package org.custodyledger.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteSignature;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.note.SignedNote;

/**
 * A monitor's durable memory, {@code <dir>/monitor.state}: the last verified checkpoint note
 * and the compact range of its tree (enough to check the next one from the new tiles alone).
 * Written like the witness's state: temporary file, fsync, atomic rename, fsync of the folder,
 * so a crash leaves the old state or the new one, never a mix.
 */
final class MonitorState {
    static final String FILE = "monitor.state";
    /** First line: a format version, so a future format is refused, not misread. */
    static final String HEADER = "custody-ledger monitor state v2";
    /** The format before the key lines; read (its current key: the first valid signature line), never written. */
    static final String HEADER_V1 = "custody-ledger monitor state v1";

    /**
     * The last verified checkpoint, its signed note, its compact range, the ID of the log key
     * current for it and the IDs of the keys it followed handovers away from. The monitor decides
     * which key is current, not the note: the order of signature lines is not signed.
     */
    record Latest(Checkpoint checkpoint, String note, List<byte[]> range, String current, List<String> retired) {
    }

    private final Path dir;

    MonitorState(Path dir) {
        this.dir = dir;
    }

    Path file() {
        return dir.resolve(FILE);
    }

    /** The kept state, re-verified with {@code key} (a state of another log is refused); null before the first run. */
    Latest read(NoteVerifier key) throws IOException {
        return read(List.of(key));
    }

    /** The kept state, re-verified with the trusted {@code keys} (it must be signed by one); null before the first run. */
    Latest read(List<NoteVerifier> keys) throws IOException {
        String content;
        try {
            content = Files.readString(file(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        // Layout: header, "current <id>", "retired[ <id>]...", "range <n>", n base64 hashes, then the note
        // verbatim (v1: without the two key lines).
        String[] lines = content.split("\n", -1);
        boolean v1 = lines.length > 0 && lines[0].equals(HEADER_V1);
        int at = v1 ? 1 : 3;
        if (lines.length < at + 2 || !(v1 || lines[0].equals(HEADER)) || !lines[at].startsWith("range ")
                || !v1 && (!lines[1].startsWith("current ") || !(lines[2] + " ").startsWith("retired "))) {
            throw new IOException(file() + " is not a monitor state (" + HEADER + ")");
        }
        try {
            int n = Integer.parseInt(lines[at].substring(6));
            List<byte[]> range = new ArrayList<>();
            int offset = 0;
            for (int i = 0; i <= at; i++) {
                offset += lines[i].length() + 1;
            }
            for (int i = 0; i < n; i++) {
                range.add(Base64.getDecoder().decode(lines[at + 1 + i]));
                offset += lines[at + 1 + i].length() + 1;
            }
            String note = content.substring(offset);
            List<String> signers = signers(note, keys);
            if (signers.isEmpty()) {
                throw new NoteException("no valid signature by a trusted key");
            }
            String current = v1 ? signers.get(0) : lines[1].substring("current ".length());
            List<String> retired = v1 || lines[2].equals("retired") ? List.of()
                    : List.of(lines[2].substring("retired ".length()).split(" "));
            if (!signers.contains(current) || retired.contains(current)) {
                throw new IOException(file() + " is damaged: its current key " + current + " did not sign its checkpoint"
                        + " or is retired");
            }
            Checkpoint checkpoint = Checkpoint.parse(SignedNote.parse(note).text());
            if (!Arrays.equals(new CompactRange(checkpoint.size(), range).root(), checkpoint.root())) {
                throw new IOException(file() + " is damaged: its range does not hash to its checkpoint's root");
            }
            return new Latest(checkpoint, note, range, current, retired);
        } catch (NoteException e) {
            throw new IOException(file() + " holds no checkpoint signed by " + keys.stream().map(k -> k.name() + "+"
                    + k.keyIdHex()).toList() + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IOException(file() + " is damaged: " + e.getMessage(), e);
        }
    }

    /** The IDs of the {@code keys} whose signatures on the checkpoint {@code note} verify, in signature-line order. */
    static List<String> signers(String note, List<NoteVerifier> keys) {
        List<String> signers = new ArrayList<>();
        try {
            for (NoteSignature sig : SignedNote.parse(note).signatures()) {
                for (NoteVerifier key : keys) {
                    if (key.name().equals(sig.name()) && key.keyId() == sig.keyId() && !signers.contains(key.keyIdHex())
                            && verifies(note, key)) {
                        signers.add(key.keyIdHex());
                    }
                }
            }
        } catch (NoteException e) {
            return List.of();
        }
        return signers;
    }

    private static boolean verifies(String note, NoteVerifier key) {
        try {
            Checkpoints.verify(note, key);
            return true;
        } catch (NoteException e) {
            return false;
        }
    }

    /** Keeps a refused (but log-signed) checkpoint note beside the state, named by its hash; answers the file. */
    Path keepRefused(String note) throws IOException {
        Files.createDirectories(dir);
        byte[] digest = Sha256Hasher.newSha256().digest(note.getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("refused-" + HexFormat.of().formatHex(digest, 0, 8) + ".note");
        Files.writeString(file, note, StandardCharsets.UTF_8);
        return file;
    }

    /** Replaces the state durably; after it returns a crash cannot bring back the older checkpoint. */
    void write(Latest latest) throws IOException {
        Files.createDirectories(dir);
        String note = latest.note();
        List<byte[]> range = latest.range();
        StringBuilder out = new StringBuilder(HEADER).append('\n').append("current ").append(latest.current()).append('\n')
                .append("retired");
        latest.retired().forEach(id -> out.append(' ').append(id));
        out.append('\n').append("range ").append(range.size()).append('\n');
        range.forEach(h -> out.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        out.append(note);
        Path temp = dir.resolve(FILE + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // The rename is durable only once the folder's entry is on disk too.
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        }
    }
}
