package dev.provenant.testsupport;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.MinIOContainer;

/**
 * A real S3 server for tests, one per JVM, with a fresh bucket per caller.
 *
 * <p>Where the server comes from, in order: {@code PROVENANT_TEST_S3_ENDPOINT} (+ {@code
 * PROVENANT_TEST_S3_ACCESS_KEY}, {@code PROVENANT_TEST_S3_SECRET_KEY}); MinIO through
 * Testcontainers when a Docker engine answers; s3proxy inside this JVM on 127.0.0.1 with a
 * temporary filesystem store.
 *
 * <p>{@code TestBucket bucket = TestS3.shared().newBucket();}
 */
public final class TestS3 {

    private static final Logger log = LoggerFactory.getLogger(TestS3.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile TestS3 shared;

    private final String endpoint;
    private final String accessKey;
    private final String secretKey;
    private final String source;
    private final S3Proxy proxy;

    private TestS3(String endpoint, String accessKey, String secretKey, String source, S3Proxy proxy) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.source = source;
        this.proxy = proxy;
    }

    /** The server shared by every test in this JVM, started on first use. */
    public static TestS3 shared() {
        TestS3 s = shared;
        if (s == null) {
            synchronized (TestS3.class) {
                s = shared;
                if (s == null) {
                    s = start();
                    shared = s;
                }
            }
        }
        return s;
    }

    /**
     * Starts a private in-JVM s3proxy on a random loopback port (not shared), for tests that
     * stop the server mid-transfer. Close it with {@link #stop()}.
     */
    public static TestS3 startPrivateProxy() {
        return startProxy();
    }

    private static TestS3 start() {
        long t0 = System.nanoTime();
        TestS3 s3;
        String url = System.getenv("PROVENANT_TEST_S3_ENDPOINT");
        if (url != null && !url.isBlank()) {
            s3 = new TestS3(
                    url,
                    System.getenv("PROVENANT_TEST_S3_ACCESS_KEY"),
                    System.getenv("PROVENANT_TEST_S3_SECRET_KEY"),
                    "PROVENANT_TEST_S3_ENDPOINT",
                    null);
        } else if (DockerSupport.dockerAvailable()) {
            MinIOContainer minio = new MinIOContainer("minio/minio:RELEASE.2025-09-07T16-13-09Z");
            minio.start();
            Runtime.getRuntime().addShutdownHook(new Thread(minio::stop));
            s3 = new TestS3(minio.getS3URL(), minio.getUserName(), minio.getPassword(), "testcontainers MinIO", null);
        } else {
            s3 = startProxy();
        }
        log.info("Test S3 from {} at {} ready in {} ms", s3.source, s3.endpoint, (System.nanoTime() - t0) / 1_000_000);
        return s3;
    }

    private static TestS3 startProxy() {
        try {
            Path dir = Files.createTempDirectory("provenant-s3proxy");
            String access = "provenant-test";
            String secret = "provenant-test-secret";
            Properties props = new Properties();
            props.setProperty("jclouds.filesystem.basedir", dir.toString());
            props.setProperty("jclouds.identity", access);
            props.setProperty("jclouds.credential", secret);
            BlobStore store = BlobStores.create("filesystem", props);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(store)
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, access, secret)
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .ignoreUnknownHeaders(true)
                    .build();
            proxy.start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(
                            "s3proxy did not start within 10 s (state " + proxy.getState() + ")");
                }
                Thread.sleep(10);
            }
            TestS3 s3 = new TestS3("http://127.0.0.1:" + proxy.getPort(), access, secret, "in-JVM s3proxy", proxy);
            Runtime.getRuntime().addShutdownHook(new Thread(s3::stop));
            return s3;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start in-JVM s3proxy: " + e.getMessage(), e);
        }
    }

    /** Creates an empty bucket; each call gets its own. */
    public TestBucket newBucket() {
        String name = ("t" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-"
                        + Long.toString(System.nanoTime() & 0xffffff, 36))
                .toLowerCase(Locale.ROOT);
        try {
            client().makeBucket(MakeBucketArgs.builder().bucket(name).build());
        } catch (Exception e) {
            throw new IllegalStateException("Could not create test bucket on " + endpoint + ": " + e.getMessage(), e);
        }
        return new TestBucket(endpoint, accessKey, secretKey, name);
    }

    /** A MinIO client for this server. */
    public MinioClient client() {
        return MinioClient.builder()
                .endpoint(endpoint)
                .credentials(accessKey, secretKey)
                .build();
    }

    /** Stops an in-JVM proxy (no-op for other sources). */
    public void stop() {
        if (proxy != null) {
            try {
                proxy.stop();
            } catch (Exception ignored) {
                // already stopped
            }
        }
    }

    public String endpoint() {
        return endpoint;
    }

    public String source() {
        return source;
    }

    /** Connection details of one fresh bucket. */
    public record TestBucket(String endpoint, String accessKey, String secretKey, String bucket) {}
}
