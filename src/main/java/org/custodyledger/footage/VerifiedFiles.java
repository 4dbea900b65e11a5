package org.custodyledger.footage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.custodyledger.hash.Sha256Digest;

/**
 * Which stored files were hashed in full and found intact, and what the file system said of
 * them then (size, inode, modification and change times). A file still showing the same is
 * served in ranges without hashing it again; any write to it changes its change time, which no
 * ordinary process can set back. Blocking: call from a worker.
 */
public final class VerifiedFiles {
    private static final int REMEMBERED = 10_000;

    /** What identifies one unchanged file on disk. */
    private record Fingerprint(long size, Object fileKey, Object modified, Object changed) {
        static Fingerprint of(Path file) throws IOException {
            Map<String, Object> a = Files.readAttributes(file, "unix:size,ino,lastModifiedTime,ctime");
            return new Fingerprint((Long) a.get("size"), a.get("ino"), a.get("lastModifiedTime"), a.get("ctime"));
        }
    }

    private final Map<Sha256Digest, Fingerprint> verified = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Sha256Digest, Fingerprint> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** Records that {@code file} was just hashed in full to {@code digest}. */
    public void markVerified(Path file, Sha256Digest digest) throws IOException {
        Fingerprint now = Fingerprint.of(file);
        synchronized (verified) {
            verified.put(digest, now);
        }
    }

    /** Whether {@code file} is unchanged since it last hashed to {@code digest}. */
    public boolean unchangedSinceVerified(Path file, Sha256Digest digest) throws IOException {
        Fingerprint then;
        synchronized (verified) {
            then = verified.get(digest);
        }
        return then != null && then.equals(Fingerprint.of(file));
    }

    public void forget(Sha256Digest digest) {
        synchronized (verified) {
            verified.remove(digest);
        }
    }
}
