package org.custodyledger.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.custodyledger.hash.Sha256Digest;

/** Checks on user-supplied text: each failure is an INVALID naming the field. */
public final class Inputs {
    private Inputs() {
    }

    /** Optional free text: null stays null; otherwise at most {@code max} characters, no control characters. */
    public static String text(String field, String value, int max) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > max) {
            throw ServiceException.invalid(field + " is too long: " + value.length() + " characters, at most " + max);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw ServiceException.invalid(field + " must not contain control characters");
            }
            if (c == '\uFFFD') {
                throw ServiceException.invalid(field + " is not valid UTF-8");
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(++i)))) {
                throw ServiceException.invalid(field + " is not valid Unicode");
            }
        }
        return value;
    }

    public static String requiredText(String field, String value, int max) {
        String checked = text(field, value, max);
        if (checked == null || checked.isBlank()) {
            throw ServiceException.invalid(field + " is required");
        }
        return checked;
    }

    /** A file name as the recording device gave it: stored as a name, so it may not look like a path. */
    public static String filename(String value, int max) {
        String name = requiredText("filename", value, max);
        if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw ServiceException.invalid("filename must be a file name, not a path: '" + name + "'");
        }
        return name;
    }

    /** RFC 3339 with an offset, e.g. 2026-11-27T21:14:05Z. */
    public static Instant time(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ServiceException.invalid(field + " must be an RFC 3339 time with an offset, like 2026-11-27T21:14:05Z; got '"
                    + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'");
        }
    }

    /** A footage id as this service gives them out: {@code f-} and 32 hex digits. */
    public static String footageId(String field, String value) {
        if (value == null || !value.matches("f-[0-9a-f]{32}")) {
            throw ServiceException.invalid(field + " must be a footage id like f-0123…(32 hex digits), got '"
                    + (value == null ? "" : value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'");
        }
        return value;
    }

    public static Sha256Digest sha256(String field, String hex) {
        if (hex == null || hex.isEmpty()) {
            throw ServiceException.invalid(field + " is required");
        }
        try {
            return Sha256Digest.fromHex(hex);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid(field + ": " + e.getMessage());
        }
    }
}
