package org.custodyledger.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A C2SP signed note: text lines, a blank line, then one or more signature lines. */
public record SignedNote(String text, List<NoteSignature> signatures) {
    /** Notes with more signatures than this are refused rather than checked one by one. */
    public static final int MAX_SIGNATURES = 100;
    private static final String SIG_PREFIX = "\u2014 ";

    public SignedNote {
        signatures = List.copyOf(signatures);
    }

    public String encode() {
        StringBuilder out = new StringBuilder(text).append('\n');
        signatures.forEach(s -> out.append(s.line()));
        return out.toString();
    }

    /** Signs {@code text} (non-empty lines, each ending in a newline) with one signer. */
    public static SignedNote sign(String text, NoteSigner signer) {
        checkText(text);
        return new SignedNote(text, List.of(signer.sign(text)));
    }

    /** Signs {@code text} with several signers, in order: a key handover's note, signed by the old key and the new. */
    public static SignedNote sign(String text, List<NoteSigner> signers) {
        checkText(text);
        return new SignedNote(text, signers.stream().map(s -> s.sign(text)).toList());
    }

    /** Parses a note's structure, splitting at its last blank line; does not verify. */
    public static SignedNote parse(String note) throws NoteException {
        if (note == null || !note.endsWith("\n")) {
            throw new NoteException("a signed note must end with a newline");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new NoteException("a signed note needs a blank line before its signatures");
        }
        String text = note.substring(0, split + 1);
        try {
            checkText(text);
        } catch (IllegalArgumentException e) {
            throw new NoteException(e.getMessage());
        }
        String[] lines = note.substring(split + 2).split("\n", -1);
        // split leaves one empty string after the final newline
        int count = lines.length - 1;
        if (count == 0) {
            throw new NoteException("a signed note needs at least one signature");
        }
        if (count > MAX_SIGNATURES) {
            throw new NoteException("too many signatures: " + count + " > " + MAX_SIGNATURES);
        }
        List<NoteSignature> sigs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sigs.add(parseSignatureLine(lines[i]));
        }
        return new SignedNote(text, sigs);
    }

    /**
     * Verifies the note and returns its text: every signature by a known key must verify,
     * signatures by unknown keys are ignored, and at least one known key must have signed.
     */
    public static String open(String note, List<NoteVerifier> known) throws NoteException {
        SignedNote parsed = parse(note);
        byte[] message = parsed.text.getBytes(StandardCharsets.UTF_8);
        int verified = 0;
        for (NoteSignature sig : parsed.signatures) {
            for (NoteVerifier v : known) {
                if (v.name().equals(sig.name()) && v.keyId() == sig.keyId()) {
                    if (!v.verify(message, sig.signature())) {
                        throw new NoteException("invalid signature by " + v.name() + "+" + v.keyIdHex());
                    }
                    verified++;
                }
            }
        }
        if (verified == 0) {
            throw new NoteException("no signature by a known key");
        }
        return parsed.text;
    }

    private static NoteSignature parseSignatureLine(String line) throws NoteException {
        if (!line.startsWith(SIG_PREFIX)) {
            throw new NoteException("malformed signature line (must start with an em dash and a space): " + abbreviate(line));
        }
        String rest = line.substring(SIG_PREFIX.length());
        int space = rest.indexOf(' ');
        if (space <= 0) {
            throw new NoteException("malformed signature line (no key name): " + abbreviate(line));
        }
        String name = rest.substring(0, space);
        byte[] blob;
        try {
            VerifierKeys.checkName(name);
            blob = Base64.getDecoder().decode(rest.substring(space + 1));
        } catch (IllegalArgumentException e) {
            throw new NoteException("malformed signature line: " + e.getMessage(), e);
        }
        if (blob.length < 5) {
            throw new NoteException("signature too short: " + blob.length + " bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(blob);
        int keyId = buf.getInt();
        byte[] sig = new byte[buf.remaining()];
        buf.get(sig);
        return new NoteSignature(name, keyId, sig);
    }

    private static void checkText(String text) {
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new IllegalArgumentException("note text must be non-empty and end with a newline");
        }
        if (text.contains("\n\n") || text.startsWith("\n")) {
            throw new IllegalArgumentException("note text must not contain blank lines");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new IllegalArgumentException("note text must not contain control characters (found 0x"
                        + Integer.toHexString(c) + ")");
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
