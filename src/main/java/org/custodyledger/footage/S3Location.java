package org.custodyledger.footage;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where an S3 blob store lives: {@code s3://BUCKET/PREFIX}, parsed and checked. The prefix
 * (possibly empty) is the folder every key of this store is under, without slashes at its ends.
 */
public record S3Location(String bucket, String prefix) {
    public S3Location {
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("not an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens): "
                    + bucket);
        }
        prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    }

    /** Whether a blob-store setting names a bucket rather than a folder. */
    public static boolean isS3(String blobStore) {
        return blobStore != null && blobStore.startsWith("s3://");
    }

    public static S3Location parse(String url) {
        try {
            URI uri = new URI(url);
            if (!"s3".equals(uri.getScheme()) || uri.getHost() == null || uri.getQuery() != null
                    || uri.getUserInfo() != null || uri.getPort() != -1) {
                throw new IllegalArgumentException("the blob store must be s3://BUCKET or s3://BUCKET/PREFIX, got " + url);
            }
            return new S3Location(uri.getHost(), uri.getPath());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the blob store must be s3://BUCKET or s3://BUCKET/PREFIX, got " + url, e);
        }
    }

    /** The key of a name relative to the prefix, e.g. {@code sha256/ab/cd/<hex>}. */
    public String key(String relative) {
        return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }

    @Override
    public String toString() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
}
