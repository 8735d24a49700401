package dev.provenant.artifacts;

import io.minio.BucketExistsArgs;
import io.minio.Checksum;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Artifacts in an S3 bucket, through the MinIO Java SDK using plain S3 calls only (HEAD, GET,
 * PUT, multipart upload), so any S3 server works.
 *
 * <p>Object key: {@code <prefix>sha256/<hex>}. A put hashes the source first, asks the server
 * whether the key exists (skipping the upload when it does), then uploads with {@code
 * If-None-Match: *} as a guard against a concurrent writer of the same content (a 412 answer means
 * "already stored"). Large files go up as a multipart upload (parts of {@link Builder#partSize},
 * at most 64 MiB), which the server makes visible only when it completes: an interrupted upload
 * never leaves a partial object under a content key. The bytes sent are hashed again on the way
 * out, and a source that changed since it was hashed aborts the upload.
 *
 * <p>Transient failures (connection refused or reset, timeouts, 5xx, SlowDown) are retried with
 * exponential backoff up to {@link Builder#maxAttempts}; then a {@link StoreUnavailableException}
 * names the endpoint.
 *
 * <p>{@code S3ArtifactStore store = S3ArtifactStore.builder().endpoint("http://localhost:9000").credentials("minio", "minio123").bucket("provenant-artifacts").build();}
 */
public final class S3ArtifactStore extends AbstractArtifactStore {

    private static final Logger log = LoggerFactory.getLogger(S3ArtifactStore.class);
    private static final long MIN_PART = 5L * 1024 * 1024;
    private static final long MAX_PART = 64L * 1024 * 1024;
    private static final Set<String> RETRYABLE_CODES =
            Set.of("InternalError", "ServiceUnavailable", "SlowDown", "RequestTimeout", "RequestTimeTooSkewed");
    private static final Set<String> NOT_FOUND_CODES = Set.of("NoSuchKey", "NoSuchObject", "ResourceNotFound");

    private static OkHttpClient baseHttpClient;

    private final MinioClient client;
    private final String endpoint;
    private final String bucket;
    private final String prefix;
    private final long partSize;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Path spoolDirectory;

    private S3ArtifactStore(Builder b) {
        this.endpoint = b.endpoint;
        this.bucket = b.bucket;
        this.prefix = b.prefix;
        this.partSize = b.partSize;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.spoolDirectory = b.spoolDirectory;
        // Building an HTTP client from scratch costs about a second (TLS set-up); stores share one
        // base client (connection pool, dispatcher) and only differ in timeouts.
        OkHttpClient http = baseHttpClient()
                .newBuilder()
                .connectTimeout(b.connectTimeout)
                .readTimeout(b.ioTimeout)
                .writeTimeout(b.ioTimeout)
                .build();
        MinioClient.Builder cb = MinioClient.builder()
                .endpoint(b.endpoint)
                .credentials(b.accessKey, b.secretKey)
                .httpClient(http);
        if (b.region != null) {
            cb.region(b.region);
        }
        this.client = cb.build();
        if (b.createBucket) {
            ensureBucket();
        }
    }

    private static synchronized OkHttpClient baseHttpClient() {
        if (baseHttpClient == null) {
            baseHttpClient = new OkHttpClient.Builder()
                    // OkHttp silently retries a stale pooled connection once; real outages reach our
                    // bounded, logged retries.
                    .retryOnConnectionFailure(true)
                    .build();
        }
        return baseHttpClient;
    }

    /**
     * A builder. {@code S3ArtifactStore.builder().endpoint(url).credentials(key, secret).bucket("b").build()}
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The object key of an artifact. {@code String key = store.keyOf(d); // "sha256/<hex>"}
     *
     * @param digest the artifact
     * @return its key in the bucket
     */
    public String keyOf(Digest digest) {
        return prefix + Digest.ALGORITHM + "/" + digest.hex();
    }

    /**
     * The bucket. {@code String b = store.bucket();}
     *
     * @return bucket name
     */
    public String bucket() {
        return bucket;
    }

    /**
     * The endpoint URL. {@code String url = store.endpoint();}
     *
     * @return endpoint
     */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public PutResult put(PutArgs args) {
        if (args.file().isPresent()) {
            Path file = args.file().get();
            Hashed h = hashFile(file, args.progress());
            checkDeclared(args, h.digest(), describe(args));
            return upload(file, h, describe(args), args.progress());
        }
        // A stream can be read only once but its key is needed before uploading: spool it to a
        // local temp file while hashing (flat memory), then upload the file.
        Path spool = null;
        try {
            spool = spoolDirectory == null
                    ? Files.createTempFile("provenant-spool-", ".tmp") // 0600 on POSIX
                    : OwnerOnly.createTempFile(
                            Files.isDirectory(spoolDirectory)
                                    ? spoolDirectory
                                    : OwnerOnly.createDirectory(spoolDirectory),
                            "provenant-spool-",
                            ".tmp");
            MessageDigest md = Digest.newSha256();
            long size = 0;
            try (FileChannel ch = FileChannel.open(spool, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(ch)) {
                InputStream in = args.stream().orElseThrow();
                byte[] buf = buffer();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    md.update(buf, 0, n);
                    out.write(buf, 0, n);
                    size += n;
                    args.progress().update(ProgressListener.Phase.HASH, size, -1);
                }
            }
            Hashed h = new Hashed(Digest.ofBytes(md.digest()), size);
            checkDeclared(args, h.digest(), "stream");
            return upload(spool, h, "stream", args.progress());
        } catch (IOException e) {
            throw new ArtifactStoreException("Cannot spool stream to a temp file: " + e.getMessage(), e);
        } finally {
            deleteQuietly(spool);
        }
    }

    private PutResult upload(Path file, Hashed h, String source, ProgressListener progress) {
        String key = keyOf(h.digest());
        Optional<Long> existing = withRetry("check " + h.digest().shortForm(), () -> statSize(key));
        if (existing.isPresent()) {
            if (existing.get() == h.size()) {
                return new PutResult(h.digest(), h.size(), false);
            }
            log.warn("Object {} has {} bytes instead of {}; replacing it", key, existing.get(), h.size());
        }
        boolean uploaded = withRetry("upload " + h.digest().shortForm() + " (" + h.size() + " bytes)", () -> {
            try (InputStream raw = Files.newInputStream(file);
                    InputStream in = new VerifyingInputStream(
                            raw, h.digest(), h.size(), source, progress, ProgressListener.Phase.UPLOAD)) {
                PutObjectArgs.Builder put = PutObjectArgs.builder().bucket(bucket).object(key).stream(
                                in, h.size(), partSize)
                        .contentType("application/octet-stream")
                        .checksum(Checksum.Algorithm.CRC32);
                if (existing.isEmpty()) {
                    put.headers(Map.of("If-None-Match", "*"));
                }
                client.putObject(put.build());
                return true;
            } catch (ErrorResponseException e) {
                if ("PreconditionFailed".equals(e.errorResponse().code()) || httpStatus(e) == 412) {
                    return false; // someone stored the same content meanwhile
                }
                throw e;
            }
        });
        return new PutResult(h.digest(), h.size(), uploaded);
    }

    private Optional<Long> statSize(String key) throws Exception {
        try {
            StatObjectResponse r = client.statObject(
                    StatObjectArgs.builder().bucket(bucket).object(key).build());
            return Optional.of(r.size());
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public InputStream get(Digest digest, ProgressListener progress) {
        String key = keyOf(digest);
        InputStream raw = withRetry("get " + digest.shortForm(), () -> {
                    try {
                        return Optional.<InputStream>of(client.getObject(GetObjectArgs.builder()
                                .bucket(bucket)
                                .object(key)
                                .build()));
                    } catch (ErrorResponseException e) {
                        if (isNotFound(e)) {
                            return Optional.<InputStream>empty();
                        }
                        throw e;
                    }
                })
                .orElseThrow(() -> new ArtifactNotFoundException(digest, location()));
        long total = -1;
        if (raw instanceof io.minio.GetObjectResponse r) {
            String len = r.headers().get("Content-Length");
            if (len != null) {
                try {
                    total = Long.parseLong(len);
                } catch (NumberFormatException ignored) {
                    // progress without a total
                }
            }
        }
        return new VerifyingInputStream(
                raw,
                digest,
                -1,
                total,
                "artifact " + digest.shortForm() + " in " + location(),
                progress,
                ProgressListener.Phase.DOWNLOAD);
    }

    @Override
    public boolean exists(Digest digest) {
        return withRetry("check " + digest.shortForm(), () -> statSize(keyOf(digest)))
                .isPresent();
    }

    @Override
    public ArtifactInfo stat(Digest digest) {
        long size = withRetry("stat " + digest.shortForm(), () -> statSize(keyOf(digest)))
                .orElseThrow(() -> new ArtifactNotFoundException(digest, location()));
        return new ArtifactInfo(digest, size);
    }

    @Override
    public String location() {
        return "S3 bucket '" + bucket + "' at " + endpoint;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            log.debug("Closing MinIO client: {}", e.getMessage());
        }
    }

    private void ensureBucket() {
        withRetry("check bucket '" + bucket + "'", () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    log.info("Created bucket '{}' at {}", bucket, endpoint);
                } catch (ErrorResponseException e) {
                    String code = e.errorResponse().code();
                    if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                        throw e;
                    }
                }
            }
            return Boolean.TRUE;
        });
    }

    @FunctionalInterface
    private interface S3Call<T> {
        T call() throws Exception;
    }

    /** Bounded retries with exponential backoff and jitter for transient failures only. */
    private <T> T withRetry(String what, S3Call<T> call) {
        long backoff = initialBackoff.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (Exception e) {
                IntegrityException integrity = find(e, IntegrityException.class);
                if (integrity != null) {
                    throw integrity;
                }
                ArtifactStoreException own = find(e, ArtifactStoreException.class);
                if (own != null) {
                    throw own;
                }
                if (!isTransient(e)) {
                    throw new ArtifactStoreException(
                            "S3 " + what + " failed on " + location() + ": " + describeError(e), e);
                }
                if (attempt >= maxAttempts) {
                    throw new StoreUnavailableException(
                            endpoint,
                            "S3 endpoint " + endpoint + " (bucket '" + bucket + "') unavailable: " + what
                                    + " failed after " + attempt + " attempts; last error: " + describeError(e)
                                    + ". Check that the object store is running and reachable (PROVENANT_S3_ENDPOINT).",
                            e);
                }
                long sleep = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
                log.warn(
                        "S3 {} failed on {} (attempt {}/{}): {}; retrying in {} ms",
                        what,
                        endpoint,
                        attempt,
                        maxAttempts,
                        describeError(e),
                        sleep);
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new ArtifactStoreException("Interrupted while retrying S3 " + what, ie);
                }
                backoff = Math.min(backoff * 2, maxBackoff.toMillis());
            }
        }
    }

    private static boolean isTransient(Throwable e) {
        if (e instanceof ErrorResponseException er) {
            int status = httpStatus(er);
            return RETRYABLE_CODES.contains(er.errorResponse().code()) || status >= 500;
        }
        if (e instanceof ServerException se) {
            return se.statusCode() >= 500;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        // The SDK wraps transport failures in MinioException; anything else is treated as final.
        return e.getCause() instanceof ErrorResponseException er && isTransient(er);
    }

    private static boolean isNotFound(ErrorResponseException e) {
        return NOT_FOUND_CODES.contains(e.errorResponse().code()) || httpStatus(e) == 404;
    }

    private static int httpStatus(ErrorResponseException e) {
        return e.response() == null ? -1 : e.response().code();
    }

    private static <X extends Throwable> X find(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String describeError(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = e instanceof ErrorResponseException er
                ? er.errorResponse().code() + ": " + er.errorResponse().message()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        if (root != e) {
            msg += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return msg;
    }

    /** Builds an {@link S3ArtifactStore}; every setter validates its value. */
    public static final class Builder {
        private String endpoint;
        private String accessKey;
        private String secretKey;
        private String region;
        private String bucket = "provenant-artifacts";
        private String prefix = "";
        private long partSize = 16L * 1024 * 1024;
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofMillis(250);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration ioTimeout = Duration.ofSeconds(60);
        private boolean createBucket = true;
        private Path spoolDirectory;

        private Builder() {}

        /**
         * {@code builder.endpoint("http://localhost:9000")}
         *
         * @param endpoint http(s) URL of the S3 server
         * @return this builder
         */
        public Builder endpoint(String endpoint) {
            if (endpoint == null || !(endpoint.startsWith("http://") || endpoint.startsWith("https://"))) {
                throw new IllegalArgumentException(
                        "S3 endpoint must be an http:// or https:// URL, got '" + endpoint + "'");
            }
            this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
            return this;
        }

        /**
         * {@code builder.credentials(System.getenv("PROVENANT_S3_ACCESS_KEY"), System.getenv("PROVENANT_S3_SECRET_KEY"))}
         *
         * @param accessKey access key
         * @param secretKey secret key
         * @return this builder
         */
        public Builder credentials(String accessKey, String secretKey) {
            if (accessKey == null || accessKey.isEmpty() || secretKey == null || secretKey.isEmpty()) {
                throw new IllegalArgumentException("S3 access key and secret key must both be set");
            }
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            return this;
        }

        /**
         * {@code builder.region("us-east-1")}
         *
         * @param region the region, or null to let the SDK find it
         * @return this builder
         */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /**
         * {@code builder.bucket("provenant-artifacts")}
         *
         * @param bucket an S3 bucket name (3–63 of a-z, 0-9, '.', '-')
         * @return this builder
         */
        public Builder bucket(String bucket) {
            if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException(
                        "S3 bucket name '" + bucket
                                + "' is invalid: 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit");
            }
            this.bucket = bucket;
            return this;
        }

        /**
         * A key prefix to share a bucket with other data. {@code builder.prefix("provenant/")}
         *
         * @param prefix empty, or ending with '/'
         * @return this builder
         */
        public Builder prefix(String prefix) {
            if (prefix == null || (!prefix.isEmpty() && (!prefix.endsWith("/") || prefix.startsWith("/")))) {
                throw new IllegalArgumentException(
                        "S3 key prefix must be empty or end with '/' (and not start with it), got '" + prefix + "'");
            }
            this.prefix = prefix;
            return this;
        }

        /**
         * Multipart part size, 5–64 MiB (default 16 MiB). The SDK buffers one part in memory, and
         * some servers buffer a whole part too; 64 MiB is the upper bound for s3proxy.
         * {@code builder.partSize(32L << 20)}
         *
         * @param bytes part size in bytes
         * @return this builder
         */
        public Builder partSize(long bytes) {
            if (bytes < MIN_PART || bytes > MAX_PART) {
                throw new IllegalArgumentException(
                        "part size must be between 5 MiB and 64 MiB, got " + bytes + " bytes");
            }
            this.partSize = bytes;
            return this;
        }

        /**
         * Attempts per operation before giving up (default 4). {@code builder.maxAttempts(3)}
         *
         * @param attempts 1 to 20
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 20) {
                throw new IllegalArgumentException("maxAttempts must be between 1 and 20, got " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * First retry delay, doubled after each failure up to {@code max} (defaults 250 ms, 5 s).
         * {@code builder.backoff(Duration.ofMillis(100), Duration.ofSeconds(2))}
         *
         * @param initial first delay
         * @param max largest delay
         * @return this builder
         */
        public Builder backoff(Duration initial, Duration max) {
            if (initial == null || max == null || initial.isNegative() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff needs 0 <= initial <= max, got " + initial + ", " + max);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * Connect timeout and read/write inactivity timeout (defaults 10 s, 60 s): a server that
         * stops answering mid-upload fails the attempt after {@code io}.
         * {@code builder.timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30))}
         *
         * @param connect connect timeout
         * @param io read and write timeout
         * @return this builder
         */
        public Builder timeouts(Duration connect, Duration io) {
            if (connect == null
                    || io == null
                    || connect.isNegative()
                    || connect.isZero()
                    || io.isNegative()
                    || io.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive, got " + connect + ", " + io);
            }
            this.connectTimeout = connect;
            this.ioTimeout = io;
            return this;
        }

        /**
         * Create the bucket when it is missing (default true). {@code builder.createBucketIfMissing(false)}
         *
         * @param create whether to create it
         * @return this builder
         */
        public Builder createBucketIfMissing(boolean create) {
            this.createBucket = create;
            return this;
        }

        /**
         * Where streams are spooled before upload (default: the system temp directory).
         * {@code builder.spoolDirectory(home.resolve("tmp"))}
         *
         * @param dir a local directory
         * @return this builder
         */
        public Builder spoolDirectory(Path dir) {
            this.spoolDirectory = dir;
            return this;
        }

        /**
         * Builds the store; with {@link #createBucketIfMissing} it contacts the server.
         * {@code S3ArtifactStore store = builder.build();}
         *
         * @return the store
         * @throws StoreUnavailableException when the server cannot be reached to check the bucket
         */
        public S3ArtifactStore build() {
            if (endpoint == null) {
                throw new IllegalArgumentException("endpoint(...) must be set");
            }
            if (accessKey == null) {
                throw new IllegalArgumentException("credentials(...) must be set");
            }
            return new S3ArtifactStore(this);
        }
    }
}
