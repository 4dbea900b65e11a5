package org.custodyledger.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.note.TrustedKey;
import org.custodyledger.service.BundleJson;
import org.custodyledger.service.BundleSetJson;
import org.custodyledger.service.BundleSets;
import org.custodyledger.service.ReportJson;
import org.custodyledger.verify.Check;
import org.custodyledger.verify.CustodyTable;
import org.custodyledger.verify.ReadableBlocks;
import org.custodyledger.verify.EventKeys;
import org.custodyledger.verify.EvidenceEvent;
import org.custodyledger.verify.FootageVerifier;
import org.custodyledger.verify.KeyHandovers;
import org.custodyledger.verify.LedgerChecks;
import org.custodyledger.timestamp.TimestampException;
import org.custodyledger.timestamp.TsaCertificates;
import org.custodyledger.verify.SetMembership;
import org.custodyledger.verify.TimestampChecks;
import org.custodyledger.verify.TimestampEvidence;
import org.custodyledger.verify.VerificationReport;
import org.custodyledger.verify.WitnessQuorum;
import org.custodyledger.witness.Policy;
import org.custodyledger.witness.PolicyParser;
import org.custodyledger.witness.WitnessException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code verify-bundle}: checks an evidence bundle or a bundle set offline — no server, no
 * database — with the pure verifier. The trust anchor is the log key the user supplies; with
 * only the bundle's own key the result shows the bundle is self-consistent, not who made it.
 */
@Command(name = "verify-bundle", mixinStandardHelpOptions = true,
        description = {"Verify an evidence bundle, or a bundle set (a case's or a complaint's: each member's bundle and its membership) offline: "
                + "every event's signature and inclusion proof, the checkpoint's signature, the history's chain, earlier "
                + "checkpoints' consistency, and optionally the footage file.",
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

    @Option(names = "--tsa-cert", paramLabel = "PEM", description = "A time-stamping authority's certificate or its CA "
            + "(repeatable; every certificate in each file is trusted): also check the bundle's RFC 3161 timestamp — the "
            + "token over its checkpoint note, that note's log signature and its consistency with the bundle's checkpoint — "
            + "and say which events existed no later than its time.")
    List<Path> tsaCertFiles;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<BundleJson.Read> reads;
        BundleSetJson.Read set = null;
        List<NoteVerifier> supplied;
        List<TrustedKey> keyFile;
        Policy policy;
        List<X509Certificate> tsaCerts;
        try {
            String problem = inputProblem();
            if (problem != null) {
                return unreadable(err, problem);
            }
            String text = Files.readString(bundle, StandardCharsets.UTF_8);
            if (BundleSetJson.isBundleSet(text)) {
                set = BundleSetJson.read(text);
                reads = set.members();
                if (footage != null) {
                    throw new IllegalArgumentException("--footage checks one file against one footage's bundle;"
                            + " a bundle set holds several: verify that footage's own bundle with --footage");
                }
            } else {
                reads = List.of(BundleJson.read(text));
            }
            keyFile = trust.readTrusted();
            supplied = keyFile.stream().map(TrustedKey::key).toList();
            policy = witnessPolicy == null ? null : PolicyParser.parse(Files.readString(witnessPolicy, StandardCharsets.UTF_8));
            tsaCerts = readTsaCerts();
        } catch (IOException | IllegalArgumentException | NoteException | WitnessException | TimestampException e) {
            return unreadable(err, e.getMessage());
        }
        boolean anchored = !supplied.isEmpty();
        List<VerificationReport> reports = new ArrayList<>();
        List<ReadableBlocks.Result> readable = new ArrayList<>();
        List<String> timestampLines = new ArrayList<>();
        boolean sample = false;
        for (BundleJson.Read read : reads) {
            try {
                List<NoteVerifier> trusted = anchored ? supplied : read.keys();
                sample |= SampleKey.anySample(trusted);
                List<Check> checks = checks(read, trusted, keyFile, policy);
                timestampLines.add(timestamp(read, trusted, tsaCerts, checks));
                ReadableBlocks.Result blocks = readableBlocks(read);
                checks.addAll(blocks.checks());
                readable.add(blocks);
                if (set != null) {
                    checks.add(SetMembership.check(read.evidence(), set.kind(), set.id()));
                }
                reports.add(new VerificationReport(checks));
            } catch (IOException e) {
                return unreadable(err, "cannot read the footage file " + footage + ": " + e.getMessage());
            }
        }
        boolean verified = reports.stream().allMatch(VerificationReport::verified);
        if (json) {
            printJson(out, set, reads, reports, readable, anchored, sample, verified);
        } else {
            if (sample) {
                err.println(SampleKey.WARNING);
            }
            if (!anchored) {
                err.println("""
                        WARNING: no trusted key given (--key / --key-file): checking against the key the bundle carries.
                        WARNING: this shows the bundle is consistent with itself, NOT that the agency's log signed it.
                        WARNING: get the log's verifier key from the agency's published /api/v1/ledger/key and pass --key.""");
            }
            if (set != null) {
                out.println(set.kind() + " " + set.id() + (set.title() == null ? "" : " (" + set.title() + ")") + ": "
                        + reads.size() + " footage, each checked as its own evidence bundle and as a member");
            }
            String trustNote = (sample ? " — against the PUBLIC SAMPLE KEY: this proves nothing"
                    : anchored ? " against the supplied key" : " (self-consistent only: no trusted key given)")
                    + (footage == null ? "; the footage file itself was NOT checked (no --footage)" : "");
            for (int i = 0; i < reads.size(); i++) {
                BundleJson.Read read = reads.get(i);
                out.println("footage " + read.evidence().footageId() + "  sha256 " + read.evidence().sha256().hex() + "  "
                        + read.evidence().events().size() + " events");
                CustodyTableLines.print(out, CustodyTable.of(read.evidence().events()));
                out.println("Checks:");
                ReportLines.printChecks(out, reports.get(i));
                if (timestampLines.get(i) != null) {
                    out.println(timestampLines.get(i));
                }
                CheckedSummary.print(out, CheckedSummary.of(reports.get(i), given(read, readable.get(i), anchored, sample,
                        policy != null)));
                ReportLines.printVerdict(out, reports.get(i), trustNote);
            }
            if (set != null) {
                long failed = reports.stream().filter(r -> !r.verified()).count();
                String kind = set.kind().toUpperCase(java.util.Locale.ROOT);
                out.println(verified ? kind + " VERIFIED: all " + reads.size() + " footage bundles verified"
                        : kind + " NOT VERIFIED: " + failed + " of " + reads.size() + " footage bundles failed");
            }
        }
        out.flush();
        err.flush();
        return verified ? 0 : 1;
    }

    /**
     * The checks of one footage's evidence, against {@code trusted} keys (the supplied ones, or
     * the bundle's own) and the key file's revocations: the readable key history against the
     * signed handovers first, then each event against the key the signed handovers allow at its index.
     */
    private List<Check> checks(BundleJson.Read read, List<NoteVerifier> trusted, List<TrustedKey> keyFile, Policy policy)
            throws IOException {
        KeyHandovers.Result handovers = KeyHandovers.check(read.keyHistory(), read.keyHandovers(), trusted);
        EventKeys eventKeys = EventKeys.forBundle(handovers.periods(), read.keys(), trusted,
                read.evidence().checkpointNote()).withRevocations(keyFile);
        List<Check> checks = new ArrayList<>();
        if (footage != null) {
            checks.add(LedgerChecks.fileHash(read.evidence().sha256(), hash(footage)));
        }
        checks.addAll(FootageVerifier.verify(read.evidence(), trusted, eventKeys));
        checks.addAll(handovers.checks());
        if (!read.keyHistory().isEmpty() || eventKeys.anyRevoked()) {
            // A trusted key outside its period (retired before this size, or revoked) does not vouch for the tree.
            String refusal = eventKeys.checkpointRefusal(read.evidence().checkpointNote());
            checks.add(refusal == null ? Check.pass(EventKeys.CHECKPOINT_KEY_PERIOD, "the checkpoint is signed by the key current at its size")
                    : Check.fail(EventKeys.CHECKPOINT_KEY_PERIOD, refusal));
        }
        if (policy != null) {
            List<String> notes = new ArrayList<>(List.of(read.evidence().checkpointNote()));
            read.evidence().earlierCheckpoints().forEach(c -> notes.add(c.note()));
            checks.add(WitnessQuorum.check(policy, notes,
                    read.evidence().events().stream().map(EvidenceEvent::index).toList()));
        }
        return checks;
    }

    /** Why the files given cannot be what they are given as, or null: checked before any parser sees them. */
    private String inputProblem() throws IOException {
        String problem = InputFiles.bundleProblem(bundle);
        if (problem == null && trust.keyFile != null) {
            problem = InputFiles.keyFileProblem(trust.keyFile);
        }
        if (problem == null && footage != null) {
            problem = InputFiles.footageProblem(footage);
        }
        return problem;
    }

    /** Unreadable input: one line saying what is wrong (exit 2, as the usage says). */
    private static int unreadable(PrintWriter err, String why) {
        err.println("cannot verify: " + (why == null ? "unreadable input" : why.replaceAll("\\s*[\\r\\n]+\\s*", " ")));
        err.flush();
        return 2;
    }

    /** The bundle's readable footage block and logOrigin against its signed events. */
    private static ReadableBlocks.Result readableBlocks(BundleJson.Read read) {
        Object block = read.json().getValue("footage");
        Object origin = read.json().getValue("logOrigin");
        return ReadableBlocks.check(block instanceof JsonObject j ? j.getMap() : null,
                origin instanceof String o ? o : null, read.evidence());
    }

    private CheckedSummary.Given given(BundleJson.Read read, ReadableBlocks.Result blocks, boolean anchored, boolean sample,
                                       boolean withPolicy) {
        return new CheckedSummary.Given(footage != null, anchored, sample, withPolicy, read.evidence().sha256().hex(),
                blocks.unsignedNotChecked());
    }

    /** Every certificate of every --tsa-cert file; null without the option. */
    private List<X509Certificate> readTsaCerts() throws IOException, TimestampException {
        if (tsaCertFiles == null || tsaCertFiles.isEmpty()) {
            return null;
        }
        List<X509Certificate> certs = new ArrayList<>();
        for (Path file : tsaCertFiles) {
            certs.addAll(TsaCertificates.parse(Files.readString(file, StandardCharsets.UTF_8), "--tsa-cert " + file));
        }
        return certs;
    }

    /**
     * With --tsa-cert, adds the timestamp's checks to {@code checks} and answers what it proves
     * (null when it failed: the failed check says why); without it, says the timestamp the bundle
     * carries was not checked. Null when there is nothing to say.
     */
    private static String timestamp(BundleJson.Read read, List<NoteVerifier> trusted, List<X509Certificate> tsaCerts,
                                    List<Check> checks) {
        TimestampEvidence ts = read.timestamp();
        if (tsaCerts == null) {
            return ts == null ? null : "timestamp NOT checked: the bundle carries an RFC 3161 token (genTime " + ts.genTime()
                    + " from " + ts.tsa() + ", as the bundle states); give --tsa-cert PEM (the TSA's certificate or CA) to check it";
        }
        if (ts == null) {
            checks.add(Check.fail(TimestampChecks.TOKEN, "the bundle carries no RFC 3161 timestamp to check"));
            return null;
        }
        TimestampChecks.Outcome outcome = TimestampChecks.check(ts, read.evidence().checkpointNote(), trusted, tsaCerts);
        checks.addAll(outcome.checks());
        return outcome.verified() ? "timestamp: " + TimestampChecks.statement(outcome.token(), outcome.stamped(),
                read.evidence().events().stream().map(EvidenceEvent::index).toList()) : null;
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

    /** A footage bundle's report as before; a bundle set's as what it is of, with one such report per member. */
    private void printJson(PrintWriter out, BundleSetJson.Read set, List<BundleJson.Read> reads,
                           List<VerificationReport> reports, List<ReadableBlocks.Result> readable, boolean anchored,
                           boolean sample, boolean verified) {
        JsonArray members = new JsonArray();
        for (int i = 0; i < reads.size(); i++) {
            JsonArray custody = new JsonArray();
            CustodyTable.of(reads.get(i).evidence().events()).forEach(r -> custody.add(new JsonObject()
                    .put("index", r.index()).put("time", r.time()).put("who", r.who()).put("role", r.role())
                    .put("what", r.what()).put("where", r.where()).put("why", r.why()).put("readable", r.readable())));
            JsonArray summary = new JsonArray();
            CheckedSummary.of(reports.get(i), given(reads.get(i), readable.get(i), anchored, sample, witnessPolicy != null))
                    .forEach(l -> summary.add(new JsonObject().put("what", l.what()).put("status", l.status())
                            .put("detail", l.detail())));
            members.add(new JsonObject()
                    .put("verified", reports.get(i).verified())
                    .put("footageId", reads.get(i).evidence().footageId())
                    .put("sha256", reads.get(i).evidence().sha256().hex())
                    .put("trust", anchored ? "supplied-key" : "bundle-key-only")
                    .put("sampleKey", sample)
                    .put("footageFileChecked", footage != null)
                    .put("checks", ReportJson.checks(reports.get(i)))
                    .put("unsignedNotChecked", new JsonArray(new ArrayList<>(readable.get(i).unsignedNotChecked())))
                    .put("summary", summary)
                    .put("custody", custody));
        }
        JsonObject of = set == null ? null : new JsonObject().put(set.kind(), set.id());
        if (of != null && set.title() != null) {
            of.put("title", set.title());
        }
        JsonObject json = set == null ? members.getJsonObject(0) : new JsonObject()
                .put("verified", verified)
                .put("format", BundleSets.FORMAT)
                .put("of", of)
                .put("trust", anchored ? "supplied-key" : "bundle-key-only")
                .put("sampleKey", sample)
                .put("members", members);
        out.println(json.encodePrettily());
    }
}
