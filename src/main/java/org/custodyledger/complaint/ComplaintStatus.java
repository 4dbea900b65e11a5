package org.custodyledger.complaint;

/** Where a complaint stands. It only moves forward: RECEIVED → UNDER_INVESTIGATION → CLOSED. */
public enum ComplaintStatus {
    RECEIVED,
    UNDER_INVESTIGATION,
    CLOSED;

    /** Whether a complaint may move from this status to {@code next}; closing straight from RECEIVED is allowed (a withdrawal). */
    public boolean canMoveTo(ComplaintStatus next) {
        return next.ordinal() > ordinal();
    }

    /** The name on events and in the API: {@code received}, {@code under-investigation}, {@code closed}. */
    public String code() {
        return Codes.of(this);
    }

    public static ComplaintStatus fromCode(String code) {
        return Codes.parse(values(), code);
    }
}
