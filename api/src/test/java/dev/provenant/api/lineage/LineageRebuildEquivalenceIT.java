package dev.provenant.api.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.api.GraphQlClient;
import dev.provenant.api.ProvenantApplication;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.api.config.ProvenantProperties;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Live, the {@code lineage} projection sees a run's events in separate small batches (each
 * request waits for its own write), so every change is an update of the run's row; a rebuild
 * replays them in large batches, where a run's insert and its later changes are folded into one
 * row. Both must leave the same read model, column for column, in every table the projection
 * writes.
 */
@SpringBootTest(classes = ProvenantApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LineageRebuildEquivalenceIT {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ProvenantTestSupport.register(registry);
    }

    @LocalServerPort
    int port;

    /** The server's settings; its home holds the admin token. */
    @Autowired
    ProvenantProperties provenant;

    @Autowired
    JdbcTemplate jdbc;

    private static final List<String> TABLES =
            List.of("runs", "lineage_nodes", "lineage_edges", "node_events", "run_metric_points");

    @Test
    void givenRunsRecordedOneRequestAtATime_whenTheLineageProcessorIsRebuilt_thenEveryReadTableIsTheSame()
            throws Exception {
        String base = "http://127.0.0.1:" + port;
        Recorder alice = new Recorder(new GraphQlClient(base, ProvenantTestSupport.ALICE_TOKEN));
        GraphQlClient admin = new GraphQlClient(
                base, Files.readString(Path.of(provenant.home(), "admin.token")).trim());

        String previous = Recorder.digest('1');
        for (int i = 0; i < 6; i++) {
            String out = Recorder.digest((char) ('a' + i));
            String run = alice.start("step" + i, List.of(Recorder.io("in", previous, 10 + i)), "seed" + i, Map.of());
            switch (i % 3) {
                case 0 -> alice.complete(run, List.of(Recorder.io("out", out, 100 + i)), "seed" + i);
                case 1 -> {
                    // outputs, two metric records (merged into one object), then a failure
                    alice.ok(
                            "common/recordRunOutputs",
                            Map.of("runId", run, "outputs", List.of(Recorder.io("out", out, 100 + i))),
                            "recordRunOutputs");
                    alice.ok(
                            "common/recordRunMetrics",
                            Map.of("runId", run, "metrics", List.of(Map.of("name", "loss", "value", 0.5))),
                            "recordRunMetrics");
                    alice.ok(
                            "common/recordRunMetrics",
                            Map.of(
                                    "runId",
                                    run,
                                    "metrics",
                                    List.of(
                                            Map.of("name", "acc", "value", 0.75),
                                            Map.of("name", "f1", "value", 1.0E-4))),
                            "recordRunMetrics");
                    alice.ok(
                            "common/finishRun",
                            Map.of("runId", run, "exitCode", 2, "durationMillis", 900, "failureReason", "boom \"x\"\n"),
                            "finishRun");
                }
                default ->
                    alice.ok(
                            "common/finishRunWithResults",
                            Map.of(
                                    "runId",
                                    run,
                                    "exitCode",
                                    0,
                                    "durationMillis",
                                    1500,
                                    "outputs",
                                    List.of(Recorder.io("out", out, 100 + i)),
                                    "metrics",
                                    List.of(Map.of("name", "loss", "value", 0.125))),
                            "finishRun");
            }
            previous = out;
        }
        alice.start("still-running", List.of(Recorder.io("in", previous, 7)), "seed-r", Map.of());

        Map<String, List<String>> live = snapshot();
        assertThat(live.get("runs")).hasSize(7);

        GraphQlClient.Response rebuilt =
                admin.post(GraphQlDocuments.load("ops/rebuildProcessor"), Map.of("n", "lineage"));
        assertThat(rebuilt.errors().isMissingNode()).as("%s", rebuilt.body()).isTrue();

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, List<String>> replayed = snapshot();
        while (!replayed.equals(live) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            replayed = snapshot();
        }
        for (String table : TABLES) {
            assertThat(replayed.get(table)).as(table).containsExactlyElementsOf(live.get(table));
        }
    }

    /** Every row of every table the projection writes, as JSON, without the writing transaction's id. */
    private Map<String, List<String>> snapshot() {
        Map<String, List<String>> tables = new java.util.LinkedHashMap<>();
        for (String table : TABLES) {
            List<String> rows = new ArrayList<>(jdbc.queryForList(
                    "SELECT (to_jsonb(t) - 'tx')::text FROM " + table + " t ORDER BY 1", String.class));
            tables.put(table, rows);
        }
        return tables;
    }
}
