package org.custodyledger.complaint;

import java.util.List;

/** How a closed complaint ended. */
public enum Outcome {
    SUSTAINED,
    NOT_SUSTAINED,
    EXONERATED,
    UNFOUNDED,
    WITHDRAWN;

    /** The name on events and in the API, e.g. {@code not-sustained}. */
    public String code() {
        return Codes.of(this);
    }

    public static Outcome fromCode(String code) {
        return Codes.parse(values(), code);
    }

    public static List<String> codes() {
        return Codes.all(values());
    }
}
