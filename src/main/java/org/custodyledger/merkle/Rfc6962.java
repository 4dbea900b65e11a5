package org.custodyledger.merkle;

import java.security.MessageDigest;
import org.custodyledger.hash.Sha256Hasher;

/** RFC 6962 §2.1 hashing: leaves are prefixed 0x00, interior nodes 0x01. */
public final class Rfc6962 {
    public static final int HASH_SIZE = 32;
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Sha256Hasher::newSha256);
    private static final byte[] EMPTY_ROOT = Sha256Hasher.newSha256().digest();

    private Rfc6962() {
    }

    /** The hash of the empty tree: SHA-256 of the empty string. */
    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    public static byte[] hashLeaf(byte[] leaf) {
        MessageDigest md = SHA256.get();
        md.update(LEAF_PREFIX);
        md.update(leaf);
        return md.digest();
    }

    public static byte[] hashChildren(byte[] left, byte[] right) {
        MessageDigest md = SHA256.get();
        md.update(NODE_PREFIX);
        md.update(left);
        md.update(right);
        return md.digest();
    }
}
