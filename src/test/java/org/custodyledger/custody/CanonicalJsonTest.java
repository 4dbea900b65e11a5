package org.custodyledger.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 8785 examples that fall inside our value domain (objects, arrays, strings, integers). */
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
