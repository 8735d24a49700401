package dev.provenant.cli.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.cli.CliRun;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import dev.provenant.testsupport.ServerProcess;
import dev.provenant.testsupport.TestPostgres;
import dev.provenant.testsupport.TestS3;
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
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two server instances (processes started as users start them, each with its own home) on one
 * PostgreSQL and one S3 bucket, sharing tokens and the ledger's signing key. Writers record runs
 * through both, starting a run on one instance and finishing it on the other; one instance is
 * killed with -9 mid-load and a third joins. Asserts: nothing acknowledged lost, no event twice,
 * read models equal the events (nothing projected twice), every instance answers lineage the same,
 * one hash chain that verifies.
 */
class ScaleOutIT {

    private static final String START = GraphQlDocuments.load("fault/startRun");
    private static final String OUTPUTS = GraphQlDocuments.load("fault/recordRunOutputs");
    private static final String FINISH = GraphQlDocuments.load("fault/finishRun");

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        Collections.reverse(cleanup);
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        System.clearProperty("PROVENANT_URL");
        System.clearProperty("PROVENANT_TOKEN");
        System.clearProperty("PROVENANT_HOME");
    }

    @Test
    void givenTwoInstancesOnOneDatabase_whenOneIsKilledMidLoadAndAThirdJoins_thenOneConsistentRecord()
            throws Exception {
        TestPostgres.TestDatabase db = TestPostgres.shared().newDatabase();
        TestS3.TestBucket bucket = TestS3.shared().newBucket();
        Path keyHome = Files.createTempDirectory("provenant-scale-a");
        List<String> shared = new ArrayList<>(List.of(
                "PROVENANT_S3_ENDPOINT=" + bucket.endpoint(),
                "PROVENANT_S3_BUCKET=" + bucket.bucket(),
                "PROVENANT_S3_ACCESS_KEY=" + bucket.accessKey(),
                "PROVENANT_S3_SECRET_KEY=" + bucket.secretKey()));
        ServerProcess a = instance(db, keyHome, shared);
        // every instance signs with the first one's key (in production: a shared secret)
        shared.add("PROVENANT_LEDGER_PRIVATE_KEY=" + keyHome.resolve("ledger-key"));
        ServerProcess b = instance(db, Files.createTempDirectory("provenant-scale-b"), shared);

        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        List<ServerProcess> live = Collections.synchronizedList(new ArrayList<>(List.of(a, b)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    ServerProcess first = live.get((writer + i) % live.size());
                    ServerProcess second = live.get((writer + i + 1) % live.size());
                    String runId = "run:scale-" + writer + "-" + i;
                    if (record(first, second, runId, writer, i)) {
                        acknowledged.add(runId);
                    }
                }
            }));
        }
        sleep(6000);
        live.remove(b);
        b.kill();
        ServerProcess c = instance(db, Files.createTempDirectory("provenant-scale-c"), shared);
        live.add(c);
        int before = acknowledged.size();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acknowledged.size() < before + 8 && System.nanoTime() < deadline) {
            sleep(200);
        }
        stop.set(true);
        for (Future<?> f : writers) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(acknowledged.size())
                .as("writes acknowledged after the third joined")
                .isGreaterThan(before);

        try (Connection conn = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                Statement s = conn.createStatement()) {
            List<String> started = strings(
                    s,
                    "SELECT aggregateidentifier FROM domainevententry WHERE payloadtype" + " LIKE '%RunStartedEvent'");
            List<String> completed = strings(
                    s,
                    "SELECT aggregateidentifier FROM domainevententry WHERE payloadtype"
                            + " LIKE '%RunCompletedEvent'");
            assertThat(started).as("no run started twice").doesNotHaveDuplicates();
            assertThat(completed).as("no run finished twice").doesNotHaveDuplicates();
            assertThat(completed).as("nothing acknowledged lost").containsAll(acknowledged);
            long deadlineRm = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long succeeded;
            do {
                succeeded = strings(s, "SELECT id FROM runs WHERE status = 'SUCCEEDED'")
                        .size();
                if (succeeded == completed.size()) {
                    break;
                }
                sleep(250);
            } while (System.nanoTime() < deadlineRm);
            assertThat(succeeded).as("the read model equals the events").isEqualTo(completed.size());
        }

        // every live instance answers lineage the same
        String last = acknowledged.get(acknowledged.size() - 1);
        String lineage = GraphQlDocuments.load("fault/lineage");
        TreeSet<String> onA = ids(client(a).query(lineage, Map.of("n", last)));
        TreeSet<String> onC = ids(client(c).query(lineage, Map.of("n", last)));
        assertThat(onA).contains(last).isEqualTo(onC);

        System.setProperty("PROVENANT_URL", c.url());
        System.setProperty("PROVENANT_TOKEN", ServerProcess.ADMIN_TOKEN);
        System.setProperty("PROVENANT_HOME", c.home.toString());
        CliRun.Result verify = CliRun.of("verify", "--artifacts", "none");
        assertThat(verify.exit()).as(verify.all()).isZero();
        System.out.println("BENCH scaleout.acknowledged runs=" + acknowledged.size() + " lost=0 duplicates=0");
    }

    private ServerProcess instance(TestPostgres.TestDatabase db, Path home, List<String> env) throws Exception {
        ServerProcess s = new ServerProcess(db, home, env.toArray(String[]::new));
        cleanup.add(s);
        return s.start();
    }

    private static ProvenantClient client(ServerProcess s) {
        return new ProvenantClient(s.url(), ServerProcess.TOKEN);
    }

    /** Starts a run on one instance and records its output and end on the other; true if all acknowledged. */
    private static boolean record(ServerProcess first, ServerProcess second, String runId, int writer, int i) {
        String in = String.format("sha256:%064x", 1_000_000L * (writer + 1) + i);
        String out = String.format("sha256:%064x", 9_000_000L * (writer + 1) + i);
        try {
            JsonNode started = client(first)
                    .query(
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
                                            List.of(Map.of("name", "in.csv", "digest", in, "sizeBytes", 1)))))
                    .path("startRun");
            if (!started.path("errors").isEmpty()) {
                return false;
            }
            JsonNode outputs = client(second)
                    .query(
                            OUTPUTS,
                            Map.of(
                                    "i",
                                    Map.of(
                                            "runId",
                                            runId,
                                            "outputs",
                                            List.of(Map.of("name", "model.bin", "digest", out, "sizeBytes", 2)))))
                    .path("recordRunOutputs");
            JsonNode finished = client(second)
                    .query(FINISH, Map.of("i", Map.of("runId", runId, "exitCode", 0, "durationMillis", 5)))
                    .path("finishRun");
            return outputs.path("errors").isEmpty() && finished.path("errors").isEmpty();
        } catch (CliException e) {
            sleep(100); // that instance is gone: not acknowledged
            return false;
        }
    }

    private static TreeSet<String> ids(JsonNode data) {
        TreeSet<String> ids = new TreeSet<>();
        data.path("lineage").path("nodes").forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }

    private static List<String> strings(Statement s, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
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
