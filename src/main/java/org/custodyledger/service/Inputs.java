package org.custodyledger.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.custodyledger.hash.Sha256Digest;

/** Checks on user-supplied text: each failure is an INVALID naming the field. */
public final class Inputs {
    /** RFC 3339 date-time: a four-digit year, seconds, optional fraction, Z or a numeric offset. */
    private static final Pattern RFC3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
    /** Earliest and latest time accepted anywhere: inside PostgreSQL's, Java's and RFC 3339's ranges alike. */
    public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    /** The longest "why" (purpose, reason) a custody event may carry. */
    public static final int MAX_PURPOSE = 1000;
    /** How deep a JSON body may nest. */
    public static final int MAX_JSON_DEPTH = 32;
    /** I-JSON (RFC 7493): integers beyond this lose precision in other people's parsers. */
    private static final long MAX_EXACT_INTEGER = (1L << 53) - 1;

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

    /** The purpose an access must state; {@code whenMissing} says where to give it when it is missing or unusable. */
    public static String purpose(String value, String whenMissing) {
        try {
            return requiredText("purpose", value, MAX_PURPOSE);
        } catch (ServiceException e) {
            throw ServiceException.invalid(whenMissing);
        }
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
        String shown = abbreviate(value);
        Instant t;
        try {
            if (!RFC3339.matcher(value).matches()) {
                throw new DateTimeParseException("not RFC 3339", value, 0);
            }
            t = OffsetDateTime.parse(value.toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            throw ServiceException.invalid(field + " must be an RFC 3339 time with an offset, like 2026-11-27T21:14:05Z; got '"
                    + shown + "'");
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw ServiceException.invalid(field + " must lie between 1900-01-01 and 9999-12-31, got '" + shown + "'");
        }
        return t;
    }

    /**
     * A JSON value as the service will store and sign it: every key and string valid Unicode
     * without NUL (PostgreSQL refuses it in text), numbers finite and exact in I-JSON's range
     * (RFC 7493), at most {@link #MAX_JSON_DEPTH} levels deep. Answers the value unchanged.
     */
    public static <T> T json(String field, T value) {
        checkJson(field, value, 0);
        return value;
    }

    private static void checkJson(String path, Object value, int depth) {
        if (depth > MAX_JSON_DEPTH) {
            throw ServiceException.invalid(path + " nests deeper than " + MAX_JSON_DEPTH + " levels");
        }
        if (value instanceof String s) {
            jsonString(path, s);
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                jsonString(path + " key", key);
                checkJson(path + "." + abbreviate(key), e.getValue(), depth + 1);
            }
        } else if (value instanceof JsonObject o) {
            checkJson(path, o.getMap(), depth);
        } else if (value instanceof JsonArray a) {
            checkJson(path, a.getList(), depth);
        } else if (value instanceof Iterable<?> list) {
            int i = 0;
            for (Object item : list) {
                checkJson(path + "[" + i++ + "]", item, depth + 1);
            }
        } else if (value instanceof Number n) {
            jsonNumber(path, n);
        }
    }

    private static void jsonString(String path, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                throw ServiceException.invalid(path + " contains a NUL character (\\u0000), which cannot be stored");
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(++i)))) {
                throw ServiceException.invalid(path + " contains a lone surrogate: not valid Unicode");
            }
        }
    }

    private static void jsonNumber(String path, Number n) {
        boolean ok;
        if (n instanceof Double || n instanceof Float) {
            ok = Double.isFinite(n.doubleValue());
        } else if (n instanceof BigDecimal d) {
            ok = Double.isFinite(d.doubleValue());
        } else if (n instanceof BigInteger b) {
            ok = b.abs().compareTo(BigInteger.valueOf(MAX_EXACT_INTEGER)) <= 0;
        } else {
            ok = Math.abs(n.longValue()) <= MAX_EXACT_INTEGER && n.longValue() != Long.MIN_VALUE;
        }
        if (!ok) {
            throw ServiceException.invalid(path + " is a number out of range (I-JSON: finite, integers within ±(2^53−1))");
        }
    }

    /** A caller's value as an error message may quote it: at most 40 characters (null as empty). */
    public static String abbreviate(String s) {
        return s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** A footage id as this service gives them out: {@code f-} and 32 hex digits. */
    public static String footageId(String field, String value) {
        if (value == null || !value.matches("f-[0-9a-f]{32}")) {
            throw ServiceException.invalid(field + " must be a footage id like f-0123…(32 hex digits), got '"
                    + abbreviate(value) + "'");
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
