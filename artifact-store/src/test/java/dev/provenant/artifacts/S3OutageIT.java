package dev.provenant.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.testsupport.TestS3;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object store goes away or stalls mid-upload: bounded retries, a clear error, no partial object. */
class S3OutageIT {

    static final long PART = 5L * 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void givenTheServerStopsMidUpload_whenPut_thenStoreUnavailableNamingTheEndpoint() throws Exception {
        TestS3 server = TestS3.startPrivateProxy();
        Path file = randomFile("big.bin", 3 * PART + 1000, 1);
        AtomicBoolean stopped = new AtomicBoolean();
        try (S3ArtifactStore store = S3ArtifactStore.builder()
                .endpoint(server.endpoint())
                .credentials("provenant-test", "provenant-test-secret")
                .bucket("outage")
                .partSize(PART)
                .maxAttempts(3)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
                .build()) {

            assertThatThrownBy(() -> store.put(PutArgs.builder()
                            .file(file)
                            .progress((phase, done, total) -> {
                                // Stop the server once the first part is on its way.
                                if (phase == ProgressListener.Phase.UPLOAD
                                        && done > PART + PART / 2
                                        && stopped.compareAndSet(false, true)) {
                                    new Thread(server::stop).start();
                                }
                            })
                            .build()))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(server.endpoint())
                    .hasMessageContaining("3 attempts")
                    .satisfies(e -> assertThat(((StoreUnavailableException) e).endpoint())
                            .isEqualTo(server.endpoint()));
            assertThat(stopped).isTrue();

            // Reads against the stopped server fail the same way, also bounded.
            assertThatThrownBy(() -> store.exists(Digest.ofUtf8("x")))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(server.endpoint());
        } finally {
            server.stop();
        }
    }

    @Test
    void givenTheConnectionDropsMidUpload_whenPut_thenNoObjectUnderTheKeyAndALaterPutSucceeds() throws Exception {
        TestS3.TestBucket bucket = TestS3.shared().newBucket();
        Path file = randomFile("big.bin", 3 * PART + 7, 2);
        try (FaultProxy proxy = new FaultProxy(URI.create(bucket.endpoint()));
                S3ArtifactStore store = S3ArtifactStore.builder()
                        .endpoint(proxy.endpoint())
                        .credentials(bucket.accessKey(), bucket.secretKey())
                        .bucket(bucket.bucket())
                        .partSize(PART)
                        .maxAttempts(2)
                        .backoff(Duration.ofMillis(50), Duration.ofMillis(100))
                        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
                        .build()) {

            assertThatThrownBy(() -> store.put(PutArgs.builder()
                            .file(file)
                            .progress((phase, done, total) -> {
                                if (phase == ProgressListener.Phase.UPLOAD && done > 2 * PART) {
                                    proxy.cutAndRefuse(); // mid-upload, and it stays down
                                }
                            })
                            .build()))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(proxy.endpoint());
            Digest d = Digest.ofBytes(sha256(file));
            assertThat(objectsIn(TestS3.shared().client(), bucket.bucket())).doesNotContain("sha256/" + d.hex());

            proxy.allow();
            PutResult r = store.put(file);
            assertThat(r.digest()).isEqualTo(d);
            assertThat(r.uploaded()).isTrue();
            try (InputStream in = store.get(d)) {
                assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(file));
            }
        }
    }

    @Test
    void givenAServerThatStopsAnswering_whenPut_thenTimeoutsAreRetriedThenStoreUnavailable() throws Exception {
        TestS3.TestBucket bucket = TestS3.shared().newBucket();
        Path file = randomFile("small.bin", 100_000, 3);
        try (FaultProxy proxy = new FaultProxy(URI.create(bucket.endpoint()));
                S3ArtifactStore store = S3ArtifactStore.builder()
                        .endpoint(proxy.endpoint())
                        .credentials(bucket.accessKey(), bucket.secretKey())
                        .bucket(bucket.bucket())
                        .maxAttempts(2)
                        .backoff(Duration.ofMillis(50), Duration.ofMillis(100))
                        .timeouts(Duration.ofSeconds(1), Duration.ofMillis(700))
                        .build()) {
            proxy.stall();

            assertThatThrownBy(() -> store.put(file))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(proxy.endpoint())
                    .hasMessageContaining("2 attempts");
            assertThat(proxy.connections()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void givenNoServerAtAll_whenTheStoreIsBuilt_thenStoreUnavailableNamingTheEndpoint() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;

        assertThatThrownBy(() -> S3ArtifactStore.builder()
                        .endpoint(endpoint)
                        .credentials("a", "b")
                        .maxAttempts(2)
                        .backoff(Duration.ofMillis(10), Duration.ofMillis(20))
                        .build())
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(endpoint)
                .hasMessageContaining("PROVENANT_S3_ENDPOINT");
    }

    private Path randomFile(String name, long size, long seed) throws IOException {
        Path p = tmp.resolve(name);
        byte[] buf = new byte[64 * 1024];
        Random r = new Random(seed);
        try (OutputStream out = Files.newOutputStream(p)) {
            long left = size;
            while (left > 0) {
                r.nextBytes(buf);
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                left -= n;
            }
        }
        return p;
    }

    private static byte[] sha256(Path p) throws Exception {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        md.update(Files.readAllBytes(p));
        return md.digest();
    }

    private static List<String> objectsIn(MinioClient client, String bucket) throws Exception {
        List<String> names = new CopyOnWriteArrayList<>();
        for (Result<Item> r : client.listObjects(
                ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            names.add(r.get().objectName());
        }
        return names;
    }

    /**
     * A TCP forwarder in front of a real S3 server that can cut every connection and refuse new
     * ones (an outage), or accept connections and never answer (a stalled server).
     */
    static final class FaultProxy implements AutoCloseable {
        private final URI upstream;
        private final ServerSocket server;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private volatile boolean refuse;
        private volatile boolean stall;
        private volatile int connections;

        FaultProxy(URI upstream) throws IOException {
            this.upstream = upstream;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::acceptLoop, "fault-proxy");
            t.setDaemon(true);
            t.start();
        }

        String endpoint() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        int connections() {
            return connections;
        }

        void cutAndRefuse() {
            refuse = true;
            for (Socket s : open) {
                closeQuietly(s);
            }
        }

        void allow() {
            refuse = false;
            stall = false;
        }

        void stall() {
            stall = true;
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    connections++;
                    if (refuse) {
                        client.setSoLinger(true, 0);
                        client.close();
                        continue;
                    }
                    open.add(client);
                    if (stall) {
                        continue; // hold the connection open, never answer
                    }
                    Socket up = new Socket(upstream.getHost(), upstream.getPort());
                    open.add(up);
                    pump(client, up);
                    pump(up, client);
                } catch (IOException e) {
                    // closed
                }
            }
        }

        private void pump(Socket from, Socket to) {
            Thread t = new Thread(
                    () -> {
                        byte[] buf = new byte[64 * 1024];
                        try (InputStream in = from.getInputStream();
                                OutputStream out = to.getOutputStream()) {
                            int n;
                            while (!refuse && (n = in.read(buf)) >= 0) {
                                if (!stall) { // a stalled server swallows requests and never answers
                                    out.write(buf, 0, n);
                                }
                            }
                        } catch (IOException e) {
                            // connection cut
                        } finally {
                            closeQuietly(from);
                            closeQuietly(to);
                        }
                    },
                    "fault-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : open) {
                closeQuietly(s);
            }
        }
    }
}
