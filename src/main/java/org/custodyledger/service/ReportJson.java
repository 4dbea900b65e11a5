package org.custodyledger.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.custodyledger.verify.Check;
import org.custodyledger.verify.LedgerAudit;
import org.custodyledger.verify.VerificationReport;

/** Verification reports and audit summaries as JSON, the same for the API and the command line. */
public final class ReportJson {
    private ReportJson() {
    }

    public static JsonArray checks(VerificationReport report) {
        JsonArray checks = new JsonArray();
        report.checks().forEach(c -> checks.add(check(c)));
        return checks;
    }

    public static JsonObject check(Check c) {
        JsonObject json = new JsonObject().put("name", c.name()).put("ok", c.ok()).put("detail", c.detail());
        if (c.expected() != null) {
            json.put("expected", c.expected());
        }
        if (c.actual() != null) {
            json.put("actual", c.actual());
        }
        return json;
    }

    /** A full-ledger audit's summary: counts and the divergences kept, the first one singled out. */
    public static JsonObject summary(LedgerAudit.Summary s) {
        JsonArray divergences = new JsonArray();
        s.divergences().forEach(d -> {
            JsonObject dj = new JsonObject().put("table", d.table()).put("index", d.index()).put("check", d.check())
                    .put("detail", d.detail());
            if (d.expected() != null) {
                dj.put("expected", d.expected());
            }
            if (d.actual() != null) {
                dj.put("actual", d.actual());
            }
            divergences.add(dj);
        });
        return new JsonObject()
                .put("entries", s.entries())
                .put("signaturesVerified", s.signaturesVerified())
                .put("nodesCompared", s.nodesCompared())
                .put("checkpointsVerified", s.checkpointsVerified())
                .put("footageChains", s.footageChains())
                .put("blobsRehashed", s.blobsRehashed())
                .put("divergenceCount", s.failures())
                .put("firstDivergence", divergences.isEmpty() ? null : divergences.getJsonObject(0))
                .put("divergences", divergences);
    }
}
