package org.custodyledger.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.custodyledger.verify.Check;
import org.custodyledger.verify.EventKeys;
import org.custodyledger.verify.KeyHandovers;
import org.custodyledger.verify.SetMembership;
import org.custodyledger.verify.TimestampChecks;
import org.custodyledger.verify.WitnessQuorum;
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

    /** The kinds of evidence, in the order they are listed; their texts depend on what the verifier was given. */
    private static List<Kind> kinds(Given given) {
        return List.of(
                new Kind("file bytes", List.of("file-hash"), "no --footage FILE given: this verified the ledger's record of"
                        + " the file (SHA-256 " + given.sha256() + "), not any copy of the file you hold",
                        "the file given with --footage has the registered SHA-256"),
                new Kind("checkpoint signature", List.of("checkpoint-signature"), null, "{first}"),
                new Kind("signing keys", List.of(EventKeys.CHECKPOINT_KEY_PERIOD, KeyHandovers.HISTORY, KeyHandovers.HANDOVER),
                        null, "{n} checks: the key history matches the signed key handovers, and the checkpoint's key was"
                        + " current at its size"),
                new Kind("events", List.of("leaf-format@", "leaf-hash@", "event-signature@", "event-subject@"), null,
                        "{events} events: each leaf canonical, its hash, its signature, and about this footage and SHA-256"),
                new Kind("inclusion proofs", List.of("inclusion@"), null, "{n} events proved included in the checkpoint's tree"),
                new Kind("chain", List.of("chain"), null, "{first}"),
                new Kind("earlier checkpoints", List.of("earlier-checkpoint-signature", "consistency@"),
                        "the bundle carries none", "{n} checks: each signed, and the bundle's tree extends it"),
                new Kind("timestamp", List.of(TimestampChecks.TOKEN, TimestampChecks.CONSISTENCY,
                        TimestampChecks.CHECKPOINT), null, "{n} checks: the RFC 3161 token, its checkpoint and"
                        + " that the bundle's tree extends it"),
                new Kind("witnesses", List.of(WitnessQuorum.CHECK), given.witnessPolicy() ? "the bundle carries no checkpoint"
                        : "no --witness-policy FILE given: cosignatures, if any, were not checked", "{first}"),
                new Kind("readable blocks", List.of("footage-block:", "log-origin"), null,
                        "{n} fields match the signed events"),
                new Kind("set membership", List.of(SetMembership.NAME), null, "{first}"));
    }

    /** The label of the kind a check of this name is listed under, or null when none names it ("other checks"). */
    static String category(String checkName) {
        for (Kind kind : kinds(new Given(false, false, false, false, "", List.of()))) {
            if (kind.prefixes().stream().anyMatch(p -> matches(p, checkName))) {
                return kind.label();
            }
        }
        return null;
    }

    /** A prefix ending in '@' or ':' names a family of checks ({@code inclusion@12}); any other name one check. */
    private static boolean matches(String prefix, String name) {
        return prefix.endsWith("@") || prefix.endsWith(":") ? name.startsWith(prefix) : name.equals(prefix);
    }

    static List<Line> of(VerificationReport report, Given given) {
        String trust = given.sampleKey() ? " — by the PUBLIC SAMPLE KEY: proves nothing"
                : given.trustedKey() ? " — by the key you supplied"
                : " — by the bundle's own key only (no --key): self-consistent, NOT proof the agency's log signed it";
        List<Kind> kinds = kinds(given);
        Set<Check> placed = new LinkedHashSet<>();
        List<Line> lines = new ArrayList<>();
        for (Kind kind : kinds) {
            List<Check> mine = report.checks().stream()
                    .filter(c -> kind.prefixes().stream().anyMatch(p -> matches(p, c.name())))
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
