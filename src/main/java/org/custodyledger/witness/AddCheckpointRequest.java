package org.custodyledger.witness;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.custodyledger.merkle.Rfc6962;

/**
 * The c2sp.org/tlog-witness {@code add-checkpoint} request body: {@code old <size>}, up to 63
 * base64 consistency proof hashes (one a line), an empty line, then the signed checkpoint note.
 */
public record AddCheckpointRequest(long oldSize, List<byte[]> consistencyProof, String checkpointNote) {
    /** The client MUST NOT send more proof lines than this. */
    public static final int MAX_PROOF_LINES = 63;
    /** A request body larger than this is refused before parsing (sixteen post-quantum signatures fit). */
    public static final int MAX_BODY_BYTES = 256 * 1024;
    private static final String OLD = "old ";

    public AddCheckpointRequest {
        if (oldSize < 0) {
            throw new IllegalArgumentException("old size must not be negative: " + oldSize);
        }
        if (consistencyProof.size() > MAX_PROOF_LINES) {
            throw new IllegalArgumentException("a consistency proof has at most " + MAX_PROOF_LINES + " hashes, got "
                    + consistencyProof.size());
        }
        List<byte[]> copy = new ArrayList<>(consistencyProof.size());
        for (int i = 0; i < consistencyProof.size(); i++) {
            byte[] h = consistencyProof.get(i);
            if (h == null || h.length != Rfc6962.HASH_SIZE) {
                throw new IllegalArgumentException("proof hash " + i + " has " + (h == null ? "no" : h.length)
                        + " bytes, want " + Rfc6962.HASH_SIZE);
            }
            copy.add(h.clone());
        }
        consistencyProof = List.copyOf(copy);
        if (checkpointNote == null || checkpointNote.isEmpty() || !checkpointNote.endsWith("\n")) {
            throw new IllegalArgumentException("the checkpoint note must be non-empty and end with a newline");
        }
    }

    @Override
    public List<byte[]> consistencyProof() {
        return consistencyProof.stream().map(byte[]::clone).toList();
    }

    /** The checkpoint's origin line, which names the log (read before any verification, to find its keys). */
    public String origin() {
        int end = checkpointNote.indexOf('\n');
        return checkpointNote.substring(0, end);
    }

    public String encode() {
        StringBuilder out = new StringBuilder(OLD).append(oldSize).append('\n');
        for (byte[] h : consistencyProof) {
            out.append(Base64.getEncoder().encodeToString(h)).append('\n');
        }
        return out.append('\n').append(checkpointNote).toString();
    }

    /** Parses a request body: strict UTF-8, then {@link #parse(String)}. */
    public static AddCheckpointRequest parse(byte[] body) throws WitnessException {
        if (body.length > MAX_BODY_BYTES) {
            throw new WitnessException("request body has " + body.length + " bytes, more than " + MAX_BODY_BYTES);
        }
        try {
            return parse(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString());
        } catch (CharacterCodingException e) {
            throw new WitnessException("request body is not UTF-8", e);
        }
    }

    /** Parses a request body; every malformed form is refused with the line it is on (a 400). */
    public static AddCheckpointRequest parse(String body) throws WitnessException {
        int lineEnd = body.indexOf('\n');
        if (lineEnd < 0) {
            throw new WitnessException("line 1: the old size line must end with a newline");
        }
        String first = body.substring(0, lineEnd);
        if (!first.startsWith(OLD)) {
            throw new WitnessException("line 1: want \"old <size>\", got \"" + abbreviate(first) + "\"");
        }
        long oldSize = decimal(first.substring(OLD.length()), 1);
        List<byte[]> proof = new ArrayList<>();
        int pos = lineEnd + 1;
        int lineNo = 1;
        while (true) {
            lineNo++;
            lineEnd = body.indexOf('\n', pos);
            if (lineEnd < 0) {
                throw new WitnessException("line " + lineNo + ": no empty line before the checkpoint");
            }
            String line = body.substring(pos, lineEnd);
            pos = lineEnd + 1;
            if (line.isEmpty()) {
                break;
            }
            if (proof.size() == MAX_PROOF_LINES) {
                throw new WitnessException("line " + lineNo + ": more than " + MAX_PROOF_LINES + " consistency proof lines");
            }
            proof.add(hash(line, lineNo));
        }
        String note = body.substring(pos);
        if (note.isEmpty() || note.startsWith("\n")) {
            throw new WitnessException("line " + (lineNo + 1) + ": the checkpoint note is missing");
        }
        if (!note.endsWith("\n")) {
            throw new WitnessException("the checkpoint note must end with a newline");
        }
        return new AddCheckpointRequest(oldSize, proof, note);
    }

    /** An ASCII decimal without leading zeroes ("0" alone for zero) that fits a signed 64-bit size. */
    static long decimal(String text, int lineNo) throws WitnessException {
        boolean digits = !text.isEmpty() && text.length() <= 19 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits || (text.length() > 1 && text.charAt(0) == '0')) {
            throw new WitnessException("line " + lineNo + ": size \"" + abbreviate(text)
                    + "\" is not a decimal number without leading zeroes");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new WitnessException("line " + lineNo + ": size " + text + " is beyond 2^63-1", e);
        }
    }

    private static byte[] hash(String line, int lineNo) throws WitnessException {
        byte[] h;
        try {
            h = Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            throw new WitnessException("line " + lineNo + ": proof hash is not base64: " + e.getMessage(), e);
        }
        if (h.length != Rfc6962.HASH_SIZE) {
            throw new WitnessException("line " + lineNo + ": proof hash has " + h.length + " bytes, want " + Rfc6962.HASH_SIZE);
        }
        if (!Base64.getEncoder().encodeToString(h).equals(line)) {
            throw new WitnessException("line " + lineNo + ": proof hash is not canonical padded base64");
        }
        return h;
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
