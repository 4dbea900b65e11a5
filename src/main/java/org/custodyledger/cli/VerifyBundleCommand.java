package org.custodyledger.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.service.BundleJson;
import org.custodyledger.service.ComplaintBundles;
import org.custodyledger.service.ReportJson;
import org.custodyledger.verify.Check;
import org.custodyledger.verify.FootageVerifier;
import org.custodyledger.verify.WitnessQuorum;
import org.custodyledger.witness.Policy;
import org.custodyledger.witness.PolicyParser;
import org.custodyledger.witness.WitnessException;
import org.custodyledger.verify.LedgerChecks;
import org.custodyledger.verify.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code verify-bundle}: checks an evidence bundle offline — no server, no database — with
 * the pure verifier. The trust anchor is the log key the user supplies; with only the
 * bundle's own key the result shows the bundle is self-consistent, not who made it.
 */
@Command(name = "verify-bundle", mixinStandardHelpOptions = true,
        description = {"Verify an evidence bundle offline: every event's signature and inclusion proof, the checkpoint's "
                + "signature, the history's chain, earlier checkpoints' consistency, and optionally the footage file. "
                + "A complaint's bundle (GET /api/v1/complaints/{id}/bundle) is checked footage by footage.",
                "Exit status: 0 verified, 1 a check failed, 2 unreadable input."})
final class VerifyBundleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "The bundle JSON file.")
    Path bundle;

    @Option(names = "--footage", paramLabel = "FILE", description = "The footage file, re-hashed and compared with the registered SHA-256.")
    Path footage;

    @Mixin
    TrustOptions trust = new TrustOptions();

    @Option(names = "--witness-policy", paramLabel = "FILE", description = "A c2sp.org/tlog-policy file: also check that a "
            + "checkpoint in the bundle is cosigned by witnesses meeting its quorum, and report which cosigned.")
    Path witnessPolicy;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String text;
        JsonArray many;
        try {
            text = Files.readString(bundle, StandardCharsets.UTF_8);
            many = complaintBundles(text);
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot verify: " + e.getMessage());
            err.flush();
            return 2;
        }
        if (many == null) {
            return verifyOne(text, out, err);
        }
        // A complaint's bundle: each footage's evidence bundle checked as if it came alone; the worst verdict wins.
        int worst = 0;
        for (Object one : many) {
            worst = Math.max(worst, verifyOne(((JsonObject) one).encode(), out, err));
        }
        out.println(many.size() + " footage bundle(s) of the complaint: " + (worst == 0 ? "all VERIFIED" : "NOT all verified"));
        out.flush();
        return worst;
    }

    /** The footage bundles of a complaint bundle (format custody-ledger-complaint-bundle), or null for a single bundle. */
    private JsonArray complaintBundles(String text) {
        JsonObject top = new JsonObject(text);
        if (!ComplaintBundles.FORMAT.equals(top.getString("format"))) {
            return null;
        }
        if (footage != null) {
            throw new IllegalArgumentException("--footage names one file; a complaint's bundle holds several footage");
        }
        return top.getJsonArray("bundles", new JsonArray());
    }

    private int verifyOne(String text, PrintWriter out, PrintWriter err) {
        BundleJson.Read read;
        List<NoteVerifier> trusted;
        Policy policy;
        try {
            read = BundleJson.read(text);
            trusted = trust.read();
            policy = witnessPolicy == null ? null : PolicyParser.parse(Files.readString(witnessPolicy, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException | NoteException | WitnessException e) {
            err.println("cannot verify: " + e.getMessage());
            err.flush();
            return 2;
        }
        boolean anchored = !trusted.isEmpty();
        if (!anchored) {
            trusted = read.keys();
        }
        Map<String, NoteVerifier> eventKeys = new HashMap<>();
        read.keys().forEach(k -> eventKeys.put(k.keyIdHex(), k));
        trusted.forEach(k -> eventKeys.put(k.keyIdHex(), k));
        List<Check> checks = new ArrayList<>();
        if (footage != null) {
            try {
                checks.add(LedgerChecks.fileHash(read.evidence().sha256(), hash(footage)));
            } catch (IOException e) {
                err.println("cannot read the footage file: " + e.getMessage());
                err.flush();
                return 2;
            }
        }
        checks.addAll(FootageVerifier.verify(read.evidence(), trusted, eventKeys));
        if (policy != null) {
            List<String> notes = new ArrayList<>(List.of(read.evidence().checkpointNote()));
            read.evidence().earlierCheckpoints().forEach(c -> notes.add(c.note()));
            checks.add(WitnessQuorum.check(policy, notes));
        }
        VerificationReport report = new VerificationReport(checks);
        if (json) {
            printJson(out, read, report, anchored);
        } else {
            printText(out, err, read, report, anchored);
        }
        out.flush();
        err.flush();
        return report.verified() ? 0 : 1;
    }

    private static Sha256Digest hash(Path file) throws IOException {
        Sha256Hasher hasher = new Sha256Hasher();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                hasher.update(buf, 0, n);
            }
        }
        return hasher.digest();
    }

    private void printText(PrintWriter out, PrintWriter err, BundleJson.Read read, VerificationReport report,
                           boolean anchored) {
        if (!anchored) {
            err.println("""
                    WARNING: no trusted key given (--key / --key-file): checking against the key the bundle carries.
                    WARNING: this shows the bundle is consistent with itself, NOT that the agency's log signed it.
                    WARNING: get the log's verifier key from the agency's published /api/v1/ledger/key and pass --key.""");
        }
        out.println("footage " + read.evidence().footageId() + "  sha256 " + read.evidence().sha256().hex() + "  "
                + read.evidence().events().size() + " events");
        ReportLines.print(out, report,
                anchored ? " against the supplied key" : " (self-consistent only: no trusted key given)");
    }

    private static void printJson(PrintWriter out, BundleJson.Read read, VerificationReport report, boolean anchored) {
        out.println(new JsonObject()
                .put("verified", report.verified())
                .put("footageId", read.evidence().footageId())
                .put("sha256", read.evidence().sha256().hex())
                .put("trust", anchored ? "supplied-key" : "bundle-key-only")
                .put("checks", ReportJson.checks(report))
                .encodePrettily());
    }
}
