package org.custodyledger.report;

/** The route group a refused request's route counts under in a report (never the route itself: it may hold ids). */
public final class RouteGroups {
    private RouteGroups() {
    }

    public static String of(String route) {
        String r = route == null ? "" : route;
        if (r.startsWith("/api/v1/ledger/audits") || r.startsWith("/api/v1/audit") || r.startsWith("/metrics")) {
            return "audit";
        }
        if (r.startsWith("/api/v1/footage") || r.startsWith("/api/v1/holds") || r.startsWith("/api/v1/retention")
                || r.startsWith("/api/v1/disposals") || r.startsWith("/api/v1/verify")) {
            return "footage";
        }
        if (r.startsWith("/api/v1/ledger") || r.startsWith("/tlog")) {
            return "ledger";
        }
        if (r.startsWith("/api/v1/complaints")) {
            return "complaints";
        }
        if (r.startsWith("/api/v1/cases")) {
            return "cases";
        }
        if (r.startsWith("/api/v1/shares") || r.startsWith("/api/v1/shared")) {
            return "shares";
        }
        if (r.startsWith("/app")) {
            return "app";
        }
        return "other";
    }
}
