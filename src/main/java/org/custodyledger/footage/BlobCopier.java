package org.custodyledger.footage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.hash.Sha256Hasher;

/**
 * Copies stored footage from a blob store (a folder or a bucket) into a folder store, the way
 * an upload lands: into the target's temporary folder, hashed on the way, fsynced, renamed
 * into place. A file whose bytes
 * no longer match its name is refused rather than copied, so a backup or a restore never
 * carries damaged footage forward silently.
 */
public final class BlobCopier {
    private final BlobStore from;
    private final DirectoryBlobStore to;

    public BlobCopier(BlobStore from, DirectoryBlobStore to) {
        this.from = from;
        this.to = to;
    }

    /**
     * Copies one blob; answers its size in bytes. Throws {@link java.nio.file.NoSuchFileException}
     * when the source has no such file, and {@link IOException} when its bytes do not hash to its name.
     */
    public long copy(Sha256Digest digest) throws IOException {
        Path temp = to.newTempFile();
        Sha256Hasher hasher = new Sha256Hasher();
        try {
            try (InputStream in = from.open(digest, 0, -1);
                 FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] block = new byte[1 << 20];
                int n;
                while ((n = in.read(block)) >= 0) {
                    hasher.update(block, 0, n);
                    ByteBuffer buffer = ByteBuffer.wrap(block, 0, n);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                }
                out.force(true);
            }
            Sha256Digest actual = hasher.digest();
            if (!actual.equals(digest)) {
                throw new IOException("stored blob " + digest.hex() + " in " + from.location() + " no longer hashes to its name: its bytes"
                        + " hash to " + actual.hex());
            }
            to.commit(temp, digest);
            return hasher.bytesHashed();
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
