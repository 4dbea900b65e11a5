package org.custodyledger.service;

import java.util.UUID;

/** Identifiers this service gives out: a one-letter kind, a dash, and 32 random hex digits. */
final class Ids {
    private Ids() {
    }

    /** A new id of the kind {@code prefix} ("f" footage, "h" hold, "a" audit). */
    static String mint(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "");
    }
}
