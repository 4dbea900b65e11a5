package org.custodyledger.complaint;

import java.util.List;

/** What a complaint is about: a fixed, documented list, so reports can count by it. */
public enum Category {
    USE_OF_FORCE,
    DISCOURTESY,
    DISCRIMINATION,
    UNLAWFUL_SEARCH,
    UNLAWFUL_ARREST,
    FAILURE_TO_ACT,
    PROPERTY,
    CAMERA_NOT_USED,
    OTHER;

    /** The name in requests and on events, e.g. {@code use-of-force}. */
    public String code() {
        return Codes.of(this);
    }

    /** The category a code names, or null. */
    public static Category fromCode(String code) {
        return Codes.parse(values(), code);
    }

    public static List<String> codes() {
        return Codes.all(values());
    }
}
