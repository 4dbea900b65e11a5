package org.custodyledger.service;

import java.util.Locale;

/** What a person may do, as their identity provider's token grants it (claim {@code roles}). Deny by default. */
public enum Role {
    /** Uploads footage; sees, views and annotates only their own. */
    OFFICER,
    /** Searches all footage, views and exports content with a purpose, records transfers, shares, redactions. */
    REVIEWER,
    /** Reads all metadata, histories, ledger entries and audits; never the content. */
    OVERSIGHT,
    /** Legal holds, retention, disposal. */
    ADMIN,
    /**
     * An external recipient opening a share's capability link: never granted by a token (no
     * route admits it), only by the link; its events name the share as the actor.
     */
    RECIPIENT;

    /** The name in tokens and in events: lower case. */
    public String claim() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a token claim names, or null for a claim this service does not know (ignored). */
    public static Role fromClaim(String claim) {
        for (Role r : values()) {
            if (r != RECIPIENT && r.claim().equals(claim)) {
                return r;
            }
        }
        return null;
    }
}
