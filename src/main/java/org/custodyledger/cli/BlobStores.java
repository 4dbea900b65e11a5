package org.custodyledger.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.custodyledger.config.AppConfig;
import org.custodyledger.footage.BlobStore;
import org.custodyledger.footage.DirectoryBlobStore;
import org.custodyledger.footage.S3BlobStore;
import org.custodyledger.footage.S3Location;

/** The blob store a configuration names: a folder (by default {@code <data-dir>/blobs}) or an S3 bucket. */
final class BlobStores {
    private BlobStores() {
    }

    static BlobStore open(AppConfig.BlobStorage storage, Path dataDir) throws IOException {
        if (storage.s3()) {
            return S3BlobStore.open(new S3BlobStore.Settings(S3Location.parse(storage.location()), storage.s3Endpoint(),
                    storage.s3Region(), storage.s3PathStyle()));
        }
        return new DirectoryBlobStore(storage.location() == null ? dataDir.resolve("blobs") : Path.of(storage.location()));
    }

    /** Releases what a store holds open (an S3 client's connections). */
    static void close(BlobStore store) {
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing is best effort at shutdown
            }
        }
    }
}
