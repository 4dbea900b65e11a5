package org.custodyledger.cli;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import org.custodyledger.footage.BlobStore;
import org.custodyledger.footage.DirectoryBlobStore;
import org.custodyledger.footage.HashingReceiver;
import org.custodyledger.footage.S3BlobStore;
import org.custodyledger.footage.S3Location;
import org.custodyledger.hash.Sha256Digest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code migrate-blobs}: copies a folder blob store into an S3 bucket, the way an upload lands
 * there (streamed as a multipart upload with per-part SHA-256, hashed on the way, copied to its
 * content key only if it hashes to its name), then reads every object back and checks its hash.
 * Resumable: a blob already in the bucket with the right hash is skipped. The folder is left
 * as it was; switch the service over with {@code serve --blob-store s3://…} once it has run clean.
 */
@Command(name = "migrate-blobs", mixinStandardHelpOptions = true,
        description = {"Copy a folder blob store into an S3 bucket, checking every object's SHA-256 after upload; "
                + "run it again to resume (what is already there intact is skipped).",
                "Exit status: 0 all copied and checked, 1 some blobs failed (named on stderr), 2 could not run."})
final class MigrateBlobsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, description = "The folder store, e.g. <data-dir>/blobs.")
    Path from;

    @Option(names = "--to", required = true, description = "The bucket: s3://BUCKET/PREFIX.")
    String to;

    @Mixin
    S3Options s3 = new S3Options();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(from.resolve("sha256"))) {
            err.println("migrate-blobs: " + from + " holds no blob store (no sha256/ folder)");
            err.flush();
            return 2;
        }
        if (!S3Location.isS3(to)) {
            err.println("migrate-blobs: --to must be s3://BUCKET/PREFIX, got " + to);
            err.flush();
            return 2;
        }
        DirectoryBlobStore source = new DirectoryBlobStore(from);
        Vertx vertx = VertxRuntime.create();
        try (S3BlobStore target = (S3BlobStore) BlobStores.open(s3.storage(to), from)) {
            List<String> names = source.storedNames();
            long total = 0;
            for (String name : names) {
                total += Files.size(source.pathOf(Sha256Digest.fromHex(name)));
            }
            int copied = 0;
            int skipped = 0;
            List<String> failed = new ArrayList<>();
            try (ProgressBar bar = ProgressBars.create(err, "migrate-blobs", total, "MiB", 1 << 20)) {
                for (String name : names) {
                    Sha256Digest digest = Sha256Digest.fromHex(name);
                    Path file = source.pathOf(digest);
                    long size = Files.size(file);
                    try {
                        if (target.holdsIntact(digest)) {
                            skipped++;
                        } else {
                            copy(vertx, file, digest, target);
                            if (!digest.equals(target.rehash(digest))) {
                                throw new IllegalStateException("the object read back does not hash to its name");
                            }
                            copied++;
                        }
                    } catch (Exception e) {
                        failed.add(name + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    }
                    bar.stepBy(size);
                }
            }
            out.printf("%d blobs: %d copied and checked, %d already there intact, %d failed, into %s%n", names.size(),
                    copied, skipped, failed.size(), target.location());
            out.flush();
            if (!failed.isEmpty()) {
                failed.forEach(f -> err.println("migrate-blobs FAILED " + f));
                err.println("run migrate-blobs again once the cause is fixed; a blob whose file no longer hashes to its "
                        + "name is damaged in the folder: run audit --rehash-blobs");
                err.flush();
                return 1;
            }
            return 0;
        } catch (Exception e) {
            err.println("migrate-blobs failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            err.flush();
            return 2;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** Streams one file into the bucket as an upload would, refusing it if its bytes no longer hash to its name. */
    private static void copy(Vertx vertx, Path file, Sha256Digest digest, BlobStore target) throws Exception {
        Promise<Boolean> done = Promise.promise();
        HashingReceiver.Terms terms = new HashingReceiver.Terms(Long.MAX_VALUE, Duration.ofMinutes(5),
                Promise.<Void>promise().future());
        vertx.getOrCreateContext().runOnContext(v -> vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true))
                .compose(in -> target.receive(vertx, in, terms).onComplete(ar -> in.close()))
                .compose(incoming -> incoming.digest().equals(digest) ? incoming.commit()
                        : incoming.discard().compose(x -> Future.<Boolean>failedFuture(new IllegalStateException(
                                "the file hashes to " + incoming.digest().hex() + ", not to its name"))))
                .onComplete(done));
        done.future().await(1, TimeUnit.HOURS);
    }
}
