package org.custodyledger.cli;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.custodyledger.footage.BlobCopier;
import org.custodyledger.footage.DirectoryBlobStore;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.storage.DatabaseImport;
import org.custodyledger.storage.EmbeddedPostgresServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code restore}: a backup into a fresh data directory with its own embedded PostgreSQL. The
 * tables load with every trigger and constraint on, and every blob is re-hashed on the way in,
 * so what restores is what the backup's manifest describes or nothing claims it is.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a backup into a new data directory (embedded PostgreSQL). Then start it with "
                + "serve --data-dir and check it with audit --data-dir DIR --rehash-blobs.",
                "Exit status: 0 restored, 2 could not restore (the data directory is then to be removed)."})
final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BACKUP", description = "The folder backup wrote (holding manifest.json).")
    Path backup;

    @Option(names = "--data-dir", required = true, description = "A new or empty folder to restore into.")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Folders.isNewOrEmpty(dataDir)) {
            err.println("restore: " + dataDir + " is not empty; restore into a new folder");
            err.flush();
            return 2;
        }
        try {
            BackupManifest manifest = BackupManifest.readFrom(backup);
            DatabaseImport.verifyFiles(backup, manifest.database());
            try (EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(dataDir, true)) {
                Vertx vertx = VertxRuntime.create();
                try {
                    DatabaseImport.load(vertx, embedded.url("postgres"), backup, manifest.database());
                } finally {
                    vertx.close().await(10, TimeUnit.SECONDS);
                }
            }
            long[] copied = copyBlobs(backup.resolve("blobs"), dataDir.resolve("blobs"));
            if (copied[0] != manifest.blobCount() || copied[1] != manifest.blobBytes()) {
                throw new IOException("the backup holds " + copied[0] + " blobs (" + copied[1] + " bytes), its manifest "
                        + "says " + manifest.blobCount() + " (" + manifest.blobBytes() + " bytes)");
            }
            stdout.printf("restored tree size %d (root %s) and %d blobs (%d bytes) into %s%n",
                    manifest.database().treeSize(), manifest.database().root(), copied[0], copied[1], dataDir);
            stdout.println("check it: audit --data-dir " + dataDir + " --rehash-blobs");
            stdout.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("restore failed: " + e.getMessage() + "; remove " + dataDir + " before trying again");
            err.flush();
            return 2;
        }
    }

    /** Copies every blob the backup holds, re-hashing each; answers {count, bytes}. */
    private static long[] copyBlobs(Path from, Path to) throws IOException {
        BlobCopier copier = new BlobCopier(new DirectoryBlobStore(from), new DirectoryBlobStore(to));
        long[] copied = new long[2];
        Path store = from.resolve("sha256");
        List<Path> files;
        try (Stream<Path> walk = Files.isDirectory(store) ? Files.walk(store, 3) : Stream.empty()) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            copied[1] += copier.copy(Sha256Digest.fromHex(file.getFileName().toString()));
            copied[0]++;
        }
        return copied;
    }
}
