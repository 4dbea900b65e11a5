package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.testing.ApiCalls;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.custodyledger.testing.TestTokens;

/**
 * A ledger for the dashboard's tests: officers of several units (Central and North above the
 * threshold, Traffic and Dogs below it so they fold into "other") register, view, export and
 * hold footage in two quarters — the earlier one's events appended by the service's own
 * sequencer with times in that quarter (signed and logged like any event), the current one's
 * through the API — and members of the public send complaints.
 */
final class DashboardSeed {
    static final String CURRENT_QUARTER = quarter(LocalDate.now(ZoneOffset.UTC));
    static final String EARLIER_QUARTER = quarter(LocalDate.now(ZoneOffset.UTC).minusMonths(3));

    private DashboardSeed() {
    }

    static String quarter(LocalDate day) {
        return day.getYear() + "-Q" + day.get(IsoFields.QUARTER_OF_YEAR);
    }

    static void seed(RunningService service) throws Exception {
        earlierQuarter(service);
        currentQuarter(service);
    }

    /** Registrations and views in the middle of the earlier quarter: 6 Central, 7 North, 2 Dogs, with 5 Central views. */
    private static void earlierQuarter(RunningService service) throws Exception {
        LocalDate first = LocalDate.now(ZoneOffset.UTC).minusMonths(3).with(IsoFields.DAY_OF_QUARTER, 1);
        Instant t = first.plusDays(40).atStartOfDay(ZoneOffset.UTC).toInstant();
        int n = 0;
        for (Map.Entry<String, Integer> unit : Map.of("Central", 6, "North", 7, "Dogs", 2).entrySet()) {
            for (int i = 0; i < unit.getValue(); i++, n++) {
                String footage = "f-" + String.format("%032x", 0xd0a5_0000L + n);
                Sha256Digest sha = Sha256Digest.fromHex(String.format("%064x", 0xd0a50000L + n));
                Map<String, String> details = new LinkedHashMap<>();
                details.put("filename", "cam-" + n + ".mp4");
                details.put("size", "1000");
                details.put("held", Boolean.toString(i % 2 == 0));
                details.put("recordedAt", CustodyEvent.formatTime(t.minusSeconds(600 + 60L * i)));
                details.put("durationMs", Long.toString(60_000L * (3 + i)));
                append(service, CustodyEvent.of(footage, sha, EventType.REGISTERED, "pc-" + unit.getKey().toLowerCase(),
                        "officer", t.plusSeconds(n), null, null, details).withUnit(unit.getKey()));
                if (unit.getKey().equals("Central") && i < 5) {
                    append(service, CustodyEvent.of(footage, sha, EventType.VIEWED, "rv-central", "reviewer",
                            t.plusSeconds(3600 + n), "use-of-force review", null, Map.of()).withUnit("Central"));
                }
            }
        }
    }

    private static void append(RunningService service, CustodyEvent event) throws Exception {
        service.app().sequencer().append(event).toCompletionStage().toCompletableFuture().get();
    }

    /** Through the API, now: registrations by three units, a reviewer's views and exports, holds, and complaints. */
    private static void currentQuarter(RunningService service) {
        Map<String, Integer> units = new LinkedHashMap<>();
        units.put("Central", 8);
        units.put("North", 5);
        units.put("Traffic", 2);
        List<String> central = new java.util.ArrayList<>();
        int n = 0;
        for (Map.Entry<String, Integer> unit : units.entrySet()) {
            Http officer = inUnit(service, "pc-" + unit.getKey().toLowerCase(), unit.getKey(), "officer");
            for (int i = 0; i < unit.getValue(); i++, n++) {
                JsonObject body = new JsonObject().put("sha256", String.format("%064x", 0xc0ffee00L + n)).put("size", 2000 + n)
                        .put("filename", "body-" + n + ".mp4").put("incident", "INC-DASH-" + n)
                        .put("recordedAt", Instant.now().minusSeconds(3600 + 120L * i).toString())
                        .put("metadata", new JsonObject().put("durationMs", 90_000 * (i + 1)));
                String id = new JsonObject(ok(ApiCalls.post(officer, "/api/v1/footage/by-hash", body)).body()).getString("id");
                if (unit.getKey().equals("Central")) {
                    central.add(id);
                }
            }
        }
        Http reviewer = inUnit(service, "rv-central", "Central", "reviewer");
        for (int i = 0; i < 7; i++) {
            ok(ApiCalls.post(reviewer, "/api/v1/footage/" + central.get(i) + "/events", new JsonObject().put("type", "VIEWED")
                    .put("purpose", "supervisor review")));
        }
        for (int i = 0; i < 5; i++) {
            ok(ApiCalls.post(reviewer, "/api/v1/footage/" + central.get(i) + "/events", new JsonObject().put("type", "EXPORTED")
                    .put("purpose", "disclosure to the prosecutor")));
        }
        Http admin = inUnit(service, "adm-1", "Central", "admin");
        for (int i = 0; i < 6; i++) {
            ok(ApiCalls.post(admin, "/api/v1/footage/" + central.get(i) + "/holds",
                    new JsonObject().put("reason", "litigation").put("matter", "CV-" + i)));
        }
        for (int i = 0; i < 6; i++) {
            ok(ApiCalls.post(service.http(), "/api/v1/complaints", new JsonObject().put("category", i < 5 ? "use-of-force" : "property")
                    .put("occurredFrom", Instant.now().minusSeconds(86_400 + 3600).toString())
                    .put("occurredTo", Instant.now().minusSeconds(86_400).toString()).put("incident", "INC-DASH-" + i).put("place", "Market Street")
                    .put("description", "Complaint number " + i + " about the stop.")));
        }
    }

    static Http inUnit(RunningService service, String subject, String unit, String... roles) {
        long now = System.currentTimeMillis() / 1000;
        return service.as(TestTokens.withClaims(new JsonObject().put("sub", subject).put("unit", unit)
                .put("roles", new JsonArray(List.of((Object[]) roles))).put("iat", now).put("exp", now + 3600)));
    }

    private static HttpResponse<String> ok(HttpResponse<String> r) {
        assertTrue(r.statusCode() / 100 == 2, r.uri() + ": " + r.statusCode() + " " + r.body());
        return r;
    }
}
