package org.custodyledger.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.custodyledger.config.AppConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 API for tests: S3Proxy (its self-contained jar, copied to target/s3proxy by the
 * build) in a process of its own over a folder (jclouds' filesystem backend), on a free port.
 * It can be stopped and started again on the same port and folder, to test an outage. The
 * credentials are handed to the AWS SDK's default chain as system properties, as an operator
 * would hand them over in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
 */
public final class S3Proxy implements AutoCloseable {
    public static final String ACCESS_KEY = "custody-test-access";
    public static final String SECRET_KEY = "custody-test-secret";
    private static final Path JAR = Path.of("target", "s3proxy", "s3proxy.jar");

    private final Path dir;
    private final int port;
    private Process process;

    private S3Proxy(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts S3Proxy over a new folder and creates {@code bucket} in it. */
    public static S3Proxy start(String bucket) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the tests through Maven "
                    + "(generate-test-resources copies it)");
        }
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        Path dir = Files.createTempDirectory("s3proxy-");
        Files.createDirectories(dir.resolve("data"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        S3Proxy proxy = new S3Proxy(dir, port);
        proxy.startProcess();
        try (S3AsyncClient client = proxy.client()) {
            client.createBucket(r -> r.bucket(bucket)).join();
        }
        return proxy;
    }

    private void startProcess() throws IOException {
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                // S3Proxy neither checks nor refuses x-amz-checksum-sha256 (AWS S3 and MinIO check it): let it through.
                "s3proxy.ignore-unknown-headers=true",
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + dir.resolve("data"), ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toAbsolutePath().toString(),
                "--properties", properties.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited: " + Files.readString(dir.resolve("s3proxy.log")));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The service's blob-store setting for {@code s3://bucket/prefix} here. */
    public AppConfig.BlobStorage storage(String bucketAndPrefix) {
        return new AppConfig.BlobStorage("s3://" + bucketAndPrefix, endpoint(), "us-east-1", true);
    }

    /** A client of its own, for tests to look into the bucket. */
    public S3AsyncClient client() {
        return S3AsyncClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                // As the store does: the SDK's default aws-chunked CRC trailer is not what S3Proxy reads.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** Every key in the bucket under {@code prefix} (not the folder markers the filesystem backend lists). */
    public List<String> keys(String bucket, String prefix) {
        try (S3AsyncClient client = client()) {
            return client.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).join().contents().stream()
                    .map(S3Object::key).filter(k -> !k.endsWith("/")).toList();
        }
    }

    /** Multipart uploads begun and neither completed nor aborted. */
    public List<String> openUploads(String bucket) {
        try (S3AsyncClient client = client()) {
            return client.listMultipartUploads(r -> r.bucket(bucket)).join().uploads().stream().map(MultipartUpload::key)
                    .toList();
        }
    }

    /** Stops the server (an outage); {@link #resume} brings it back with the same data. */
    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    public void resume() throws IOException {
        startProcess();
    }

    @Override
    public void close() throws Exception {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
