package dev.provenant.bench;

import dev.provenant.artifacts.Digest;
import dev.provenant.artifacts.DirectoryPutArgs;
import dev.provenant.artifacts.DirectoryPutResult;
import dev.provenant.artifacts.LocalArtifactStore;
import dev.provenant.artifacts.ProgressListener;
import dev.provenant.artifacts.PutArgs;
import dev.provenant.artifacts.PutResult;
import dev.provenant.artifacts.S3ArtifactStore;
import dev.provenant.testsupport.TestS3;
import io.minio.Checksum;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code ./bench/run artifacts}: the artifact store against simple baselines measured in the same
 * run on the same disk and server (see docs/benchmarks.md).
 */
final class ArtifactsBench {

    static final long GIB = 1024L * 1024 * 1024;
    static final long PART = 16L * 1024 * 1024;
    static final int SMALL_FILES = Integer.getInteger("bench.smallFiles", 100_000);

    private final long bigSize = Long.getLong("bench.bigBytes", GIB);

    void run(BenchReporter out) throws Exception {
        Path work = Files.createTempDirectory("artifacts-bench");
        try {
            Path big = work.resolve("big.bin");
            out.note("writing " + bigSize + " random bytes to " + big);
            randomFile(big, bigSize, 42);
            Path small = work.resolve("small.bin");
            randomFile(small, 64L * 1024 * 1024, 43);

            local(out, work, big, small);
            s3(out, work, big, small);
            dataset(out, work);
        } finally {
            deleteTree(work);
        }
    }

    // ------------------------------------------------------------------ local backend

    private void local(BenchReporter out, Path work, Path big, Path small) throws Exception {
        // Baseline: sha256sum FILE && cp FILE DEST on the same disk.
        Path dest = work.resolve("cp-dest.bin");
        readFully(big); // same warm page cache for both sides
        double baseline = time(() ->
                sh("sha256sum '" + big + "' > /dev/null && cp '" + big + "' '" + dest + "' && sync '" + dest + "'"));
        Files.delete(dest);

        Path root = work.resolve("local-store");
        try (LocalArtifactStore store = LocalArtifactStore.open(root)) {
            HeapSampler heap = new HeapSampler();
            PutResult[] r = new PutResult[1];
            double t = time(() -> r[0] = store.put(big));
            long peakBig = heap.stop();
            check(r[0].uploaded(), "first local put must write the file");
            out.report("local_put_1gib", mbps(bigSize, t), "MB/s", mbps(bigSize, baseline));

            // Dedup: re-put of the same bytes vs hashing them alone (best of 3 each, interleaved).
            double hash = Double.MAX_VALUE;
            double reput = Double.MAX_VALUE;
            PutResult[] again = new PutResult[1];
            for (int i = 0; i < 3; i++) {
                hash = Math.min(hash, time(() -> sha256(big)));
                reput = Math.min(reput, time(() -> again[0] = store.put(big)));
            }
            check(!again[0].uploaded(), "re-put must not write");
            out.report("local_reput_1gib_dedup", reput, "s", hash);

            // get + verify vs a plain read of the same stored bytes.
            Path stored = store.pathOf(r[0].digest());
            double plain = time(() -> readFully(stored));
            double verified = time(() -> {
                try (InputStream in = store.get(r[0].digest())) {
                    drain(in);
                }
            });
            out.report("local_get_verify_1gib", mbps(bigSize, verified), "MB/s", mbps(bigSize, plain));

            HeapSampler heapSmall = new HeapSampler();
            store.put(small);
            heapSmall.stop();
            out.report("local_put_peak_heap_1gib_vs_64mib", mib(peakBig), "MiB", mib(heapSmall.peak()));
            out.report(
                    "local_put_peak_live_heap_1gib_vs_64mib", mib(heap.peakLive()), "MiB", mib(heapSmall.peakLive()));
        }
        deleteTree(root);
    }

    // ------------------------------------------------------------------ S3 backend (in-JVM s3proxy)

    private void s3(BenchReporter out, Path work, Path big, Path small) throws Exception {
        TestS3 server = TestS3.startPrivateProxy();
        try (MinioClient raw = server.client()) {
            raw.makeBucket(MakeBucketArgs.builder().bucket("baseline").build());
            readFully(big);
            // Baseline: a bare MinIO SDK putObject of the same file to the same server.
            double baseline = time(() -> {
                try (InputStream in = Files.newInputStream(big)) {
                    raw.putObject(PutObjectArgs.builder().bucket("baseline").object("big.bin").stream(in, bigSize, PART)
                            .checksum(Checksum.Algorithm.CRC32)
                            .build());
                }
            });

            try (S3ArtifactStore store = S3ArtifactStore.builder()
                    .endpoint(server.endpoint())
                    .credentials("provenant-test", "provenant-test-secret")
                    .bucket("artifacts")
                    .partSize(PART)
                    .build()) {
                HeapSampler heap = new HeapSampler();
                PutResult[] r = new PutResult[1];
                double t = time(() -> r[0] = store.put(big));
                long peakBig = heap.stop();
                check(r[0].uploaded(), "first S3 put must upload");
                out.report("s3_put_1gib", mbps(bigSize, t), "MB/s", mbps(bigSize, baseline));

                double hash = Double.MAX_VALUE;
                double reput = Double.MAX_VALUE;
                PutResult[] again = new PutResult[1];
                AtomicLong uploadedBytes = new AtomicLong();
                for (int i = 0; i < 3; i++) {
                    hash = Math.min(hash, time(() -> sha256(big)));
                    reput = Math.min(
                            reput,
                            time(() -> again[0] = store.put(PutArgs.builder()
                                    .file(big)
                                    .progress((phase, done, total) -> {
                                        if (phase == ProgressListener.Phase.UPLOAD) {
                                            uploadedBytes.addAndGet(done);
                                        }
                                    })
                                    .build())));
                }
                check(!again[0].uploaded(), "S3 re-put must not upload");
                out.report("s3_reput_1gib_dedup", reput, "s", hash);
                out.report("s3_reput_1gib_bytes_uploaded", uploadedBytes.get(), "bytes", bigSize);

                double plain = time(() -> {
                    try (InputStream in = raw.getObject(GetObjectArgs.builder()
                            .bucket("artifacts")
                            .object(store.keyOf(r[0].digest()))
                            .build())) {
                        drain(in);
                    }
                });
                double verified = time(() -> {
                    try (InputStream in = store.get(r[0].digest())) {
                        drain(in);
                    }
                });
                out.report("s3_get_verify_1gib", mbps(bigSize, verified), "MB/s", mbps(bigSize, plain));

                HeapSampler heapSmall = new HeapSampler();
                store.put(small);
                heapSmall.stop();
                out.report("s3_put_peak_heap_1gib_vs_64mib", mib(peakBig), "MiB", mib(heapSmall.peak()));
                out.report(
                        "s3_put_peak_live_heap_1gib_vs_64mib", mib(heap.peakLive()), "MiB", mib(heapSmall.peakLive()));
            }
        } finally {
            server.stop();
        }
    }

    // ------------------------------------------------------------------ many small files

    private void dataset(BenchReporter out, Path work) throws Exception {
        Path src = work.resolve("dataset");
        out.note("writing " + SMALL_FILES + " files of 4 KiB");
        SplittableRandom rnd = new SplittableRandom(7);
        byte[] buf = new byte[4096];
        for (int i = 0; i < SMALL_FILES; i++) {
            Path dir = src.resolve("part-" + (i / 1000));
            if (i % 1000 == 0) {
                Files.createDirectories(dir);
            }
            for (int j = 0; j < buf.length; j += 8) {
                long v = rnd.nextLong();
                for (int k = 0; k < 8; k++) {
                    buf[j + k] = (byte) (v >>> (8 * k));
                }
            }
            Files.write(dir.resolve("f-" + i + ".bin"), buf);
        }
        sh("sync");
        // Baseline: hash every file and copy the tree with coreutils, same disk.
        Path copy = work.resolve("dataset-copy");
        double baseline = time(() -> sh("find '" + src + "' -type f -print0 | xargs -0 sha256sum > /dev/null && cp -r '"
                + src + "' '" + copy + "' && sync"));
        deleteTree(copy);

        Path root = work.resolve("dataset-store");
        try (LocalArtifactStore store = LocalArtifactStore.open(root)) {
            DirectoryPutResult[] r = new DirectoryPutResult[1];
            double t = time(() -> r[0] =
                    store.putDirectory(DirectoryPutArgs.builder().directory(src).build()));
            check(r[0].filesUploaded() == SMALL_FILES, "every file must be stored once");
            out.report("local_dataset_100k_x_4kib", SMALL_FILES / t, "files/s", SMALL_FILES / baseline);

            double again = time(() -> r[0] =
                    store.putDirectory(DirectoryPutArgs.builder().directory(src).build()));
            check(r[0].filesUploaded() == 0, "unchanged dataset must upload nothing");
            out.report("local_dataset_100k_reput", SMALL_FILES / again, "files/s", SMALL_FILES / baseline);
        }
    }

    // ------------------------------------------------------------------ helpers

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    static double time(Body body) throws Exception {
        long t0 = System.nanoTime();
        body.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    static double mbps(long bytes, double seconds) {
        return bytes / 1e6 / seconds;
    }

    static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark sanity check failed: " + what);
        }
    }

    static void sh(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", script).inheritIO().start();
        int code = p.waitFor();
        if (code != 0) {
            throw new IOException("'" + script + "' exited with " + code);
        }
    }

    static void randomFile(Path p, long size, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(p)) {
            long left = size;
            while (left > 0) {
                for (int j = 0; j < buf.length; j += 8) {
                    long v = rnd.nextLong();
                    for (int k = 0; k < 8; k++) {
                        buf[j + k] = (byte) (v >>> (8 * k));
                    }
                }
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    static Digest sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(p)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return Digest.ofBytes(md.digest());
    }

    static void readFully(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            drain(in);
        }
    }

    static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 20];
        while (in.read(buf) >= 0) {
            // discard
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        }
    }

    /**
     * Samples the heap every 5 ms (after a GC at the start): the peak of used heap (live objects
     * plus garbage not yet collected, so it depends on GC timing) and the peak of heap still in use
     * right after a collection (live data, which is what must not grow with file size).
     */
    static final class HeapSampler {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null)
                .toList();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong peakLive = new AtomicLong();
        private final Thread thread;

        HeapSampler() {
            System.gc();
            thread = new Thread(() -> {
                while (running.get()) {
                    sample();
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        private void sample() {
            peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            long live = 0;
            for (MemoryPoolMXBean p : pools) {
                live += p.getCollectionUsage().getUsed();
            }
            peakLive.accumulateAndGet(live, Math::max);
        }

        long stop() throws InterruptedException {
            running.set(false);
            thread.join();
            return peak.get();
        }

        long peak() {
            return peak.get();
        }

        long peakLive() {
            return peakLive.get();
        }
    }
}
