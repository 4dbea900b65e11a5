package org.custodyledger.cli;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.custodyledger.custody.CanonicalJson;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.report.LedgerAttestations;
import org.custodyledger.report.Period;
import org.custodyledger.report.PeriodFolds;
import org.custodyledger.report.ReportCsv;
import org.custodyledger.report.TransparencyReport;
import org.custodyledger.service.ReportFolding;
import org.custodyledger.storage.Database;
import org.custodyledger.storage.LedgerAttestationStore;
import org.custodyledger.storage.LedgerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code report}: computes a period's transparency report from the ledger's entries, as the
 * service does; with {@code --verify}, recomputes a given report from the entries up to the
 * checkpoint it cites — after checking that checkpoint's signature with the ledger's key and that
 * those entries hash to its root — and says whether the bytes match. Reads only.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Compute a period's transparency report from the ledger, or recompute a published one and compare.",
                "Exit status: 0 computed / MATCH, 1 the report differs or its checkpoint does not hold, 2 could not run."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--period", description = "The period: a quarter YYYY-Qn or a month YYYY-MM (with --verify: the report's).")
    String period;

    @Option(names = "--verify", description = "A report (JSON, as published) to recompute and compare byte for byte.")
    Path verify;

    @Option(names = "--threshold", description = "Suppression threshold (default: the report's with --verify, else "
            + TransparencyReport.DEFAULT_THRESHOLD + ").")
    Integer threshold;

    @Option(names = "--db-url", defaultValue = "${env:CUSTODY_DB_URL}", description = "PostgreSQL URL (env CUSTODY_DB_URL); "
            + "without it the embedded database in <data-dir>/postgres (or the one a running service has up there).")
    String dbUrl;

    @Option(names = "--data-dir", defaultValue = "${env:CUSTODY_DATA_DIR:-./data}",
            description = "The service's data folder (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--out", description = "Write the report here instead of to standard output.")
    Path out;

    @Option(names = "--csv", description = "Write CSV instead of JSON (not with --verify).")
    boolean csv;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<?, ?> given = null;
        byte[] givenBytes = null;
        if (verify != null) {
            givenBytes = Files.readAllBytes(verify);
            if (!(CanonicalJson.parse(givenBytes) instanceof Map<?, ?> m) || !TransparencyReport.FORMAT.equals(m.get("format"))) {
                return fail(err, verify + " is not a " + TransparencyReport.FORMAT);
            }
            given = m;
            if (period != null && !period.equals(m.get("period"))) {
                return fail(err, "--period " + period + " but the report is of " + m.get("period"));
            }
            period = (String) m.get("period");
        }
        if (period == null) {
            return fail(err, "give --period (or --verify REPORT.json)");
        }
        Period p;
        try {
            p = Period.parse(period);
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage());
        }
        if (CommandDatabase.given(dbUrl) == null && !Files.isDirectory(dataDir.resolve("postgres"))) {
            return fail(err, "no database: " + dataDir.resolve("postgres") + " does not exist; give --db-url or --data-dir");
        }
        try (CommandDatabase opened = CommandDatabase.open(dbUrl, dataDir, true)) {
            Vertx vertx = VertxRuntime.create();
            Database database = Database.connect(vertx, opened.url(), 4);
            try {
                LedgerStore ledger = new LedgerStore(database.pool());
                ReportFolding folding = new ReportFolding(vertx, ledger, new LedgerAttestationStore(database.pool()));
                if (given == null) {
                    boolean closed = p.closedAt(Instant.now());
                    TransparencyReport r = folding.report(p, closed, threshold == null ? TransparencyReport.DEFAULT_THRESHOLD
                            : threshold, TransparencyReport.startOfDay(Instant.now())).toCompletionStage().toCompletableFuture().get(1, TimeUnit.HOURS);
                    write(stdout, csv ? r.csv() : r.json());
                    err.println((closed ? "closed" : "provisional") + " report of " + p.id() + ", sha256 " + r.sha256Hex());
                    err.flush();
                    return 0;
                }
                return recompute(stdout, err, ledger, folding, p, given, givenBytes);
            } finally {
                database.close().await(10, TimeUnit.SECONDS);
                vertx.close().await(10, TimeUnit.SECONDS);
            }
        }
    }

    private int recompute(PrintWriter stdout, PrintWriter err, LedgerStore ledger, ReportFolding folding, Period p, Map<?, ?> given,
                          byte[] givenBytes) throws Exception {
        Map<?, ?> cp = (Map<?, ?>) given.get("checkpoint");
        long size = (Long) cp.get("size");
        String note = (String) cp.get("note");
        Checkpoint signed = null;
        for (NoteVerifier key : ledger.keys().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES).values()) {
            try {
                signed = Checkpoints.verify(note, key);
                break;
            } catch (NoteException wrongKey) {
                // try the ledger's next key
            }
        }
        if (signed == null || signed.size() != size) {
            stdout.println("REFUSED: the cited checkpoint note is not signed by the ledger's key for size " + size);
            stdout.flush();
            return 1;
        }
        boolean closed = "closed".equals(given.get("status"));
        Instant countedBefore = closed || !(given.get("countedBefore") instanceof String s) ? null : Instant.parse(s);
        PeriodFolds folded = folding.fold(new PeriodFolds(List.of(p), countedBefore), size, false).toCompletionStage()
                .toCompletableFuture().get(1, TimeUnit.HOURS);
        if (folded.fed() != size || !Arrays.equals(folded.root(), signed.root())) {
            stdout.println("REFUSED: the ledger's first " + size + " entries do not hash to the cited checkpoint's root:"
                    + " an entry was changed, removed or reordered");
            stdout.flush();
            return 1;
        }
        int t = threshold != null ? threshold : ((Long) given.get("threshold")).intValue();
        // The same rows the service took: those recorded by the time the cited checkpoint was stored.
        LedgerAttestations attested = folding.attested(folded.fold(p).sizeAtPeriodEnd(), size).toCompletionStage()
                .toCompletableFuture().get(1, TimeUnit.MINUTES);
        TransparencyReport again = folded.report(p, t, closed, new TransparencyReport.Cited(size, signed.root(), note), attested);
        if (out != null) {
            Files.write(out, again.json());
        }
        if (Arrays.equals(again.json(), givenBytes)) {
            stdout.println("MATCH: " + p.id() + " recomputed from the ledger's " + size + " entries, sha256 " + again.sha256Hex());
            stdout.flush();
            return 0;
        }
        stdout.println("DIFFERS: " + firstDifference(givenBytes, again.json()));
        stdout.flush();
        return 1;
    }

    /** The first CSV row (scope, figure, value) where the given report and the recomputed one disagree. */
    private static String firstDifference(byte[] given, byte[] recomputed) throws Exception {
        List<String> a = List.of(ReportCsv.of(given).split("\r\n"));
        List<String> b = List.of(ReportCsv.of(recomputed).split("\r\n"));
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "(nothing)";
            String y = i < b.size() ? b.get(i) : "(nothing)";
            if (!x.equals(y)) {
                return "the report says " + x + ", the ledger gives " + y;
            }
        }
        return "the bytes differ (not in canonical form?)";
    }

    private void write(PrintWriter stdout, byte[] bytes) throws Exception {
        if (out != null) {
            Files.write(out, bytes);
        } else {
            stdout.print(new String(bytes, StandardCharsets.UTF_8));
            stdout.println();
            stdout.flush();
        }
    }

    private static int fail(PrintWriter err, String message) {
        err.println(message);
        err.flush();
        return 2;
    }
}
