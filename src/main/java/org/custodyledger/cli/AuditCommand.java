package org.custodyledger.cli;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import org.custodyledger.footage.BlobStore;
import org.custodyledger.service.AuditService;
import org.custodyledger.service.ReportJson;
import org.custodyledger.storage.Database;
import org.custodyledger.storage.FootageStore;
import org.custodyledger.storage.LedgerStore;
import org.custodyledger.verify.LedgerAudit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code audit}: re-reads the whole ledger from the database and reports the first place it
 * disagrees with itself. Reads only: it applies no migrations and writes nothing.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Audit the whole ledger: recompute every leaf hash, verify every signature (on all cores), rebuild "
                + "the tree and compare every stored node, checkpoint and the head, check every footage's chain, and "
                + "optionally re-hash every held blob.", "Exit status: 0 clean, 1 divergences found, 2 could not run."})
final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db-url", defaultValue = "${env:CUSTODY_DB_URL}",
            description = "PostgreSQL URL (env CUSTODY_DB_URL); without it the embedded database in <data-dir>/postgres, "
                    + "which must not be in use by a running service.")
    String dbUrl;

    @Option(names = "--data-dir", defaultValue = "${env:CUSTODY_DATA_DIR:-./data}",
            description = "The service's data folder: embedded database and blobs (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--rehash-blobs", description = "Also re-hash every held footage file in the blob store (streamed), "
            + "and name stored blobs no footage accounts for.")
    boolean rehashBlobs;

    @Option(names = "--blob-store", defaultValue = "${env:CUSTODY_BLOB_STORE}",
            description = "The service's blob store: a folder or s3://BUCKET/PREFIX (env CUSTODY_BLOB_STORE; "
                    + "default <data-dir>/blobs).")
    String blobStore;

    @Mixin
    S3Options s3 = new S3Options();

    @Option(names = "--no-signatures", description = "Skip signature verification (structure and hashes only).")
    boolean noSignatures;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (CommandDatabase.given(dbUrl) == null && !Files.isDirectory(dataDir.resolve("postgres"))) {
            err.println("no database: " + dataDir.resolve("postgres") + " does not exist; give --db-url or --data-dir");
            err.flush();
            return 2;
        }
        CommandDatabase opened;
        try {
            // Never joins a running service's embedded server: an audit of a ledger in use is done with --db-url.
            opened = CommandDatabase.open(dbUrl, dataDir, false);
        } catch (Exception e) {
            err.println("cannot open the embedded database (is the service running on it? then use --db-url): "
                    + e.getMessage());
            err.flush();
            return 2;
        }
        Vertx vertx = VertxRuntime.create();
        Database database = Database.connect(vertx, opened.url(), 4);
        BlobStore blobs = null;
        try {
            try {
                // A ledger an older release left behind is named as such, not met with a missing relation.
                database.requireCurrentSchema().await(1, TimeUnit.MINUTES);
            } catch (Exception e) {
                err.println("the audit could not run: " + e.getMessage() + (CommandDatabase.given(dbUrl) == null
                        ? " (an embedded data folder is migrated by starting `serve` on it once)" : ""));
                err.flush();
                return 2;
            }
            blobs = rehashBlobs ? BlobStores.open(s3.storage(blobStore), dataDir) : null;
            LedgerStore ledger = new LedgerStore(database.pool());
            AuditService audits = new AuditService(vertx, ledger, new FootageStore(database.pool()), blobs);
            AuditService.Progress progress = new AuditService.Progress();
            long started = System.nanoTime();
            var run = audits.run(new AuditService.Options(!noSignatures, rehashBlobs), progress);
            try (ProgressBar bar = ProgressBars.create(err, "audit", 1, " entries", 1)) {
                while (!run.isComplete()) {
                    bar.maxHint(Math.max(1, progress.entriesTotal.get()));
                    bar.stepTo(progress.entriesChecked.get());
                    Thread.sleep(200);
                }
                bar.stepTo(progress.entriesChecked.get());
            }
            if (run.failed()) {
                err.println("the audit could not run: " + run.cause().getMessage());
                err.flush();
                return 2;
            }
            LedgerAudit.Summary summary = run.result();
            double seconds = (System.nanoTime() - started) / 1e9;
            if (json) {
                out.println(ReportJson.summary(summary).put("clean", summary.clean()).put("seconds", Math.round(seconds * 1000) / 1000.0).encodePrettily());
            } else {
                print(out, summary, seconds);
            }
            out.flush();
            return summary.clean() ? 0 : 1;
        } finally {
            database.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
            opened.close();
            BlobStores.close(blobs);
        }
    }

    private void print(PrintWriter out, LedgerAudit.Summary s, double seconds) {
        out.printf("entries %d, signatures verified %d, tree nodes compared %d, checkpoints verified %d, footage chains %d,"
                        + " blobs re-hashed %d in %.1f s (%.0f entries/s)%n", s.entries(), s.signaturesVerified(),
                s.nodesCompared(), s.checkpointsVerified(), s.footageChains(), s.blobsRehashed(), seconds,
                s.entries() / Math.max(seconds, 1e-9));
        if (s.clean()) {
            out.println("CLEAN: the stored ledger agrees with itself everywhere it was checked");
            return;
        }
        out.println("DIVERGED: " + s.failures() + " divergence(s); the first:");
        for (LedgerAudit.Divergence d : s.divergences()) {
            out.println("  " + d.table() + (d.index() >= 0 ? " @" + d.index() : "") + " [" + d.check() + "] " + d.detail()
                    + (d.expected() == null && d.actual() == null ? "" : " (expected " + d.expected() + ", actual "
                    + d.actual() + ")"));
        }
    }
}
