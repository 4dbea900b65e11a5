package org.custodyledger.http;

/**
 * A single RFC 9110 byte range ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}),
 * resolved against the representation's length. Multiple ranges and other units are
 * answered with the whole representation, as RFC 9110 allows a server to do.
 */
record ByteRange(long first, long last) {

    long length() {
        return last - first + 1;
    }

    /** Thrown for a range that no byte of the representation satisfies (416). */
    static final class Unsatisfiable extends RuntimeException {
        final long size;

        Unsatisfiable(long size, String header) {
            super("the range '" + header + "' lies outside the " + size + " bytes of this content", null, false, false);
            this.size = size;
        }
    }

    /** The range the header asks for within {@code size} bytes; null for "the whole representation". */
    static ByteRange parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        if (!a.matches("\\d{0,18}") || !b.matches("\\d{0,18}") || (a.isEmpty() && b.isEmpty())) {
            return null;
        }
        if (a.isEmpty()) {
            long suffix = Long.parseLong(b);
            if (suffix == 0 || size == 0) {
                throw new Unsatisfiable(size, header);
            }
            return new ByteRange(Math.max(0, size - suffix), size - 1);
        }
        long first = Long.parseLong(a);
        long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
        if (!b.isEmpty() && Long.parseLong(b) < first) {
            return null;
        }
        if (first >= size) {
            throw new Unsatisfiable(size, header);
        }
        return new ByteRange(first, last);
    }
}
