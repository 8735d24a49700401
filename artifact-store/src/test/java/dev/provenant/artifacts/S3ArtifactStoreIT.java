package dev.provenant.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.testsupport.TestS3;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on the S3 backend against a real S3 server: {@code PROVENANT_TEST_S3_ENDPOINT},
 * else MinIO through Testcontainers where Docker exists, else s3proxy in this JVM (TestS3).
 */
class S3ArtifactStoreIT extends ArtifactStoreContract {

    // One bucket and client for the class (each costs about a second); every test gets its own
    // key prefix, so it starts from an empty store.
    static TestS3.TestBucket bucket;
    static MinioClient raw;
    static final AtomicInteger TEST_NO = new AtomicInteger();

    String prefix;

    @BeforeAll
    static void server() {
        bucket = TestS3.shared().newBucket();
        raw = TestS3.shared().client();
    }

    @Override
    ArtifactStore newStore() {
        prefix = "t" + TEST_NO.incrementAndGet() + "/";
        return S3ArtifactStore.builder()
                .endpoint(bucket.endpoint())
                .credentials(bucket.accessKey(), bucket.secretKey())
                .bucket(bucket.bucket())
                .prefix(prefix)
                .partSize(5L * 1024 * 1024) // several parts for the 11 MiB test file
                .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .spoolDirectory(tmp.getParent().resolve("provenant-it-spool"))
                .build();
    }

    @Override
    long storedObjectCount() throws Exception {
        long n = 0;
        for (Result<Item> r : raw.listObjects(ListObjectsArgs.builder()
                .bucket(bucket.bucket())
                .prefix(prefix)
                .recursive(true)
                .build())) {
            r.get();
            n++;
        }
        return n;
    }

    @Override
    void corrupt(Digest digest, byte[] replacement) throws Exception {
        raw.putObject(
                PutObjectArgs.builder().bucket(bucket.bucket()).object(((S3ArtifactStore) store).keyOf(digest)).stream(
                                new ByteArrayInputStream(replacement), (long) replacement.length, -1L)
                        .build());
    }

    @Test
    void givenAPut_thenTheObjectKeyIsTheDigest() throws Exception {
        Digest d = store.put("key layout".getBytes(StandardCharsets.UTF_8)).digest();

        Item only = raw.listObjects(ListObjectsArgs.builder()
                        .bucket(bucket.bucket())
                        .prefix(prefix)
                        .recursive(true)
                        .build())
                .iterator()
                .next()
                .get();
        assertThat(only.objectName()).isEqualTo(prefix + "sha256/" + d.hex());
    }

    @Test
    void givenAMissingBucket_whenStoreIsBuilt_thenTheBucketIsCreated() {
        String name = bucket.bucket() + "-created";
        try (S3ArtifactStore created = S3ArtifactStore.builder()
                .endpoint(bucket.endpoint())
                .credentials(bucket.accessKey(), bucket.secretKey())
                .bucket(name)
                .build()) {
            Digest d = created.put("x".getBytes(StandardCharsets.UTF_8)).digest();
            assertThat(created.exists(d)).isTrue();
        }
    }
}
