package org.custodyledger.custody;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    private static final int MAX_DEPTH = 32;

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
            if (Math.abs(n) > MAX_SAFE_INTEGER) {
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

    /**
     * Parses JSON limited to this domain: objects (as insertion-ordered maps, duplicate keys
     * refused), arrays, strings and integers (as Long).
     */
    public static Object parse(byte[] json) throws CustodyFormatException {
        String text = new String(json, StandardCharsets.UTF_8);
        Parser p = new Parser(text);
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("trailing characters");
        }
        return value;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Object value(int depth) throws CustodyFormatException {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH);
            }
            skipWhitespace();
            if (pos >= s.length()) {
                throw error("unexpected end of input");
            }
            char c = s.charAt(pos);
            if (c == '{') {
                return object(depth);
            } else if (c == '[') {
                return array(depth);
            } else if (c == '"') {
                return string();
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                return integer();
            }
            throw error("unexpected '" + c + "' (only objects, arrays, strings and integers are allowed)");
        }

        Map<String, Object> object(int depth) throws CustodyFormatException {
            Map<String, Object> map = new LinkedHashMap<>();
            pos++;
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a string key");
                }
                String key = string();
                skipWhitespace();
                expect(':');
                Object v = value(depth + 1);
                if (map.put(key, v) != null) {
                    throw error("duplicate key \"" + key + "\"");
                }
                skipWhitespace();
                char c = next();
                if (c == '}') {
                    return map;
                }
                if (c != ',') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        List<Object> array(int depth) throws CustodyFormatException {
            List<Object> list = new ArrayList<>();
            pos++;
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                list.add(value(depth + 1));
                skipWhitespace();
                char c = next();
                if (c == ']') {
                    return list;
                }
                if (c != ',') {
                    throw error("expected ',' or ']'");
                }
            }
        }

        String string() throws CustodyFormatException {
            expect('"');
            // Fast path: no escape before the closing quote, so the string is a slice of the text.
            for (int end = pos; end < s.length(); end++) {
                char c = s.charAt(end);
                if (c == '"') {
                    String plain = s.substring(pos, end);
                    pos = end + 1;
                    return plain;
                }
                if (c == '\\' || c < 0x20) {
                    break;
                }
            }
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("unescaped control character in string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("truncated \\u escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("malformed \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("unknown escape \\" + e);
                }
            }
        }

        Long integer() throws CustodyFormatException {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            int digits = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == digits || (s.charAt(digits) == '0' && pos - digits > 1)) {
                throw error("malformed integer");
            }
            if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                throw error("floating-point numbers are not allowed");
            }
            try {
                long n = Long.parseLong(s.substring(start, pos));
                if (Math.abs(n) > MAX_SAFE_INTEGER) {
                    throw error("integer outside ±(2^53-1)");
                }
                return n;
            } catch (NumberFormatException ex) {
                throw error("integer out of range");
            }
        }

        void skipWhitespace() {
            while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        char peek() throws CustodyFormatException {
            if (pos >= s.length()) {
                throw error("unexpected end of input");
            }
            return s.charAt(pos);
        }

        char next() throws CustodyFormatException {
            char c = peek();
            pos++;
            return c;
        }

        void expect(char c) throws CustodyFormatException {
            if (next() != c) {
                pos--;
                throw error("expected '" + c + "'");
            }
        }

        CustodyFormatException error(String what) {
            return new CustodyFormatException("invalid JSON at character " + pos + ": " + what);
        }
    }
}
