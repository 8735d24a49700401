package dev.provenant.api.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.provenant.api.ProvenantApplication;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.api.graphql.CommandSender;
import dev.provenant.lineage.dataset.projection.DatasetVersionProjection;
import dev.provenant.lineage.graph.projection.LineageProjection;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.dataset.RegisterDatasetVersionCommand;
import dev.provenant.messages.lineage.Direction;
import dev.provenant.messages.lineage.LineageGraph;
import dev.provenant.messages.lineage.LineageQuery;
import dev.provenant.messages.lineage.NodeId;
import dev.provenant.messages.model.ModelStage;
import dev.provenant.messages.model.ModelVersionId;
import dev.provenant.messages.model.RegisterModelVersionCommand;
import dev.provenant.messages.model.TransitionModelStageCommand;
import dev.provenant.messages.run.CodeVersion;
import dev.provenant.messages.run.EnvironmentFingerprint;
import dev.provenant.messages.run.FinishRunCommand;
import dev.provenant.messages.run.RecordRunMetricsCommand;
import dev.provenant.messages.run.RecordRunOutputsCommand;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.RunInput;
import dev.provenant.messages.run.RunOutput;
import dev.provenant.messages.run.StartRunCommand;
import dev.provenant.testsupport.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Read models rebuilt from the event store (reset + replay) are identical to the ones kept live. */
@SpringBootTest(classes = ProvenantApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class DatasetProjectionRebuildIT {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestPostgres.TestDatabase db = ProvenantTestSupport.register(registry);
    }

    @Autowired
    CommandSender commands;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    QueryGateway queries;

    @Test
    void givenLiveReadModel_whenResetAndReplay_thenReadModelIsIdentical() throws Exception {
        String[] principals = {"alice", "bob"};
        for (int i = 0; i < 250; i++) {
            var outcome = commands.send(
                    RegisterDatasetVersionCommand.of(
                            new DatasetVersionId("ds" + (i % 10), "v" + i),
                            Sha256Digest.parse("sha256:" + String.format("%064x", i)),
                            i * 1000L,
                            i % 3 == 0 ? "s3://bucket/" + i : null,
                            i % 5 == 0 ? "note " + i : null),
                    principals[i % 2]);
            assertThat(outcome.failed()).isFalse();
        }
        for (int i = 0; i < 40; i++) {
            String run = "run:rebuild-" + i;
            String in = "sha256:" + String.format("%064x", i % 7);
            // outputs repeat, so artifacts have an origin and confirmations
            String out = "sha256:" + String.format("%064x", 1000 + i % 13);
            send(new StartRunCommand(
                    RunId.parse(run),
                    "step" + (i % 4),
                    i % 5 == 0 ? null : RunId.parse("run:pipeline-" + (i / 5)),
                    null,
                    List.of("java", "Step.java", Integer.toString(i)),
                    Map.of("seed", Integer.toString(i)),
                    CodeVersion.of(null, "abc1234", "main", i % 2 == 0, "sha256:" + "c".repeat(64)),
                    EnvironmentFingerprint.of(Map.of("os.name", "Linux", "n", Integer.toString(i % 3))),
                    List.of(new RunInput("in", Sha256Digest.parse(in), i, null)),
                    i > 0 && i % 9 == 0 ? RunId.parse("run:rebuild-" + (i - 1)) : null,
                    null));
            send(new RecordRunOutputsCommand(
                    RunId.parse(run), List.of(new RunOutput("out", Sha256Digest.parse(out), i, "FILE"))));
            send(new RecordRunMetricsCommand(RunId.parse(run), Map.of("loss", 1.0 / (i + 1))));
            send(new FinishRunCommand(RunId.parse(run), i % 6 == 0 ? 1 : 0, i * 10L, null));
            if (i % 10 == 1) {
                String model = "model:m@" + i;
                send(new RegisterModelVersionCommand(
                        ModelVersionId.parse(model),
                        "m",
                        Integer.toString(i),
                        RunId.parse(run),
                        "out",
                        Sha256Digest.parse(out),
                        i,
                        null));
                send(new TransitionModelStageCommand(
                        ModelVersionId.parse(model), ModelStage.STAGING, "ok", null, null));
            }
        }
        awaitRows("dataset_versions", 250);
        awaitRows("model_stage_transitions", 4);
        awaitRows("runs WHERE status <> 'RUNNING'", 40);
        StreamingEventProcessor datasets = processor(DatasetVersionProjection.PROCESSING_GROUP);
        StreamingEventProcessor lineage = processor(LineageProjection.PROCESSING_GROUP);
        awaitCaughtUp(datasets);
        awaitCaughtUp(lineage);
        Map<String, List<Map<String, Object>>> live = snapshot();
        assertThat(live.get("dataset_versions")).hasSize(250);
        assertThat(live.get("runs")).hasSize(40);
        List<LineageGraph> liveLineage = lineage();
        assertThat(liveLineage).anySatisfy(g -> assertThat(g.confirmations()).isNotEmpty());

        for (StreamingEventProcessor p : List.of(datasets, lineage)) {
            p.shutDown();
            p.resetTokens();
            p.start();
        }
        // the reset handlers empty the tables first; then the replay fills them again
        awaitRows("dataset_versions", 250);
        awaitRows("model_stage_transitions", 4);
        awaitCaughtUp(datasets);
        awaitCaughtUp(lineage);
        Map<String, List<Map<String, Object>>> rebuilt = snapshot();

        assertThat(rebuilt).isEqualTo(live);
        // origins and confirmations come out the same from the rebuilt graph
        assertThat(lineage()).isEqualTo(liveLineage);
    }

    /** Upstream of every model and every output, with and without confirmations. */
    private List<LineageGraph> lineage() {
        List<LineageGraph> out = new java.util.ArrayList<>();
        List<String> nodes = new java.util.ArrayList<>();
        for (int i = 1; i < 40; i += 10) {
            nodes.add("model:m@" + i);
        }
        for (int k = 0; k < 13; k++) {
            nodes.add("sha256:" + String.format("%064x", 1000 + k));
        }
        for (String node : nodes) {
            for (boolean confirmations : new boolean[] {false, true}) {
                out.add(queries.query(
                                new LineageQuery(NodeId.parse(node), Direction.UPSTREAM, 10, null, 500, confirmations),
                                LineageGraph.class)
                        .join());
            }
        }
        return out;
    }

    private void send(Object command) {
        assertThat(commands.send(command, "alice").failed()).as("%s", command).isFalse();
    }

    private StreamingEventProcessor processor(String group) {
        return processing.eventProcessor(group, StreamingEventProcessor.class).orElseThrow();
    }

    @Test
    void givenEvents_whenSomethingTriesToEditOrDeleteThem_thenTheDatabaseRefuses() {
        commands.send(
                RegisterDatasetVersionCommand.of(
                        new DatasetVersionId("immutable", "v1"),
                        Sha256Digest.parse("sha256:" + "e".repeat(64)),
                        1,
                        null,
                        null),
                "alice");
        assertThatThrownBy(() -> jdbc.update("UPDATE domainevententry SET payload = 'x'::bytea"))
                .hasMessageContaining("events are immutable");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM domainevententry"))
                .hasMessageContaining("events are immutable");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE domainevententry"))
                .hasMessageContaining("events are immutable");
    }

    private Map<String, List<Map<String, Object>>> snapshot() {
        Map<String, List<Map<String, Object>>> tables = new java.util.LinkedHashMap<>();
        tables.put("dataset_versions", jdbc.queryForList("SELECT * FROM dataset_versions ORDER BY event_position"));
        // tx (the writing transaction's id, which feeds the in-memory index) differs by nature
        tables.put(
                "lineage_nodes",
                jdbc.queryForList("SELECT id, kind, label, attributes::text, recorded_at, event_position"
                        + " FROM lineage_nodes ORDER BY id"));
        tables.put(
                "lineage_edges",
                jdbc.queryForList("SELECT from_id, to_id, type, recorded_at, event_position FROM lineage_edges"
                        + " ORDER BY from_id, to_id, type"));
        tables.put("node_events", jdbc.queryForList("SELECT * FROM node_events ORDER BY node_id, event_position"));
        tables.put("runs", jdbc.queryForList("SELECT * FROM runs ORDER BY event_position"));
        tables.put("model_versions", jdbc.queryForList("SELECT * FROM model_versions ORDER BY event_position"));
        tables.put(
                "model_stage_transitions",
                jdbc.queryForList("SELECT * FROM model_stage_transitions ORDER BY model_version_id, event_position"));
        return tables;
    }

    private void awaitRows(String table, int n) {
        await("read model " + table + " reaching " + n + " rows")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class) >= n);
    }

    private static void awaitCaughtUp(StreamingEventProcessor processor) {
        await("processor " + processor.getName() + " caught up")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !processor.isReplaying()
                        && processor.processingStatus().values().stream().allMatch(s -> s.isCaughtUp()));
    }
}
