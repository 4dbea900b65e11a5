package org.custodyledger.cli;

import java.io.PrintWriter;
import org.custodyledger.verify.Check;
import org.custodyledger.verify.VerificationReport;

/** A verification report as the offline verifiers print it: one line per check, then the verdict. */
final class ReportLines {
    private ReportLines() {
    }

    static void print(PrintWriter out, VerificationReport report, String trustNote) {
        printChecks(out, report);
        printVerdict(out, report, trustNote);
    }

    /** One line per check, in the order they ran. */
    static void printChecks(PrintWriter out, VerificationReport report) {
        for (Check c : report.checks()) {
            out.println((c.ok() ? "  ok    " : "  FAIL  ") + c.name() + ": " + c.detail()
                    + (c.ok() || (c.expected() == null && c.actual() == null) ? ""
                    : " (expected " + c.expected() + ", actual " + c.actual() + ")"));
        }
    }

    /** The verdict: VERIFIED only if every check passed. */
    static void printVerdict(PrintWriter out, VerificationReport report, String trustNote) {
        if (report.verified()) {
            out.println("VERIFIED: all " + report.checks().size() + " checks passed" + trustNote);
        } else {
            out.println("NOT VERIFIED: " + report.failures().size() + " of " + report.checks().size()
                    + " checks failed; first: " + report.failures().get(0).name() + ": " + report.failures().get(0).detail());
        }
    }
}
