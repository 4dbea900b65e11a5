package org.custodyledger.cli;

import java.net.URI;
import org.custodyledger.config.AppConfig;
import picocli.CommandLine.Option;

/**
 * How to reach an S3-compatible store, shared by every command that may read or write footage
 * in a bucket. Credentials are not options: the AWS SDK reads them from its standard chain
 * (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws, container and instance roles).
 */
final class S3Options {
    @Option(names = "--s3-endpoint", defaultValue = "${env:CUSTODY_S3_ENDPOINT}",
            description = "The S3-compatible endpoint, e.g. https://minio.agency.example:9000 (env CUSTODY_S3_ENDPOINT); "
                    + "without it AWS S3.")
    URI endpoint;

    @Option(names = "--s3-region", defaultValue = "${env:CUSTODY_S3_REGION}",
            description = "The bucket's region (env CUSTODY_S3_REGION); without it the AWS region chain (AWS_REGION, "
                    + "the profile), else us-east-1.")
    String region;

    @Option(names = "--s3-path-style", defaultValue = "${env:CUSTODY_S3_PATH_STYLE:-false}",
            description = "Address the bucket in the URL's path, not its host name, as MinIO, Ceph RGW and S3Proxy "
                    + "usually need (env CUSTODY_S3_PATH_STYLE=true).")
    boolean pathStyle;

    /** The blob storage these options describe for {@code location} (a folder, s3://…, or null for the default). */
    AppConfig.BlobStorage storage(String location) {
        return new AppConfig.BlobStorage(location, endpoint, region == null || region.isBlank() ? null : region, pathStyle);
    }
}
