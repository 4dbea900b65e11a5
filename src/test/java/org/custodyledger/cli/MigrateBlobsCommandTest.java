package org.custodyledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.custodyledger.footage.DirectoryBlobStore;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.S3Proxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** migrate-blobs copies a folder store into a bucket (S3Proxy), checks each object, resumes, and refuses damaged files. */
class MigrateBlobsCommandTest {
    static final String BUCKET = "migrated";
    static S3Proxy s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3Proxy.start(BUCKET);
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    private static Sha256Digest store(DirectoryBlobStore store, byte[] bytes, byte[] named) throws Exception {
        Sha256Digest digest = new Sha256Hasher().update(named).digest();
        Path file = store.pathOf(digest);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return digest;
    }

    private static String[] args(Path from) {
        return new String[] {"migrate-blobs", "--from", from.toString(), "--to", "s3://" + BUCKET + "/moved",
                "--s3-endpoint", s3.endpoint().toString(), "--s3-region", "us-east-1", "--s3-path-style"};
    }

    @Test
    void copiesEveryBlobChecksItResumesAndRefusesADamagedOne(@TempDir Path dir) throws Exception {
        DirectoryBlobStore folder = new DirectoryBlobStore(dir);
        byte[] big = new byte[(8 << 20) + 99];
        new Random(1).nextBytes(big);
        Sha256Digest a = store(folder, big, big);
        Sha256Digest b = store(folder, "small".getBytes(), "small".getBytes());

        Cli.Result first = Cli.run(args(dir));
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("2 blobs: 2 copied and checked, 0 already there intact, 0 failed"), first.out());
        assertEquals(2, s3.keys(BUCKET, "moved/sha256/").size());

        Sha256Digest damaged = store(folder, "changed on disk".getBytes(), "original".getBytes());
        Cli.Result again = Cli.run(args(dir));
        assertEquals(1, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains("3 blobs: 0 copied and checked, 2 already there intact, 1 failed"), again.out());
        assertTrue(again.err().contains("FAILED " + damaged.hex()), again.err());
        assertEquals(List.of(), s3.keys(BUCKET, "moved/tmp/"), "the refused copy left nothing");
        assertTrue(s3.keys(BUCKET, "moved/sha256/").stream().noneMatch(k -> k.endsWith(damaged.hex())),
                "a damaged file never gets a content key");
        assertTrue(s3.keys(BUCKET, "moved/sha256/").stream().anyMatch(k -> k.endsWith(a.hex())));
        assertTrue(s3.keys(BUCKET, "moved/sha256/").stream().anyMatch(k -> k.endsWith(b.hex())));
    }
}
