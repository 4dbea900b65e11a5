package org.custodyledger.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.custodyledger.footage.BlobCopier;
import org.custodyledger.footage.BlobStore;
import org.custodyledger.footage.DirectoryBlobStore;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.storage.DatabaseExport;
import org.custodyledger.storage.DatabaseSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backup}: a consistent copy of a running (or stopped) service. The database first, in
 * one snapshot; then exactly the blobs that snapshot says are held. Blobs are renamed into
 * place before their row commits and never modified, so every one the snapshot names is
 * already complete on disk; uploads committing later are neither in the snapshot nor copied.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Back up the ledger database (one consistent snapshot) and then the footage it holds, while the "
                + "service runs or not. manifest.json is written last: a folder without it is not a backup.",
                "Exit status: 0 complete, 1 incomplete (footage disposed during the backup: run it again), 2 could not run."})
final class BackupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db-url", defaultValue = "${env:CUSTODY_DB_URL}",
            description = "PostgreSQL URL (env CUSTODY_DB_URL); without it the embedded database in <data-dir>/postgres,"
                    + " the running service's if one runs there.")
    String dbUrl;

    @Option(names = "--data-dir", defaultValue = "${env:CUSTODY_DATA_DIR:-./data}",
            description = "The service's data folder (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = {"--blob-store", "--blobs"}, defaultValue = "${env:CUSTODY_BLOB_STORE}",
            description = "The blob store: a folder or s3://BUCKET/PREFIX, whose held blobs are copied (and re-hashed "
                    + "on the way) into <out>/blobs (env CUSTODY_BLOB_STORE; default <data-dir>/blobs).")
    String blobs;

    @Mixin
    S3Options s3 = new S3Options();

    @Option(names = "--out", required = true, description = "A new or empty folder to write the backup into.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Folders.isNewOrEmpty(out)) {
            err.println("backup: " + out + " is not empty; give a new folder to --out");
            err.flush();
            return 2;
        }
        Files.createDirectories(out);
        // A running service's embedded server is joined: the export is one snapshot, so the service may keep writing.
        CommandDatabase database = null;
        BlobStore source = null;
        try {
            database = CommandDatabase.open(dbUrl, dataDir, true);
            DatabaseExport.Result exported = DatabaseExport.export(database.url(), out);
            DatabaseSnapshot snapshot = exported.snapshot();
            source = BlobStores.open(s3.storage(blobs), dataDir);
            BlobCopier copier = new BlobCopier(source, new DirectoryBlobStore(out.resolve("blobs")));
            long bytes = 0;
            List<String> gone = new ArrayList<>();
            for (DatabaseExport.HeldFootage footage : exported.held()) {
                try {
                    bytes += copier.copy(Sha256Digest.fromHex(footage.sha256Hex()));
                } catch (NoSuchFileException e) {
                    gone.add(footage.id());
                }
            }
            Files.deleteIfExists(out.resolve("blobs").resolve("tmp"));
            if (!gone.isEmpty()) {
                err.println("backup INCOMPLETE: the bytes of " + gone.size() + " footage held at the snapshot are gone from"
                        + " the blob store (disposed after the snapshot, or lost): " + String.join(", ", gone)
                        + ". No manifest was written. Run the backup again into a new folder; if the same footage is"
                        + " named again, run audit --rehash-blobs.");
                err.flush();
                return 1;
            }
            BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, Instant.now(), snapshot,
                    exported.held().size(), bytes);
            manifest.writeTo(out);
            stdout.printf("backed up tree size %d (root %s), %d tables, %d blobs (%d bytes) into %s%n",
                    snapshot.treeSize(), snapshot.root(), snapshot.tables().size(), manifest.blobCount(), bytes, out);
            stdout.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("backup failed: " + e.getMessage());
            err.flush();
            return 2;
        } finally {
            if (database != null) {
                database.close();
            }
            BlobStores.close(source);
        }
    }
}
