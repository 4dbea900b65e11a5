package org.custodyledger.merkle;

/**
 * The c2sp.org/tlog-tiles path encoding. Paths are relative to the log's prefix
 * ({@code tile/0/x001/x234/067.p/5}); only the one canonical spelling of each tile parses.
 */
public final class TilePaths {
    private static final String ENTRIES = "entries";
    private static final String PARTIAL = ".p";

    private TilePaths() {
    }

    /** The tile index as 3-digit groups, all but the last prefixed with {@code x}: 1234067 → {@code x001/x234/067}. */
    public static String encodeIndex(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("a tile index must not be negative: " + index);
        }
        StringBuilder out = new StringBuilder(String.format("%03d", index % 1000));
        for (long n = index / 1000; n > 0; n /= 1000) {
            out.insert(0, String.format("x%03d/", n % 1000));
        }
        return out.toString();
    }

    /** Parses a hash tile or entry bundle path, refusing every form but the canonical one. */
    public static TilePath parse(String path) throws MalformedTilePathException {
        if (path == null) {
            throw new MalformedTilePathException("null", "no path");
        }
        String[] parts = path.split("/", -1);
        if (parts.length < 3 || !parts[0].equals("tile")) {
            throw new MalformedTilePathException(path, "want tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>]");
        }
        boolean entries = parts[1].equals(ENTRIES);
        int level = entries ? 0 : (int) decimal(path, "level", parts[1], 0, Tile.MAX_LEVEL);
        int first = 2;
        int last = parts.length - 1;
        int width = Tile.FULL_WIDTH;
        if (last - first >= 1 && parts[last - 1].endsWith(PARTIAL)) {
            width = (int) decimal(path, "width", parts[last], 1, Tile.FULL_WIDTH - 1);
            parts[last - 1] = parts[last - 1].substring(0, parts[last - 1].length() - PARTIAL.length());
            last--;
        }
        long index = 0;
        for (int i = first; i <= last; i++) {
            String group = parts[i];
            boolean inner = i < last;
            if (inner) {
                if (!group.startsWith("x")) {
                    throw new MalformedTilePathException(path, "index element \"" + group + "\" must start with x");
                }
                group = group.substring(1);
            }
            if (group.length() != 3 || !allDigits(group)) {
                throw new MalformedTilePathException(path, "index element \"" + parts[i]
                        + "\" must be " + (inner ? "x and " : "") + "three decimal digits");
            }
            int digits = Integer.parseInt(group);
            if (index > (Tile.MAX_INDEX - digits) / 1000) {
                throw new MalformedTilePathException(path, "index is beyond " + Tile.MAX_INDEX);
            }
            index = index * 1000 + digits;
        }
        Tile tile = new Tile(level, index, width);
        TilePath parsed = new TilePath(entries, tile);
        if (!parsed.path().equals(path)) {
            // e.g. x000/123: a leading zero group spells 123 a second way.
            throw new MalformedTilePathException(path, "not the canonical encoding " + parsed.path());
        }
        return parsed;
    }

    private static long decimal(String path, String what, String text, long min, long max)
            throws MalformedTilePathException {
        if (text.isEmpty() || !allDigits(text) || (text.length() > 1 && text.charAt(0) == '0')) {
            throw new MalformedTilePathException(path, what + " \"" + text
                    + "\" must be a decimal number without leading zeroes");
        }
        if (text.length() > 3) {
            throw new MalformedTilePathException(path, what + " " + text + " is outside " + min + ".." + max);
        }
        long value = Long.parseLong(text);
        if (value < min || value > max) {
            throw new MalformedTilePathException(path, what + " " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
