package org.custodyledger.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The footage figures of one scope (the agency, or one unit) over a period, as a fold adds events. */
final class Tally {
    /** The event types counted by acting role. */
    static final List<String> ROLE_COUNTED = List.of("VIEWED", "EXPORTED", "SHARED", "TRANSFERRED", "REDACTED");

    long events;                 // events in the period by this scope's actors: decides folding into "other"
    long registered;
    long uploaded;
    long durationMs;
    final List<Long> delayMinutes = new ArrayList<>();
    final Map<String, Map<String, Long>> byTypeAndRole = new TreeMap<>();
    long verifiedPassed;
    long verifiedFailed;
    long holdsPlaced;
    long holdsReleased;
    long holdsOpenAtEnd;
    long retentionSet;
    long disposals;

    void addAll(Tally o) {
        events += o.events;
        registered += o.registered;
        uploaded += o.uploaded;
        durationMs += o.durationMs;
        delayMinutes.addAll(o.delayMinutes);
        o.byTypeAndRole.forEach((type, roles) -> roles.forEach((role, n) ->
                byTypeAndRole.computeIfAbsent(type, t -> new TreeMap<>()).merge(role, n, Long::sum)));
        verifiedPassed += o.verifiedPassed;
        verifiedFailed += o.verifiedFailed;
        holdsPlaced += o.holdsPlaced;
        holdsReleased += o.holdsReleased;
        holdsOpenAtEnd += o.holdsOpenAtEnd;
        retentionSet += o.retentionSet;
        disposals += o.disposals;
    }

    void countRole(String type, String role) {
        byTypeAndRole.computeIfAbsent(type, t -> new TreeMap<>()).merge(role, 1L, Long::sum);
    }

    /** The FIGURES of the contract as flat cells (every metric present, zero when nothing happened). */
    TreeMap<String, Object> cells() {
        TreeMap<String, Object> c = new TreeMap<>();
        c.put("footageRegistered.total", registered);
        c.put("footageRegistered.uploaded", uploaded);
        c.put("footageRegistered.hashOnly", registered - uploaded);
        c.put("footageMinutes", durationMs / 60_000);
        c.put("registrationDelayMinutes.known", (long) delayMinutes.size());
        List<Long> sorted = delayMinutes.stream().sorted().toList();
        c.put("registrationDelayMinutes.median", new Cells.Statistic(Stats.median(sorted), "registrationDelayMinutes.known"));
        c.put("registrationDelayMinutes.p90", new Cells.Statistic(Stats.p90(sorted), "registrationDelayMinutes.known"));
        for (String type : ROLE_COUNTED) {
            Map<String, Long> roles = byTypeAndRole.getOrDefault(type, Map.of());
            c.put("events." + type + ".total", roles.values().stream().mapToLong(Long::longValue).sum());
            roles.forEach((role, n) -> c.put("events." + type + ".byRole." + role, n));
        }
        c.put("verifications.passed", verifiedPassed);
        c.put("verifications.failed", verifiedFailed);
        c.put("holds.placed", holdsPlaced);
        c.put("holds.released", holdsReleased);
        c.put("holds.openAtEnd", holdsOpenAtEnd);
        c.put("retentionSet", retentionSet);
        c.put("disposals", disposals);
        return c;
    }
}
