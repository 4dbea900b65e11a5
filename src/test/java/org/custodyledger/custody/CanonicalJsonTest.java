package org.custodyledger.custody;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * RFC 8785 examples: those inside our value domain (objects, arrays, strings, integers) encode as
 * the RFC says; its floating-point vectors are refused, with the position or value named.
 */
class CanonicalJsonTest {
    @Test
    void rfc8785StringEscapes() throws CustodyFormatException {
        // RFC 8785 §3.2.2.2
        String input = "\"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\"";
        assertEquals("\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"", canonical(input));
    }

    @Test
    void rfc8785PropertySortingByUtf16CodeUnits() throws CustodyFormatException {
        // RFC 8785 §3.2.3, with string values in place of the numbers
        String input = """
                {
                  "\\u20ac": "Euro Sign",
                  "\\r": "Carriage Return",
                  "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                  "1": "One",
                  "\\ud83d\\ude00": "Emoji: Grinning Face",
                  "\\u0080": "Control",
                  "\\u00f6": "Latin Small Letter O With Diaeresis"
                }""";
        assertEquals("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
                + "\"\uD83D\uDE00\":\"Emoji: Grinning Face\",\"\uFB33\":\"Hebrew Letter Dalet With Dagesh\"}",
                canonical(input));
    }

    @Test
    void nestedObjectsArraysAndIntegers() throws CustodyFormatException {
        assertEquals("{\"a\":\"A\",\"b\":[1,{\"a\":-2,\"z\":\"x\"}],\"c\":9007199254740991}",
                canonical(" { \"c\" : 9007199254740991, \"b\":[1, {\"z\":\"x\",\"a\":-2}], \"a\":\"A\" } "));
        assertEquals("{}", canonical("{ }"));
        assertEquals("[]", canonical("[ ]"));
    }

    @Test
    void encoderRefusesFloatingPointAndOtherTypes() {
        assertEquals("floating-point values are not allowed in canonical custody JSON: 1.5",
                assertThrows(IllegalArgumentException.class, () -> CanonicalJson.encode(Map.of("x", 1.5))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.encode(List.of(new BigDecimal("1"))));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.encode(List.of(1.0f)));
        assertEquals("only objects, arrays, strings and integers are allowed, got Boolean",
                assertThrows(IllegalArgumentException.class, () -> CanonicalJson.encode(List.of(true))).getMessage());
        assertEquals("integer outside ±(2^53-1): 9007199254740992",
                assertThrows(IllegalArgumentException.class, () -> CanonicalJson.encode(9007199254740992L)).getMessage());
        assertEquals("lone surrogate at position 1 is not valid Unicode",
                assertThrows(IllegalArgumentException.class, () -> CanonicalJson.encode("a\uD800b")).getMessage());
    }

    @Test
    void parserRefusesOutsideTheDomain() {
        assertParseError("invalid JSON at character 5: floating-point numbers are not allowed", "[1, 2.5]");
        assertParseError("invalid JSON at character 2: floating-point numbers are not allowed", "[1e3]");
        assertParseError("invalid JSON at character 1: unexpected 't' (only objects, arrays, strings and integers are allowed)",
                "[true]");
        assertParseError("invalid JSON at character 14: duplicate key \"a\"", "{\"a\":\"1\",\"a\":2}");
        assertParseError("invalid JSON at character 3: malformed integer", "[01]");
        assertParseError("invalid JSON at character 3: trailing characters", "{} x");
        assertParseError("invalid JSON at character 16: integer outside ±(2^53-1)", "9007199254740992");
    }

    @Test
    void rfc8785AppendixBNumbersInsideTheIntegerDomain() throws CustodyFormatException {
        // 0x0000000000000000 → "0", 0x8000000000000000 (−0) → "0", 0x4340000000000000 − 1 → "9007199254740991"
        assertEquals("0", canonical("0"));
        assertEquals("0", canonical("-0"));
        assertEquals("[9007199254740991,-9007199254740991]", canonical("[9007199254740991, -9007199254740991]"));
        assertEquals("[0,9007199254740991,-9007199254740991,-2147483648,-32768,-128]", encoded(List.of(0L,
                CanonicalJson.MAX_SAFE_INTEGER, -CanonicalJson.MAX_SAFE_INTEGER, Integer.MIN_VALUE, Short.MIN_VALUE,
                Byte.MIN_VALUE)));
    }

    @Test
    void rfc8785AppendixBNumbersOutsideTheDomainAreRefusedNotReformatted() {
        // The RFC's non-integer vectors: we carry no floating point, so each is refused, never rewritten.
        for (String json : List.of("1e+21", "1e21", "1e-7", "0.000001", "1.7976931348623157e+308", "5e-324",
                "-5e-324", "333333333.3333333", "9007199254740991.0", "0.0")) {
            int fraction = json.replaceAll("[.e].*", "").length();
            assertParseError("invalid JSON at character " + fraction + ": floating-point numbers are not allowed", json);
        }
        for (double d : new double[] {0.0, -0.0, 1e21, 1e-7, Double.longBitsToDouble(0x3eb0c6f7a0b5ed8dL),
                Double.MAX_VALUE, Double.MIN_VALUE, 9007199254740991.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("floating-point values are not allowed in canonical custody JSON: " + d,
                    assertThrows(IllegalArgumentException.class, () -> CanonicalJson.encode(List.of(d))).getMessage());
        }
    }

    @Test
    void integerBoundariesBothWays() {
        assertEquals("integer outside ±(2^53-1): -9007199254740992",
                assertThrows(IllegalArgumentException.class, () -> CanonicalJson.encode(-9007199254740992L)).getMessage());
        // Math.abs(Long.MIN_VALUE) is negative: a one-sided abs check let −2^63 through.
        assertEquals("integer outside ±(2^53-1): -9223372036854775808",
                assertThrows(IllegalArgumentException.class, () -> CanonicalJson.encode(Long.MIN_VALUE)).getMessage());
        assertEquals("integer outside ±(2^53-1): 9223372036854775807",
                assertThrows(IllegalArgumentException.class, () -> CanonicalJson.encode(Long.MAX_VALUE)).getMessage());
        assertParseError("invalid JSON at character 17: integer outside ±(2^53-1)", "-9007199254740992");
        assertParseError("invalid JSON at character 20: integer outside ±(2^53-1)", "-9223372036854775808");
        assertParseError("invalid JSON at character 19: integer out of range", "9223372036854775808");
    }

    @Test
    void everyControlCharacterIsEscapedShortOrAsLowercaseHex() {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        assertEquals("\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f"
                + "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d"
                + "\\u001e\\u001f\"", encoded(controls.toString()));
    }

    @Test
    void onlyQuoteAndBackslashAreEscapedBeyondControls() throws CustodyFormatException {
        assertEquals("\"q\\\"b\\\\s/\u007f\"", encoded("q\"b\\s/\u007f"));
        // Non-ASCII, U+2028/U+2029 and astral characters go out as UTF-8, unescaped.
        String literal = "é€\u2028\u2029\uD83D\uDE00\uFB33";
        assertArrayEquals(("\"" + literal + "\"").getBytes(StandardCharsets.UTF_8), CanonicalJson.encode(literal));
        assertEquals("\"" + literal + "\"", canonical("\"\\u00e9\\u20AC\\u2028\\u2029\\ud83d\\ude00\\uFB33\""));
        assertEquals("\"\\u000b\\u001f\"", canonical("\"\\u000B\\u001F\""));
    }

    @Test
    void encoderSortsAnyMapByUtf16CodeUnits() {
        String expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
                + "\"\uD83D\uDE00\":\"Emoji: Grinning Face\",\"\uFB33\":\"Hebrew Letter Dalet With Dagesh\"}";
        Map<String, Object> hashed = new HashMap<>();
        hashed.put("\u20ac", "Euro Sign");
        hashed.put("\r", "Carriage Return");
        hashed.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
        hashed.put("1", "One");
        hashed.put("\ud83d\ude00", "Emoji: Grinning Face");
        hashed.put("\u0080", "Control");
        hashed.put("\u00f6", "Latin Small Letter O With Diaeresis");
        assertEquals(expected, encoded(hashed));
        // A sorted map in another order is re-sorted, not trusted.
        TreeMap<String, Object> reversed = new TreeMap<>(Comparator.reverseOrder());
        reversed.putAll(hashed);
        assertEquals(expected, encoded(reversed));
        // By code units, not code points: U+1F600 (as D83D DE00) sorts before U+FB33.
        assertEquals("{\"\uD83D\uDE00\":\"\",\"\uFB33\":\"\"}", encoded(Map.of("\uFB33", "", "\uD83D\uDE00", "")));
    }

    @Test
    void nestingIsLimitedTo32LevelsBelowTheTop() {
        assertEquals("[".repeat(33) + "]".repeat(33), encoded(nested(33)));
        assertEquals("nesting deeper than 32",
                assertThrows(IllegalArgumentException.class, () -> CanonicalJson.encode(nested(34))).getMessage());
        assertDoesNotThrow(() -> CanonicalJson.parse(("[".repeat(33) + "]".repeat(33)).getBytes(StandardCharsets.UTF_8)));
        assertParseError("invalid JSON at character 33: nesting deeper than 32", "[".repeat(34) + "]".repeat(34));
    }

    private static Object nested(int levels) {
        Object value = List.of();
        for (int i = 1; i < levels; i++) {
            value = List.of(value);
        }
        return value;
    }

    private static String encoded(Object value) {
        return new String(CanonicalJson.encode(value), StandardCharsets.UTF_8);
    }

    private static void assertParseError(String message, String json) {
        CustodyFormatException e = assertThrows(CustodyFormatException.class,
                () -> CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(message, e.getMessage());
    }

    private static String canonical(String json) throws CustodyFormatException {
        Object parsed = CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8));
        return new String(CanonicalJson.encode(parsed), StandardCharsets.UTF_8);
    }
}
