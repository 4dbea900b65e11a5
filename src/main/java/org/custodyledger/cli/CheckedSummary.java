package org.custodyledger.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.custodyledger.verify.Check;
import org.custodyledger.verify.VerificationReport;

/**
 * What a verification did and did not check, in plain words, one line per kind of evidence:
 * the file's bytes, the checkpoint's signature (and by whose key), the events, inclusion,
 * the chain, earlier checkpoints, witnesses, the readable blocks. A check of a kind this list
 * does not name (a later verifier's) is listed by its own name under "other checks", so new
 * checks appear here without this class knowing them.
 */
final class CheckedSummary {
    /** One kind of evidence: its label, its status word ({@code checked}, {@code FAILED}, {@code NOT CHECKED}) and what it means. */
    record Line(String what, String status, String detail) {
    }

    /** What the verifier was given, for saying what was not checked and why. */
    record Given(boolean footageFile, boolean trustedKey, boolean sampleKey, boolean witnessPolicy, String sha256,
                 List<String> unsignedNotChecked) {
    }

    private record Kind(String label, List<String> prefixes, String notCheckedBecause, String passed) {
    }

    private CheckedSummary() {
    }

    static List<Line> of(VerificationReport report, Given given) {
        String trust = given.sampleKey() ? " — by the PUBLIC SAMPLE KEY: proves nothing"
                : given.trustedKey() ? " — by the key you supplied"
                : " — by the bundle's own key only (no --key): self-consistent, NOT proof the agency's log signed it";
        List<Kind> kinds = List.of(
                new Kind("file bytes", List.of("file-hash"), "no --footage FILE given: this verified the ledger's record of"
                        + " the file (SHA-256 " + given.sha256() + "), not any copy of the file you hold",
                        "the file given with --footage has the registered SHA-256"),
                new Kind("checkpoint signature", List.of("checkpoint-signature"), null, "{first}"),
                new Kind("events", List.of("leaf-format@", "leaf-hash@", "event-signature@", "event-subject@"), null,
                        "{events} events: each leaf canonical, its hash, its signature, and about this footage and SHA-256"),
                new Kind("inclusion proofs", List.of("inclusion@"), null, "{n} events proved included in the checkpoint's tree"),
                new Kind("chain", List.of("chain"), null, "{first}"),
                new Kind("earlier checkpoints", List.of("earlier-checkpoint-signature", "consistency@"),
                        "the bundle carries none", "{n} checks: each signed, and the bundle's tree extends it"),
                new Kind("witnesses", List.of("witness-quorum"), given.witnessPolicy() ? "the bundle carries no checkpoint"
                        : "no --witness-policy FILE given: cosignatures, if any, were not checked", "{first}"),
                new Kind("readable blocks", List.of("footage-block:", "log-origin"), null,
                        "{n} fields match the signed events"),
                new Kind("set membership", List.of("set-membership"), null, "{first}"));
        Set<Check> placed = new LinkedHashSet<>();
        List<Line> lines = new ArrayList<>();
        for (Kind kind : kinds) {
            List<Check> mine = report.checks().stream()
                    .filter(c -> kind.prefixes().stream().anyMatch(p -> p.endsWith("@") || p.endsWith(":")
                            ? c.name().startsWith(p) : c.name().equals(p)))
                    .toList();
            placed.addAll(mine);
            Line line = line(kind, mine);
            if (kind.label().equals("readable blocks") && !given.unsignedNotChecked().isEmpty()) {
                line = new Line(line.what(), line.status(), line.detail() + "; unsigned, not checked: "
                        + String.join(", ", given.unsignedNotChecked()));
            }
            if (line != null && kind.label().equals("checkpoint signature")) {
                line = new Line(line.what(), line.status(), line.detail() + trust);
            }
            if (line != null) {
                lines.add(line);
            }
        }
        for (Check other : report.checks()) {
            if (!placed.contains(other)) {
                lines.add(new Line("other checks", other.ok() ? "checked" : "FAILED", other.name() + ": " + other.detail()));
            }
        }
        return lines;
    }

    private static Line line(Kind kind, List<Check> mine) {
        if (mine.isEmpty()) {
            return kind.notCheckedBecause() == null ? (kind.label().equals("readable blocks")
                    ? new Line(kind.label(), "NOT CHECKED", "the bundle has no readable footage block") : null)
                    : new Line(kind.label(), "NOT CHECKED", kind.notCheckedBecause());
        }
        List<Check> failed = mine.stream().filter(c -> !c.ok()).toList();
        if (!failed.isEmpty()) {
            Check first = failed.get(0);
            return new Line(kind.label(), "FAILED", failed.size() + " of " + mine.size() + " failed; first: " + first.name()
                    + ": " + first.detail());
        }
        long events = mine.stream().filter(c -> c.name().startsWith("event-signature@")).count();
        return new Line(kind.label(), "checked", kind.passed()
                .replace("{first}", mine.get(0).detail())
                .replace("{events}", Long.toString(events))
                .replace("{n}", Integer.toString(mine.size())));
    }

    static void print(java.io.PrintWriter out, List<Line> lines) {
        out.println("What was checked:");
        int width = lines.stream().mapToInt(l -> l.what().length()).max().orElse(0);
        for (Line l : lines) {
            out.println("  " + String.format("%-11s ", l.status()) + l.what() + " ".repeat(width - l.what().length())
                    + "  " + l.detail());
        }
    }
}
