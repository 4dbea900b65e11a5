package org.custodyledger.footage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.hash.Sha256Hasher;

/**
 * Copies stored footage from one blob store into another, the way an upload lands: into the
 * target's temporary folder, hashed on the way, fsynced, renamed into place. A file whose bytes
 * no longer match its name is refused rather than copied, so a backup or a restore never
 * carries damaged footage forward silently.
 */
public final class BlobCopier {
    private final BlobStore from;
    private final BlobStore to;

    public BlobCopier(BlobStore from, BlobStore to) {
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
            try (FileChannel in = FileChannel.open(from.pathOf(digest));
                 FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
                while (in.read(buffer) >= 0) {
                    buffer.flip();
                    hasher.update(buffer.duplicate());
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    buffer.clear();
                }
                out.force(true);
            }
            Sha256Digest actual = hasher.digest();
            if (!actual.equals(digest)) {
                throw new IOException("stored file " + from.pathOf(digest) + " no longer hashes to its name: its bytes"
                        + " hash to " + actual.hex());
            }
            to.commit(temp, digest);
            return hasher.bytesHashed();
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
