package org.custodyledger.note;

import java.util.Arrays;
import java.util.Base64;

/** A C2SP tlog-checkpoint body: origin, decimal tree size, base64 root, each ending in a newline. */
public record Checkpoint(String origin, long size, byte[] root) {
    public Checkpoint {
        if (origin == null || origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("a checkpoint origin must be one non-empty line");
        }
        if (size < 0) {
            throw new IllegalArgumentException("a tree size must not be negative: " + size);
        }
        if (root == null || root.length != 32) {
            throw new IllegalArgumentException("a checkpoint root is 32 bytes");
        }
        root = root.clone();
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint c && c.origin.equals(origin) && c.size == size
                && Arrays.equals(c.root, root);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + Long.hashCode(size) * 17 + Arrays.hashCode(root);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + ", " + size + ", " + rootBase64() + "]";
    }

    public String rootBase64() {
        return Base64.getEncoder().encodeToString(root);
    }

    public String body() {
        return origin + "\n" + size + "\n" + rootBase64() + "\n";
    }

    /** Parses a checkpoint body; extension lines after the root are allowed and ignored. */
    public static Checkpoint parse(String body) throws NoteException {
        String[] lines = body.split("\n", 4);
        if (lines.length < 4) {
            throw new NoteException("a checkpoint has an origin, a size and a root hash line");
        }
        String sizeText = lines[1];
        if (sizeText.isEmpty() || !sizeText.chars().allMatch(c -> c >= '0' && c <= '9')
                || (sizeText.length() > 1 && sizeText.charAt(0) == '0')) {
            throw new NoteException("checkpoint size is not a decimal number: \"" + sizeText + "\"");
        }
        try {
            return new Checkpoint(lines[0], Long.parseLong(sizeText), Base64.getDecoder().decode(lines[2]));
        } catch (IllegalArgumentException e) {
            throw new NoteException("malformed checkpoint: " + e.getMessage(), e);
        }
    }
}
