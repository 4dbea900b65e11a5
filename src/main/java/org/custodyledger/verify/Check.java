package org.custodyledger.verify;

/** One named check of a verification: passed or not, with what was expected and found. */
public record Check(String name, boolean ok, String detail, String expected, String actual) {
    public static Check pass(String name, String detail) {
        return new Check(name, true, detail, null, null);
    }

    public static Check fail(String name, String detail) {
        return new Check(name, false, detail, null, null);
    }

    public static Check fail(String name, String detail, String expected, String actual) {
        return new Check(name, false, detail, expected, actual);
    }
}
