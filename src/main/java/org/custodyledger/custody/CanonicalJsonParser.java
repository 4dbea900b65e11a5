package org.custodyledger.custody;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON limited to the canonical custody domain: objects (as insertion-ordered maps, duplicate
 * keys refused), arrays, strings and integers (as Long, within ±(2^53 − 1)).
 */
final class CanonicalJsonParser {
    private static final int MAX_DEPTH = CanonicalJson.MAX_DEPTH;

    private final String s;
    private int pos;

    private CanonicalJsonParser(String s) {
        this.s = s;
    }

    /** Parses a whole document; anything after the value but white space is refused. */
    static Object parse(String text) throws CustodyFormatException {
        CanonicalJsonParser p = new CanonicalJsonParser(text);
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("trailing characters");
        }
        return value;
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
        if (emptyUntil('}')) {
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
            if (closedBy('}')) {
                return map;
            }
        }
    }

    List<Object> array(int depth) throws CustodyFormatException {
        List<Object> list = new ArrayList<>();
        if (emptyUntil(']')) {
            return list;
        }
        while (true) {
            list.add(value(depth + 1));
            if (closedBy(']')) {
                return list;
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
            if (!CanonicalJson.isSafeInteger(n)) {
                throw error("integer outside ±(2^53-1)");
            }
            return n;
        } catch (NumberFormatException ex) {
            throw error("integer out of range");
        }
    }

    /** Steps over the opening bracket; true (and over the closing one too) when nothing is between them. */
    private boolean emptyUntil(char close) throws CustodyFormatException {
        pos++;
        skipWhitespace();
        if (peek() == close) {
            pos++;
            return true;
        }
        return false;
    }

    /** After a member: true at the closing bracket, false at a comma, else the error. */
    private boolean closedBy(char close) throws CustodyFormatException {
        skipWhitespace();
        char c = next();
        if (c == close) {
            return true;
        }
        if (c != ',') {
            throw error("expected ',' or '" + close + "'");
        }
        return false;
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
