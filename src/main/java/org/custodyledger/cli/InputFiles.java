package org.custodyledger.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What is wrong with a file given to an offline verifier, said in one line a person can act
 * on — a missing file, a folder, an empty file, a video given as the bundle, a PEM key given
 * where verifier-key lines belong — before any parser gets to say something obscure.
 */
final class InputFiles {
    private static final int SNIFF = 4096;

    private InputFiles() {
    }

    /** Why {@code file} cannot be the bundle JSON, or null when it may be. */
    static String bundleProblem(Path file) throws IOException {
        String basic = basicProblem(file, "the bundle");
        if (basic != null) {
            return basic;
        }
        byte[] head = head(file);
        if (isMp4(head)) {
            return file + " is a video file (MP4/QuickTime), not an evidence bundle: give the bundle JSON as BUNDLE"
                    + " and the video with --footage " + file;
        }
        if (isBinary(head)) {
            return file + " is a binary file, not an evidence bundle (a JSON document starting with '{')";
        }
        String text = new String(head, StandardCharsets.UTF_8).stripLeading();
        if (text.startsWith("-----BEGIN")) {
            return file + " is a PEM key, not an evidence bundle: give the bundle JSON as BUNDLE and the key with --key-file";
        }
        if (!text.startsWith("{")) {
            return file + " is not an evidence bundle: a bundle is a JSON object starting with '{'";
        }
        return null;
    }

    /** Why {@code file} cannot be a file of verifier-key lines, or null when it may be. */
    static String keyFileProblem(Path file) throws IOException {
        String basic = basicProblem(file, "--key-file");
        if (basic != null) {
            return basic;
        }
        byte[] head = head(file);
        String text = new String(head, StandardCharsets.UTF_8);
        if (text.contains("PRIVATE KEY-----")) {
            return "--key-file " + file + " is a PEM private key: it must never leave the agency, and it is not what a"
                    + " verifier trusts. Give the log's verifier key line (name+keyid+key) as /api/v1/ledger/key publishes it";
        }
        if (text.contains("-----BEGIN")) {
            return "--key-file " + file + " is a PEM file, not verifier-key lines: give the log's verifier key line"
                    + " (name+keyid+key) as /api/v1/ledger/key publishes it (keygen writes it beside the PEM, as <name>.vkey)";
        }
        if (isMp4(head) || isBinary(head)) {
            return "--key-file " + file + " is a binary file, not verifier-key lines (name+keyid+key, one per line)";
        }
        return null;
    }

    /** Why {@code file} cannot be the footage to re-hash, or null when it may be. */
    static String footageProblem(Path file) {
        return basicProblem(file, "--footage");
    }

    private static String basicProblem(Path file, String role) {
        if (!Files.exists(file)) {
            return role + ": no such file: " + file;
        }
        if (Files.isDirectory(file)) {
            return role + ": " + file + " is a folder, not a file";
        }
        if (!Files.isReadable(file)) {
            return role + ": " + file + " cannot be read (permissions)";
        }
        try {
            if (Files.size(file) == 0 && !role.equals("--footage")) {
                return role + ": " + file + " is empty (0 bytes)";
            }
        } catch (IOException e) {
            return role + ": " + file + " cannot be read: " + e.getMessage();
        }
        return null;
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(SNIFF);
        }
    }

    /** ISO base media (MP4, MOV, 3GP): a box whose type at offset 4 is {@code ftyp}, {@code moov}, {@code mdat}, … */
    private static boolean isMp4(byte[] head) {
        if (head.length < 8) {
            return false;
        }
        String type = new String(Arrays.copyOfRange(head, 4, 8), StandardCharsets.ISO_8859_1);
        return type.equals("ftyp") || type.equals("moov") || type.equals("mdat") || type.equals("wide")
                || type.equals("free") || type.equals("skip");
    }

    private static boolean isBinary(byte[] head) {
        for (byte b : head) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }
}
