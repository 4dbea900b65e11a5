package org.custodyledger.footage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.custodyledger.hash.Sha256Digest;

/**
 * Which stored blobs were recently hashed in full and found intact, and what the store said
 * of them when the hashing began (a file's size, inode, modification and change times; an
 * object's size, version, ETag and time). A blob still showing the same is served in ranges
 * without hashing it again, for a while: any write changes a file's change time, which no
 * ordinary process can set back, or an object's ETag and version, and the expiry bounds what
 * a change the store does not show (a failing disk) could slip through.
 */
public final class VerifiedFiles {
    private static final int REMEMBERED = 10_000;

    /** What identifies one unchanged blob: on disk, its size, inode and times; in S3, its size, version, time and ETag. */
    public record Fingerprint(long size, Object fileKey, Object modified, Object changed) {
        public static Fingerprint of(Path file) throws IOException {
            Map<String, Object> a = Files.readAttributes(file, "unix:size,ino,lastModifiedTime,ctime");
            return new Fingerprint((Long) a.get("size"), a.get("ino"), a.get("lastModifiedTime"), a.get("ctime"));
        }
    }

    private record Verified(Fingerprint fingerprint, long atNanos) {
    }

    private final Duration maxAge;
    private final Map<Sha256Digest, Verified> verified = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Sha256Digest, Verified> eldest) {
            return size() > REMEMBERED;
        }
    };

    public VerifiedFiles(Duration maxAge) {
        this.maxAge = maxAge;
    }

    /**
     * Records that the blob hashed in full to {@code digest}, in a pass that began when it
     * showed {@code before} and ended when it showed {@code after}; a blob that changed during
     * the pass is not recorded.
     */
    public void markVerified(Sha256Digest digest, Fingerprint before, Fingerprint after) {
        boolean unchanged = before.equals(after);
        synchronized (verified) {
            if (unchanged) {
                verified.put(digest, new Verified(before, System.nanoTime()));
            } else {
                verified.remove(digest);
            }
        }
    }

    /** Whether the blob hashed to {@code digest} within the expiry and shows no change since ({@code now}). */
    public boolean unchangedSinceVerified(Sha256Digest digest, Fingerprint now) {
        Verified then;
        synchronized (verified) {
            then = verified.get(digest);
        }
        return then != null && System.nanoTime() - then.atNanos() < maxAge.toNanos()
                && then.fingerprint().equals(now);
    }

    public void forget(Sha256Digest digest) {
        synchronized (verified) {
            verified.remove(digest);
        }
    }
}
