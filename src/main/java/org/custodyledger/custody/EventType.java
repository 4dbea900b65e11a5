package org.custodyledger.custody;

/** What happened to the footage. The name is what the canonical event carries. */
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
    SHARE_REVOKED
}
