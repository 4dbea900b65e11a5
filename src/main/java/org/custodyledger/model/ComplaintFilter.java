package org.custodyledger.model;

import java.time.Instant;

/**
 * What a list of complaints may be narrowed to; null fields do not narrow. {@code text} finds
 * a word in the description or place, an incident, or an officer as named; {@code overdue}
 * compares the target date with {@code now}.
 */
public record ComplaintFilter(String status, String category, Boolean overdue, String text, String footageId,
                              Instant now) {
}
