package org.custodyledger.hash;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Streaming SHA-256: feed chunks in order, then take the digest once. Not thread-safe. */
public final class Sha256Hasher {
    private final MessageDigest digest = newSha256();
    private long bytesHashed;
    private boolean finished;

    public Sha256Hasher update(byte[] chunk, int offset, int length) {
        checkOpen();
        digest.update(chunk, offset, length);
        bytesHashed += length;
        return this;
    }

    public Sha256Hasher update(byte[] chunk) {
        return update(chunk, 0, chunk.length);
    }

    /** Consumes the buffer's remaining bytes. */
    public Sha256Hasher update(ByteBuffer chunk) {
        checkOpen();
        bytesHashed += chunk.remaining();
        digest.update(chunk);
        return this;
    }

    public long bytesHashed() {
        return bytesHashed;
    }

    /** Finishes the hash; the hasher cannot be fed afterwards. */
    public Sha256Digest digest() {
        checkOpen();
        finished = true;
        return Sha256Digest.of(digest.digest());
    }

    /** SHA-256 of one byte array. */
    public static Sha256Digest hash(byte[] data) {
        return Sha256Digest.of(newSha256().digest(data));
    }

    /** A fresh JDK SHA-256 engine; every JDK must provide it. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("digest() was already taken");
        }
    }
}
