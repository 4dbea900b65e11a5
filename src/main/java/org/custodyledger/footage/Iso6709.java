package org.custodyledger.footage;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decimal-degree ISO 6709 strings as QuickTime writes them: {@code +37.3349-122.0090+020.000/}. */
final class Iso6709 {
    private static final Pattern DECIMAL = Pattern.compile("([+-]\\d{1,2}(?:\\.\\d+)?)([+-]\\d{1,3}(?:\\.\\d+)?).*");

    private Iso6709() {
    }

    /** {lat, lon}, or null when the text is not decimal ISO 6709 or out of range. */
    static double[] parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = DECIMAL.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        double lat = Double.parseDouble(m.group(1));
        double lon = Double.parseDouble(m.group(2));
        return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? new double[] {lat, lon} : null;
    }
}
