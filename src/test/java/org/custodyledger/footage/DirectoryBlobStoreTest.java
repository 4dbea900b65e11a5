package org.custodyledger.footage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blob-store contract on a folder, and what only a folder has (temporary files by age). */
class DirectoryBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path root;

    @Override
    BlobStore store() throws Exception {
        return new DirectoryBlobStore(root.resolve("blobs-" + System.nanoTime()));
    }

    @Test
    void onlyTemporaryFilesUntouchedForTheGivenTimeAreRemovedUnlessAllAre() throws Exception {
        DirectoryBlobStore store = new DirectoryBlobStore(root);
        Path abandoned = Files.write(store.newTempFile(), new byte[10]);
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofMinutes(11))));
        Path inProgress = Files.write(store.newTempFile(), new byte[10]);

        assertEquals(1, store.removeStaleTempFiles(Duration.ofMinutes(10)));
        assertFalse(Files.exists(abandoned));
        assertTrue(Files.exists(inProgress), "another instance's upload in progress is left alone");
        assertEquals(1, store.removeStaleTempFiles(Duration.ZERO));
        assertFalse(Files.exists(inProgress));
    }
}
