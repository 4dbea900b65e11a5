package org.custodyledger.custody;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * RFC 8785 (JCS) canonical JSON for the value domain of custody events: objects, arrays,
 * strings and integers. Floating point, booleans and null are refused, so there is never a
 * number-formatting question. Object keys are sorted by UTF-16 code units, which is
 * {@link String#compareTo}.
 */
public final class CanonicalJson {
    /** Integers beyond ±(2^53 − 1) cannot round-trip through an IEEE double (RFC 8785 §3.2.2.3). */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    static final int MAX_DEPTH = 32;

    private CanonicalJson() {
    }

    public static byte[] encode(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(out, value, 0);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder out, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nesting deeper than " + MAX_DEPTH);
        }
        if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            long n = ((Number) value).longValue();
            if (!isSafeInteger(n)) {
                throw new IllegalArgumentException("integer outside ±(2^53-1): " + n);
            }
            out.append(n);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : sortedByUtf16(map).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("object keys must be strings, got " + e.getKey());
                }
                writeString(out, key);
                out.append(':');
                write(out, e.getValue(), depth + 1);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i), depth + 1);
            }
            out.append(']');
        } else if (value instanceof Number) {
            throw new IllegalArgumentException("floating-point values are not allowed in canonical custody JSON: " + value);
        } else {
            throw new IllegalArgumentException("only objects, arrays, strings and integers are allowed, got "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
    }

    /** String keys in UTF-16 code-unit order; a TreeMap in natural order is already that. */
    private static SortedMap<?, ?> sortedByUtf16(Map<?, ?> map) {
        if (map instanceof SortedMap<?, ?> sorted && sorted.comparator() == null) {
            return sorted;
        }
        TreeMap<String, Object> copy = new TreeMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("object keys must be strings, got " + e.getKey());
            }
            copy.put(key, e.getValue());
        }
        return copy;
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        if (plain(s)) {
            // Most strings need no escaping: append them whole rather than char by char.
            out.append(s).append('"');
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new IllegalArgumentException("lone surrogate at position " + i + " is not valid Unicode");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** No character that JSON escapes, and no surrogate (which needs pairing checks). */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Within ±(2^53 − 1); compared both ways, as Math.abs(Long.MIN_VALUE) is still negative. */
    static boolean isSafeInteger(long n) {
        return n >= -MAX_SAFE_INTEGER && n <= MAX_SAFE_INTEGER;
    }

    /**
     * Parses JSON limited to this domain: objects (as insertion-ordered maps, duplicate keys
     * refused), arrays, strings and integers (as Long).
     */
    public static Object parse(byte[] json) throws CustodyFormatException {
        return CanonicalJsonParser.parse(new String(json, StandardCharsets.UTF_8));
    }
}
