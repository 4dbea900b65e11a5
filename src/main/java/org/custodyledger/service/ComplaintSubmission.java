package org.custodyledger.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.complaint.Category;

/**
 * A complaint as submitted, checked: every limit here is the same as the database's CHECKs,
 * so a complaint that passes is never refused half-way. Text is plain text, kept as given
 * (never rendered as HTML by this service); control characters other than line breaks and
 * tabs are refused.
 */
public record ComplaintSubmission(Category category, Instant occurredFrom, Instant occurredTo, String lat, String lon,
                                  Long radiusM, String place, String incident, List<String> officers, String description,
                                  String contact) {
    public static final int MAX_DESCRIPTION = 20_000;
    public static final int MAX_PLACE = 500;
    public static final int MAX_CONTACT = 500;
    public static final int MAX_INCIDENT = 256;
    public static final int MAX_OFFICERS = 20;
    public static final int MAX_OFFICER = 128;
    public static final long MAX_RADIUS_M = 50_000;
    /** A complaint's window may span at most this long: wider, and it would preserve a city's footage. */
    public static final Duration MAX_WINDOW = org.custodyledger.storage.ComplaintStore.MAX_WINDOW;
    /**
     * A public complaint that gives neither a location circle nor an incident matches every
     * footage in its window: its window may span at most this long.
     */
    public static final Duration MAX_PUBLIC_WINDOW_WITHOUT_POINT = Duration.ofHours(24);
    /** How far ahead of the server's clock occurredTo may lie (clocks differ a little). */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** Checks raw values (types were checked at the edge); numbers come as given in the JSON. */
    public static ComplaintSubmission check(String category, String occurredFrom, String occurredTo, Number lat, Number lon,
                                            Number radiusM, boolean hasLocation, String place, String incident,
                                            List<String> officers, String description, String contact, Instant now,
                                            boolean fromPublic) {
        Category c = Category.fromCode(category);
        if (c == null) {
            throw ServiceException.invalid(category == null ? "category is required, one of " + Category.codes()
                    : "unknown category '" + category + "': one of " + Category.codes());
        }
        Instant from = Inputs.time("occurredFrom", occurredFrom);
        Instant to = Inputs.time("occurredTo", occurredTo);
        if (from == null || to == null) {
            throw ServiceException.invalid("occurredFrom and occurredTo are required (RFC 3339, e.g. 2026-11-28T21:00:00Z)");
        }
        // The content commits to milliseconds: the row matched against keeps exactly those.
        from = from.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        to = to.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        if (to.isBefore(from)) {
            throw ServiceException.invalid("occurredTo is before occurredFrom");
        }
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw ServiceException.invalid("the time window spans more than " + MAX_WINDOW.toDays() + " days; narrow it");
        }
        if (from.isAfter(now)) {
            throw ServiceException.invalid("occurredFrom is in the future");
        }
        if (to.isAfter(now.plus(CLOCK_SKEW))) {
            throw ServiceException.invalid("occurredTo is in the future: a complaint is about what already happened");
        }
        if (fromPublic && !hasLocation && (incident == null || incident.isBlank())
                && Duration.between(from, to).compareTo(MAX_PUBLIC_WINDOW_WITHOUT_POINT) > 0) {
            throw ServiceException.invalid("without a location {lat, lon, radiusM} or an incident, the time window may span"
                    + " at most " + MAX_PUBLIC_WINDOW_WITHOUT_POINT.toHours() + " hours; narrow it or say where on a map");
        }
        String latText = null;
        String lonText = null;
        Long radius = null;
        if (hasLocation) {
            latText = degrees("location.lat", lat, 90);
            lonText = degrees("location.lon", lon, 180);
            if (radiusM == null || radiusM.doubleValue() != Math.rint(radiusM.doubleValue())
                    || radiusM.longValue() < 1 || radiusM.longValue() > MAX_RADIUS_M) {
                throw ServiceException.invalid("location.radiusM is required: whole metres from 1 to " + MAX_RADIUS_M);
            }
            radius = radiusM.longValue();
        }
        String p = Inputs.text("place", place, MAX_PLACE);
        if (!hasLocation && p == null) {
            throw ServiceException.invalid("say where: location {lat, lon, radiusM} and/or place (free text)");
        }
        List<String> named = new ArrayList<>();
        if (officers != null) {
            if (officers.size() > MAX_OFFICERS) {
                throw ServiceException.invalid("officers: at most " + MAX_OFFICERS + " names or badge numbers");
            }
            for (String o : officers) {
                named.add(Inputs.requiredText("officers[]", o, MAX_OFFICER));
            }
        }
        return new ComplaintSubmission(c, from, to, latText, lonText, radius, p,
                Inputs.text("incident", incident, MAX_INCIDENT), named, plainText("description", description, MAX_DESCRIPTION, true),
                Inputs.text("contact", contact, MAX_CONTACT));
    }

    /** Degrees rounded to six decimals (about 0.1 m), written plainly: the form the content commits to. */
    private static String degrees(String field, Number value, int max) {
        if (value == null || !Double.isFinite(value.doubleValue()) || Math.abs(value.doubleValue()) > max) {
            throw ServiceException.invalid(field + " is required: decimal degrees within ±" + max);
        }
        BigDecimal d = new BigDecimal(value.toString()).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    /** Plain text that may run over several lines; other control characters are refused. */
    private static String plainText(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw ServiceException.invalid(field + " is required");
            }
            return null;
        }
        // Line breaks and tabs are part of plain text; the rest of Inputs.text's rules apply unchanged.
        Inputs.text(field, value.replace('\n', ' ').replace('\r', ' ').replace('\t', ' '), max);
        return value;
    }
}
