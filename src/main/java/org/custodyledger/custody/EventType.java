package org.custodyledger.custody;

/** What happened to the subject (a footage, or a complaint). The name is what the canonical event carries. */
public enum EventType {
    /** The footage entered the ledger (uploaded, or registered by hash). */
    REGISTERED,
    /** The same bytes were submitted again; the existing record stands. */
    RESUBMITTED,
    VIEWED,
    EXPORTED,
    SHARED,
    TRANSFERRED,
    /** A redacted derivative was made from this footage. */
    REDACTED,
    ANNOTATED,
    HOLD_PLACED,
    HOLD_RELEASED,
    RETENTION_SET,
    DISPOSED,
    VERIFIED,
    /** The footage joined a case ({@code details.case}). */
    CASE_ADDED,
    /** The footage left a case ({@code details.case}). */
    CASE_REMOVED,
    /** A share that covered this footage was revoked before its expiry ({@code details.share}). */
    SHARE_REVOKED,
    /** A complaint was received; the event carries its commitment, never its content. */
    COMPLAINT_RECEIVED,
    /** An investigator was assigned to a complaint. */
    COMPLAINT_ASSIGNED,
    /** A complaint's status moved (to investigation, or closed with an outcome). */
    COMPLAINT_STATUS_CHANGED,
    /** A closed period's transparency report was published ({@code period}; {@code details.reportSha256}). */
    REPORT_PUBLISHED,
    /** A finished UTC day's refused requests were counted ({@code period} = the day; details: counts). */
    ACCESS_REFUSALS_COUNTED;

    /** Whether events of this type are about a complaint rather than a footage. */
    public boolean aboutComplaint() {
        return name().startsWith("COMPLAINT_");
    }

    /** Whether events of this type are about a reporting period (field {@code period}). */
    public boolean aboutPeriod() {
        return this == REPORT_PUBLISHED || this == ACCESS_REFUSALS_COUNTED;
    }
}
