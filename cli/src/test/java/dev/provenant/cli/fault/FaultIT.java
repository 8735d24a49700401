package dev.provenant.cli.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.cli.CliRun;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import dev.provenant.testsupport.ServerProcess;
import dev.provenant.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults against real processes started as users start them: the server's JVM killed with -9
 * under concurrent writers (twice), the CLI killed with -9 during {@code run}, and the server
 * restarted while a run's command is still running. Each asserts that nothing acknowledged is lost,
 * nothing is recorded twice, the ledger verifies, and the service answers again in bounded time.
 * Recovery times are printed as BENCH lines.
 */
class FaultIT {

    private static final String REGISTER = GraphQlDocuments.load("fault/registerDatasetVersion");

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        Collections.reverse(cleanup);
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        for (String k : List.of("PROVENANT_HOME", "PROVENANT_URL", "PROVENANT_TOKEN", "PROVENANT_RECORD_RETRY")) {
            System.clearProperty(k);
        }
    }

    private ServerProcess server(TestPostgres.TestDatabase db, Path home, String... env) throws Exception {
        ServerProcess s = new ServerProcess(db, home, env);
        cleanup.add(s);
        return s.start();
    }

    @Test
    void givenConcurrentWriters_whenTheServerIsKilledTwice_thenNothingAcknowledgedIsLostOrDuplicated()
            throws Exception {
        TestPostgres.TestDatabase db = TestPostgres.shared().newDatabase();
        Path home = Files.createTempDirectory("provenant-fault-kill");
        ServerProcess first = server(db, home);
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            running.add(writers.submit(() -> {
                ProvenantClient c = new ProvenantClient(first.url(), ServerProcess.TOKEN);
                for (int i = 0; !stop.get(); i++) {
                    String name = "w" + writer + "-" + i;
                    try {
                        JsonNode p = c.query(
                                        REGISTER,
                                        Map.of(
                                                "i",
                                                Map.of(
                                                        "name",
                                                        name,
                                                        "version",
                                                        "v1",
                                                        "contentDigest",
                                                        "sha256:" + "c".repeat(64),
                                                        "sizeBytes",
                                                        i)))
                                .path("registerDatasetVersion");
                        if (p.path("errors").isEmpty()) {
                            acknowledged.add("dataset:" + name + "@v1");
                        } else {
                            refused.incrementAndGet();
                        }
                    } catch (CliException e) {
                        // not acknowledged (the server is down or died mid-request): the writer goes on
                        refused.incrementAndGet();
                        sleep(100);
                    }
                }
            }));
        }
        ServerProcess current = first;

        for (int round = 1; round <= 2; round++) {
            sleep(3000);
            int before = acknowledged.size();
            current.kill();
            long t0 = System.nanoTime();
            current.start(); // as a user would: the same command, home, port and database
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (acknowledged.size() == before && System.nanoTime() < deadline) {
                sleep(100);
            }
            assertThat(acknowledged.size())
                    .as("writes acknowledged again after kill %d", round)
                    .isGreaterThan(before);
            System.out.println("BENCH fault.server-kill round=" + round + " acknowledged_before=" + before
                    + " recovery_s=" + String.format("%.1f", (System.nanoTime() - t0) / 1e9));
        }
        sleep(1000);
        stop.set(true);
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();

        // every acknowledged write is in the event store exactly once, and in the read model
        List<String> acks = new ArrayList<>(acknowledged);
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                Statement s = c.createStatement()) {
            Map<String, Integer> events = new java.util.HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT aggregateidentifier, count(*) FROM domainevententry"
                    + " WHERE payloadtype LIKE '%DatasetVersionRegisteredEvent' GROUP BY aggregateidentifier")) {
                while (rs.next()) {
                    events.put(rs.getString(1), rs.getInt(2));
                }
            }
            assertThat(events.values()).as("no write recorded twice").allMatch(n -> n == 1);
            assertThat(events.keySet()).as("nothing acknowledged lost").containsAll(acks);
            long readModel = awaitCount(s, "SELECT count(*) FROM dataset_versions", events.size());
            assertThat(readModel).as("the read model equals the events").isEqualTo(events.size());
            System.out.println("BENCH fault.server-kill acknowledged=" + acks.size() + " lost=0 duplicates=0"
                    + " present_not_acknowledged=" + (events.size() - acks.size()) + " refused=" + refused.get());
        }
        System.setProperty("PROVENANT_URL", current.url());
        System.setProperty("PROVENANT_TOKEN", ServerProcess.ADMIN_TOKEN);
        System.setProperty("PROVENANT_HOME", home.toString());
        // the writers registered digests of bytes they never stored: the event chain is what is checked here
        CliRun.Result verify = CliRun.of("verify", "--artifacts", "none");
        assertThat(verify.exit()).as(verify.all()).isZero();
    }

    @Test
    void givenARunningRun_whenTheCliIsKilled9_thenItsCommandDiesAndTheServerClosesTheRunAsAbandoned() throws Exception {
        TestPostgres.TestDatabase db = TestPostgres.shared().newDatabase();
        Path home = Files.createTempDirectory("provenant-fault-cli");
        ServerProcess server = server(db, home, "PROVENANT_RUN_LEASE=PT3S", "PROVENANT_RUN_LEASE_SWEEP=PT0.5S");
        Path work = Files.createTempDirectory("provenant-fault-work");
        Path log = work.resolve("cli.log");
        ProcessBuilder cliBuilder = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.provenant.cli.ProvenantCli",
                        "run",
                        "--",
                        "sh",
                        "-c",
                        "echo $$ > child.pid; exec sleep 300"))
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        cliBuilder.environment().put("PROVENANT_URL", server.url());
        cliBuilder.environment().put("PROVENANT_TOKEN", ServerProcess.TOKEN);
        cliBuilder.environment().put("PROVENANT_HOME", home.toString());
        Process cli = cliBuilder.start();
        cleanup.add(cli::destroyForcibly);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Path childPid = work.resolve("child.pid");
        assertThat(cli.isAlive()).isTrue();
        while (!(Files.exists(childPid) && Files.size(childPid) > 0) && System.nanoTime() < deadline) {
            sleep(100);
        }
        assertThat(childPid).as(Files.readString(log)).exists();
        long child = Long.parseLong(Files.readString(childPid).trim());
        String runId = Files.readString(log).replaceAll("(?s).*recording (run:[0-9a-f-]+).*", "$1");
        assertThat(runId).startsWith("run:");

        cli.destroyForcibly(); // kill -9
        cli.waitFor(30, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)
                && System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos()) {
            sleep(50);
        }
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false))
                .as("the command died with its recorder")
                .isFalse();

        ProvenantClient client = new ProvenantClient(server.url(), ServerProcess.TOKEN);
        JsonNode run = null;
        long closeDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < closeDeadline) {
            run = client.query(GraphQlDocuments.load("fault/run-failure"), Map.of("id", runId))
                    .path("run");
            if (run.path("status").asText().equals("ABANDONED")) {
                break;
            }
            sleep(200);
        }
        assertThat(run.path("status").asText()).isEqualTo("ABANDONED");
        assertThat(run.path("failureReason").asText()).contains("no heartbeat");
        // a replay has nothing to compare with, and says so
        System.setProperty("PROVENANT_URL", server.url());
        System.setProperty("PROVENANT_TOKEN", ServerProcess.TOKEN);
        System.setProperty("PROVENANT_HOME", home.toString());
        CliRun.Result replay = CliRun.of("replay-run", runId);
        assertThat(replay.exit()).isEqualTo(1);
        assertThat(replay.err()).contains("was abandoned").contains("nothing recorded to compare");
        System.out.println("BENCH fault.cli-kill closed_after_s="
                + String.format("%.1f", (System.nanoTime() - t0) / 1e9) + " lease_s=3");
    }

    @Test
    void givenARunningCommand_whenTheServerIsKilledAndRestarted_thenTheCliRecordsTheEndAndExitsWithTheCommandsCode()
            throws Exception {
        TestPostgres.TestDatabase db = TestPostgres.shared().newDatabase();
        Path home = Files.createTempDirectory("provenant-fault-restart");
        ServerProcess server = server(db, home);
        Path work = Files.createTempDirectory("provenant-fault-work");
        System.setProperty("PROVENANT_URL", server.url());
        System.setProperty("PROVENANT_TOKEN", ServerProcess.TOKEN);
        System.setProperty("PROVENANT_HOME", home.toString());
        System.setProperty("PROVENANT_RECORD_RETRY", "120");
        ExecutorService one = Executors.newSingleThreadExecutor();
        Future<CliRun.Result> recording = one.submit(
                () -> CliRun.of("run", "--output", "out.txt", "--", "sh", "-c", "sleep 3; echo trained > out.txt"));
        // kill the server while the command runs (its run is started), and start it again on the same port
        ProvenantClient probe = new ProvenantClient(server.url(), ServerProcess.TOKEN);
        long started = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (probe.query(GraphQlDocuments.load("fault/runs"), Map.of())
                        .path("runs")
                        .path("edges")
                        .isEmpty()
                && System.nanoTime() < started) {
            sleep(100);
        }
        server.kill();
        long t0 = System.nanoTime();
        ServerProcess again = server.start();
        CliRun.Result result = recording.get(180, TimeUnit.SECONDS);
        one.shutdown();
        assertThat(result.exit()).as(result.all()).isZero();
        String runId = result.all().replaceAll("(?s).*recording (run:[0-9a-f-]+).*", "$1");
        JsonNode run = new ProvenantClient(again.url(), ServerProcess.TOKEN)
                .query(GraphQlDocuments.load("fault/run-outputs"), Map.of("id", runId))
                .path("run");
        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.path("outputs").toString()).contains("out.txt");
        System.out.println("BENCH fault.server-restart-mid-run recorded_after_s="
                + String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    }

    @Test
    void givenAnArtifactPut_whenTheCliIsKilled9MidUpload_thenNothingHalfWrittenIsStoredAndGcRemovesTheTempFile()
            throws Exception {
        Path home = Files.createTempDirectory("provenant-fault-put");
        cleanup.add(() -> deleteTree(home)); // 1.5 GiB by the end
        Path big = home.resolve("big.bin");
        // 768 MiB of distinct bytes, written quickly: a repeating 1 MiB random block with a counter
        byte[] block = new byte[1 << 20];
        new java.util.Random(7).nextBytes(block);
        try (java.io.OutputStream out = Files.newOutputStream(big)) {
            for (int i = 0; i < 768; i++) {
                block[0] = (byte) i;
                block[1] = (byte) (i >> 8);
                out.write(block);
            }
        }
        Path tmp = home.resolve("artifacts").resolve("tmp");
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.provenant.cli.ProvenantCli",
                        "artifact",
                        "put",
                        big.toString()))
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("put.log").toFile());
        pb.environment().put("PROVENANT_HOME", home.toString());
        pb.environment().remove("PROVENANT_S3_ENDPOINT");
        Process put = pb.start();
        cleanup.add(put::destroyForcibly);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (tempBytes(tmp) < 8 << 20 && put.isAlive() && System.nanoTime() < deadline) {
            sleep(20);
        }
        assertThat(put.isAlive())
                .as("still uploading: %s", Files.readString(home.resolve("put.log")))
                .isTrue();
        put.destroyForcibly(); // kill -9 mid-upload
        put.waitFor(30, TimeUnit.SECONDS);
        long left = tempBytes(tmp);
        assertThat(left).as("the interrupted upload's temp file").isPositive();
        try (java.util.stream.Stream<Path> stored = Files.walk(home.resolve("artifacts"))) {
            assertThat(stored.filter(Files::isRegularFile).filter(f -> !f.startsWith(tmp)))
                    .as("nothing half-written under its digest")
                    .isEmpty();
        }

        System.setProperty("PROVENANT_HOME", home.toString());
        CliRun.Result gc = CliRun.of("gc", "--temp", "--older-than", "0s");
        assertThat(gc.exit()).as(gc.all()).isZero();
        assertThat(tempBytes(tmp)).isZero();
        CliRun.Result again = CliRun.of("artifact", "put", big.toString());
        assertThat(again.exit()).as(again.all()).isZero();
        assertThat(again.out()).contains("sha256:");
        System.out.println("BENCH fault.put-kill temp_left_bytes=" + left + " removed_by_gc=true");
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (java.util.stream.Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static long tempBytes(Path tmp) throws java.io.IOException {
        if (!Files.isDirectory(tmp)) {
            return 0;
        }
        try (java.util.stream.Stream<Path> files = Files.list(tmp)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (java.io.IOException gone) {
                            return 0;
                        }
                    })
                    .sum();
        }
    }

    private static long awaitCount(Statement s, String sql, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long n;
        do {
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                n = rs.getLong(1);
            }
            if (n == expected) {
                return n;
            }
            sleep(200);
        } while (System.nanoTime() < deadline);
        return n;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
