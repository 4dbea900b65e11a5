package org.custodyledger.complaint;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The wire names of the complaint enums: lower case with dashes ({@code NOT_SUSTAINED} → {@code not-sustained}). */
final class Codes {
    private Codes() {
    }

    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> E parse(E[] values, String code) {
        return Arrays.stream(values).filter(v -> of(v).equals(code)).findFirst().orElse(null);
    }

    static List<String> all(Enum<?>[] values) {
        return Arrays.stream(values).map(Codes::of).toList();
    }
}
