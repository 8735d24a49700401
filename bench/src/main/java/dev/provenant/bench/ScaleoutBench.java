package dev.provenant.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import dev.provenant.testsupport.ServerProcess;
import dev.provenant.testsupport.TestPostgres;
import dev.provenant.testsupport.TestS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./bench/run scaleout}: server instances started as users start them ({@code java -jar
 * provenant.jar server}), on one PostgreSQL database and one S3 bucket, sharing tokens and the
 * ledger key. Eight writers record runs (start with an input, outputs, finish: three mutations) for
 * {@code PROVENANT_BENCH_SECONDS} (default 30) against one instance, then against two (each writer
 * alternates). Figures:
 *
 * <ul>
 *   <li>{@code scaleout.write_2_instances} runs/s, baseline: the same writers on one instance in the
 *       same run (the ratio is the scale-out factor; on one 2-core machine both instances and the
 *       database share the cores, so expect about 1, not 2);
 *   <li>{@code scaleout.lineage_p99.<instance>}: p99 of a depth-5 upstream lineage query of a
 *       random recorded run on each instance, baseline the p99 of {@code { __typename }} (the HTTP
 *       and GraphQL fixed cost) on the same instance.
 * </ul>
 */
final class ScaleoutBench {

    private static final String START = GraphQlDocuments.load("bench/startRun");
    private static final String OUTPUTS = GraphQlDocuments.load("bench/recordRunOutputs");
    private static final String FINISH = GraphQlDocuments.load("bench/finishRun");
    private static final String LINEAGE = GraphQlDocuments.load("bench/lineage-upstream");
    private static final int WRITERS = 8;
    private static final int QUERIES = 400;

    private final AtomicLong sequence = new AtomicLong();

    void run(BenchReporter out) throws Exception {
        int seconds = Integer.parseInt(System.getenv().getOrDefault("PROVENANT_BENCH_SECONDS", "30"));
        Path jar = CliJar.locate();
        TestPostgres.TestDatabase db = TestPostgres.shared().newDatabase();
        TestS3.TestBucket bucket = TestS3.shared().newBucket();
        List<String> env = new ArrayList<>(List.of(
                "PROVENANT_S3_ENDPOINT=" + bucket.endpoint(),
                "PROVENANT_S3_BUCKET=" + bucket.bucket(),
                "PROVENANT_S3_ACCESS_KEY=" + bucket.accessKey(),
                "PROVENANT_S3_SECRET_KEY=" + bucket.secretKey()));
        Path homeA = Files.createTempDirectory("scale-a");
        try (ServerProcess a = new ServerProcess(db, homeA, env.toArray(String[]::new)).fromJar(jar)) {
            a.start();
            env.add("PROVENANT_LEDGER_PRIVATE_KEY=" + homeA.resolve("ledger-key"));
            List<String> recorded = Collections.synchronizedList(new ArrayList<>());
            out.note("warming up instance a for 5 s");
            write(List.of(a), 5, recorded);
            out.note(WRITERS + " writers, " + seconds + " s against one instance");
            double one = write(List.of(a), seconds, recorded);
            try (ServerProcess b = new ServerProcess(
                            db, Files.createTempDirectory("scale-b"), env.toArray(String[]::new))
                    .fromJar(jar)) {
                b.start();
                write(List.of(b), 5, recorded); // warm b's JVM as a was
                out.note(WRITERS + " writers, " + seconds + " s against two instances");
                double two = write(List.of(a, b), seconds, recorded);
                out.report("scaleout.write_2_instances", two, "runs/s", one);
                for (ServerProcess s : List.of(a, b)) {
                    String name = s == a ? "a" : "b";
                    ProvenantClient client = new ProvenantClient(s.url(), ServerProcess.TOKEN);
                    double noop = p99(() -> client.query(GraphQlDocuments.load("bench/noop"), Map.of()));
                    double lineage = p99(() -> {
                        String run = recorded.get(ThreadLocalRandom.current().nextInt(recorded.size()));
                        JsonNode nodes = client.query(LINEAGE, Map.of("n", run))
                                .path("lineage")
                                .path("nodes");
                        if (nodes.size() < 2) {
                            throw new IllegalStateException("instance " + name + " has no lineage for " + run);
                        }
                    });
                    out.report("scaleout.lineage_p99." + name, lineage, "ms", noop);
                }
                out.note(recorded.size() + " runs recorded in all");
            }
        }
    }

    /** Runs the writers against the instances for {@code seconds}; acknowledged runs per second. */
    private double write(List<ServerProcess> instances, int seconds, List<String> recorded) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    ServerProcess s = instances.get((writer + i) % instances.size());
                    String run = record(new ProvenantClient(s.url(), ServerProcess.TOKEN));
                    if (run != null) {
                        recorded.add(run);
                        done.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Future<?> f : writers) {
            f.get(60, TimeUnit.SECONDS);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return done.get() / elapsed;
    }

    /** Records one run (three mutations); its id, or null when not every mutation was acknowledged. */
    private String record(ProvenantClient client) {
        long n = sequence.incrementAndGet();
        String runId = "run:scale-" + ProcessHandle.current().pid() + "-" + n;
        try {
            JsonNode started = client.query(
                            START,
                            Map.of(
                                    "i",
                                    Map.of(
                                            "runId",
                                            runId,
                                            "name",
                                            "scale",
                                            "command",
                                            List.of("train"),
                                            "inputs",
                                            List.of(Map.of(
                                                    "name",
                                                    "in.csv",
                                                    "digest",
                                                    String.format("sha256:%064x", n),
                                                    "sizeBytes",
                                                    1)))))
                    .path("startRun");
            JsonNode outputs = client.query(
                            OUTPUTS,
                            Map.of(
                                    "i",
                                    Map.of(
                                            "runId",
                                            runId,
                                            "outputs",
                                            List.of(Map.of(
                                                    "name",
                                                    "model.bin",
                                                    "digest",
                                                    String.format("sha256:%064x", Long.MAX_VALUE - n),
                                                    "sizeBytes",
                                                    2)))))
                    .path("recordRunOutputs");
            JsonNode finished = client.query(
                            FINISH, Map.of("i", Map.of("runId", runId, "exitCode", 0, "durationMillis", 5)))
                    .path("finishRun");
            boolean ok = started.path("errors").isEmpty()
                    && outputs.path("errors").isEmpty()
                    && finished.path("errors").isEmpty();
            return ok ? runId : null;
        } catch (CliException e) {
            return null;
        }
    }

    /** p99 in ms of {@link #QUERIES} sequential calls after 50 warm-up calls. */
    private static double p99(Runnable call) {
        for (int i = 0; i < 50; i++) {
            call.run();
        }
        long[] ms = new long[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            long t = System.nanoTime();
            call.run();
            ms[i] = System.nanoTime() - t;
        }
        Arrays.sort(ms);
        return ms[(int) Math.ceil(QUERIES * 0.99) - 1] / 1e6;
    }
}
