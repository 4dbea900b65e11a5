package org.custodyledger.storage;

/**
 * The SQL that says whether a footage and a complaint match, written once and seen from both
 * sides: from the complaint's (the footage it preserves at intake) and from the footage's (the
 * open complaints a new registration must hold it for). Both must agree, or a footage could slip
 * between an intake and a registration racing it.
 */
final class ComplaintMatchSql {
    private ComplaintMatchSql() {
    }

    /**
     * The footage's recorded coordinate ({@code axis} "lat" or "lon"), or NULL unless its metadata
     * holds a JSON object {@code location} with numeric lat within ±90 and lon within ±180: free
     * text ("Main St", "n/a") is no location, never an error. Nested CASEs, as PostgreSQL does not
     * promise to evaluate an AND's operands in order.
     */
    private static String footageCoordinate(String axis) {
        String loc = "f.metadata->'location'";
        return "(CASE WHEN jsonb_typeof(" + loc + "->'lat') = 'number' AND jsonb_typeof(" + loc + "->'lon') = 'number'"
                + " THEN CASE WHEN abs((" + loc + "->'lat')::numeric) <= 90 AND abs((" + loc + "->'lon')::numeric) <= 180"
                + " THEN (" + loc + "->'" + axis + "')::numeric::float8 END END)";
    }

    /** The great-circle distance in metres between two points in degrees (haversine; asin's argument clamped to 1). */
    private static String distance(String lat1, String lon1, String lat2, String lon2) {
        return "(2 * 6371008.8 * asin(least(1.0, sqrt(power(sin(radians(" + lat2 + " - " + lat1 + ") / 2), 2)"
                + " + cos(radians(" + lat1 + ")) * cos(radians(" + lat2 + ")) * power(sin(radians(" + lon2 + " - " + lon1
                + ") / 2), 2)))))";
    }

    /**
     * Whether footage {@code f} (not disposed) matches a complaint whose criteria are bound from
     * {@code $p} on, in {@link ComplaintStore.MatchCriteria} order (from, to, incident, lat, lon, radius in metres,
     * officers): the same incident; or recorded within the window and, when both have a location,
     * within the radius; or recorded within the window by a named officer.
     */
    static String footageMatches(int p) {
        String lat = "$" + (p + 3) + "::float8";
        String lon = "$" + (p + 4) + "::float8";
        String fLat = footageCoordinate("lat");
        return "f.disposed_at IS NULL AND (f.incident = $" + (p + 2) + "::text OR (f.recorded_at BETWEEN $" + p
                + "::timestamptz AND $" + (p + 1) + "::timestamptz AND (" + lat + " IS NULL OR " + fLat + " IS NULL"
                + " OR f.uploaded_by = ANY($" + (p + 6) + "::text[]) OR "
                + distance(lat, lon, fLat, footageCoordinate("lon")) + " <= $" + (p + 5) + "::float8)))";
    }

    /**
     * Whether open complaint {@code c} matches a footage whose facts are bound from {@code $p} on
     * (incident, recorded at, lat, lon, uploaded by, margin in seconds): {@link #footageMatches}
     * seen from the footage's side. Written as ranges on bare columns so the partial indexes on
     * open complaints serve it (a window spans at most {@link ComplaintStore#MAX_WINDOW}).
     */
    static String openComplaintMatches(int p) {
        return openComplaintMatches("$" + p, "$" + (p + 1), "$" + (p + 2), "$" + (p + 3), "$" + (p + 4), "$" + (p + 5));
    }

    /** {@link #openComplaintMatches(int)} with the footage's facts given as SQL expressions (parameters or columns). */
    static String openComplaintMatches(String incident, String recordedAt, String latitude, String longitude,
                                       String uploadedBy, String marginSeconds) {
        String at = recordedAt + "::timestamptz";
        String lat = latitude + "::float8";
        String lon = longitude + "::float8";
        String margin = "make_interval(secs => " + marginSeconds + "::float8)";
        return "c.status <> 'closed' AND (c.incident = " + incident + "::text OR (c.occurred_from <= " + at + " + " + margin
                + " AND c.occurred_from >= " + at + " - " + margin + " - interval '" + ComplaintStore.MAX_WINDOW.toSeconds() + " seconds'"
                + " AND c.occurred_to >= " + at + " - " + margin
                + " AND (c.lat IS NULL OR " + lat + " IS NULL OR " + uploadedBy + "::text = ANY(c.officers)"
                + " OR " + distance(lat, lon, "c.lat", "c.lon") + " <= c.radius_m)))";
    }
}
