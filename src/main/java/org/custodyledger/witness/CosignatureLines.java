package org.custodyledger.witness;

import java.util.List;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteSignature;
import org.custodyledger.note.SignedNote;

/**
 * The {@code add-checkpoint} response body: one or more note signature lines, each
 * {@code — <name> <base64>\n}. Parsed as the spec suggests, by appending it to the checkpoint
 * text and reading the result as a signed note.
 */
public final class CosignatureLines {
    private CosignatureLines() {
    }

    /** The response body a witness sends: its cosignature lines, in order. */
    public static String encode(List<Cosignature> cosignatures) {
        if (cosignatures.isEmpty()) {
            throw new IllegalArgumentException("a witness answers with at least one cosignature");
        }
        StringBuilder out = new StringBuilder();
        cosignatures.forEach(c -> out.append(c.line()));
        return out.toString();
    }

    /** The signature lines of a response body (any key; callers keep those of keys they trust). */
    public static List<NoteSignature> parse(String checkpointText, String body) throws WitnessException {
        if (body == null || body.isEmpty()) {
            throw new WitnessException("the witness's response has no signature lines");
        }
        if (!body.endsWith("\n")) {
            throw new WitnessException("the witness's response must end with a newline");
        }
        SignedNote note;
        try {
            note = SignedNote.parse(checkpointText + "\n" + body);
        } catch (NoteException e) {
            throw new WitnessException("malformed cosignature lines: " + e.getMessage(), e);
        }
        if (!note.text().equals(checkpointText)) {
            throw new WitnessException("malformed cosignature lines: the response holds a blank line");
        }
        return note.signatures();
    }

    /**
     * The cosignatures among {@code lines} that verify against {@code witness}'s key. Lines by
     * other keys are ignored; a line by this key that does not verify is reported as such.
     */
    public static List<CosignatureCheck> check(String checkpointText, List<NoteSignature> lines, CosignatureVerifier witness) {
        return lines.stream().filter(witness::isKeyOf).map(line -> {
            try {
                return witness.verify(checkpointText, Cosignature.from(line));
            } catch (WitnessException e) {
                return (CosignatureCheck) new CosignatureCheck.Malformed(witness.name(), e.getMessage());
            }
        }).toList();
    }

    /**
     * The names on the signature lines a cosigned note adds to the log-signed note it extends: the
     * witnesses whose cosignatures it carries, in order, each once.
     */
    public static List<String> cosigners(String logNote, String cosignedNote) throws NoteException {
        List<String> logLines = SignedNote.parse(logNote).signatures().stream().map(NoteSignature::line).toList();
        return SignedNote.parse(cosignedNote).signatures().stream().filter(s -> !logLines.contains(s.line()))
                .map(NoteSignature::name).distinct().toList();
    }
}
