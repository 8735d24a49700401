package dev.provenant.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.api.ProvenantApplication;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStores;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import dev.provenant.recorder.pipeline.PipelineRunner;
import dev.provenant.recorder.pipeline.PipelineSpec;
import dev.provenant.recorder.run.RunRecorder;
import dev.provenant.testsupport.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Pipelines on a real server and store: skip-unchanged, retries, failure isolation. */
class PipelineIT {

    private static ConfigurableApplicationContext context;
    private static ProvenantClient client;
    private static Path home;
    private static ArtifactStore store;

    @BeforeAll
    static void start() throws Exception {
        TestPostgres.TestDatabase db = TestPostgres.shared().newDatabase();
        home = Files.createTempDirectory("provenant-pipeline-it");
        String token = "pipeline-test-token-0123456789";
        context = new SpringApplication(ProvenantApplication.class)
                .run(
                        "--provenant.db.url=" + db.jdbcUrl(),
                        "--provenant.db.user=" + db.username(),
                        "--provenant.db.password=" + db.password(),
                        "--provenant.home=" + home,
                        "--provenant.tokens=ci=" + token,
                        "--server.port=0");
        client = new ProvenantClient(
                "http://127.0.0.1:"
                        + ((WebServerApplicationContext) context).getWebServer().getPort(),
                token);
        store = ArtifactStores.fromEnvironment(home, Map.of());
    }

    @AfterAll
    static void stop() {
        store.close();
        context.close();
    }

    private PipelineRunner.Outcome run(Path dir, String yaml) throws Exception {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, yaml);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        RunRecorder recorder = new RunRecorder(store, client, Map.of(), quiet, quiet);
        return new PipelineRunner(recorder, quiet, 10, 2).run(PipelineSpec.load(file), dir, file, true);
    }

    private static PipelineRunner.StepOutcome step(PipelineRunner.Outcome o, String name) {
        return o.steps().stream().filter(s -> s.step().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void givenUnchangedPipeline_whenRunTwice_thenSecondRunReusesEveryStepAndLinksTheOriginals() throws Exception {
        Path dir = Files.createTempDirectory("pipe-cache");
        Files.writeString(dir.resolve("raw.txt"), "b\na\nc\n");
        String yaml = """
                name: sort
                steps:
                  - name: sort
                    command: [sh, -c, "sort raw.txt > sorted.txt"]
                    inputs: [raw.txt]
                    outputs: [sorted.txt]
                  - name: count
                    command: [sh, -c, "wc -l < sorted.txt > count.txt"]
                    inputs: [sorted.txt]
                    outputs: [count.txt]
                """;
        PipelineRunner.Outcome first = run(dir, yaml);
        assertThat(first.succeeded()).isTrue();
        assertThat(step(first, "sort").status()).isEqualTo(PipelineRunner.Status.SUCCEEDED);
        Files.delete(dir.resolve("count.txt"));

        PipelineRunner.Outcome second = run(dir, yaml);
        assertThat(step(second, "sort").status()).isEqualTo(PipelineRunner.Status.CACHED);
        assertThat(step(second, "count").status()).isEqualTo(PipelineRunner.Status.CACHED);
        assertThat(Files.readString(dir.resolve("count.txt")).trim()).isEqualTo("3"); // materialized from the store
        JsonNode hit = client.query(
                        GraphQlDocuments.load("pipeline/run-cache-hit"),
                        Map.of("id", step(second, "count").runId()))
                .path("run");
        assertThat(hit.path("cacheHitOf").asText())
                .isEqualTo(step(first, "count").runId());
        assertThat(hit.path("pipelineRunId").asText()).isEqualTo(second.pipelineRunId());

        Files.writeString(dir.resolve("raw.txt"), "z\ny\n"); // changed input: not reused
        PipelineRunner.Outcome third = run(dir, yaml);
        assertThat(step(third, "sort").status()).isEqualTo(PipelineRunner.Status.SUCCEEDED);
        assertThat(Files.readString(dir.resolve("count.txt")).trim()).isEqualTo("2");
    }

    @Test
    void givenRecordedPipeline_whenItsStepsAreReplayedInOrder_thenEachIsIdentical() throws Exception {
        Path dir = Files.createTempDirectory("pipe-replay");
        Files.writeString(dir.resolve("in.txt"), "3\n1\n2\n");
        PipelineRunner.Outcome o = run(dir, """
                name: replayable
                steps:
                  - name: sort
                    command: [sh, -c, "sort in.txt > sorted.txt"]
                    inputs: [in.txt]
                    outputs: [sorted.txt]
                  - name: head
                    command: [sh, -c, "head -n 1 sorted.txt > first.txt"]
                    inputs: [sorted.txt]
                    outputs: [first.txt]
                """);
        assertThat(o.succeeded()).isTrue();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        RunRecorder recorder = new RunRecorder(store, client, Map.of(), quiet, quiet);
        var steps = recorder.api().steps(o.pipelineRunId());
        assertThat(steps).extracting(s -> s.path("stepName").asText()).containsExactly("sort", "head");
        var replayer = new dev.provenant.recorder.run.Replayer(recorder, Map.of());
        for (var step : steps) {
            assertThat(replayer.replay(step.path("id").asText(), false, home.resolve("replays"))
                            .verdict())
                    .isEqualTo("IDENTICAL");
        }
    }

    @Test
    void givenTransientFailure_whenStepHasRetries_thenItSucceedsOnALaterAttempt() throws Exception {
        Path dir = Files.createTempDirectory("pipe-retry");
        PipelineRunner.Outcome o = run(dir, """
                name: flaky
                steps:
                  - name: flaky
                    command: [sh, -c, "if [ -f .tried ]; then echo ok > out.txt; else touch .tried; exit 1; fi"]
                    outputs: [out.txt]
                    retries: 2
                """);
        assertThat(o.succeeded()).isTrue();
        assertThat(step(o, "flaky").attempts()).isEqualTo(2);
    }

    @Test
    void givenFailingStep_whenPipelineRuns_thenOnlyItsDependentsAreSkipped() throws Exception {
        Path dir = Files.createTempDirectory("pipe-isolation");
        PipelineRunner.Outcome o = run(dir, """
                name: isolation
                steps:
                  - name: broken
                    command: [sh, -c, "exit 3"]
                    outputs: [a.txt]
                  - name: after-broken
                    command: [sh, -c, "cat a.txt > b.txt"]
                    inputs: [a.txt]
                    outputs: [b.txt]
                  - name: independent
                    command: [sh, -c, "echo fine > c.txt"]
                    outputs: [c.txt]
                """);
        assertThat(o.succeeded()).isFalse();
        assertThat(step(o, "broken").status()).isEqualTo(PipelineRunner.Status.FAILED);
        assertThat(step(o, "after-broken").status()).isEqualTo(PipelineRunner.Status.SKIPPED);
        assertThat(step(o, "independent").status()).isEqualTo(PipelineRunner.Status.SUCCEEDED);
        JsonNode parent = client.query(GraphQlDocuments.load("pipeline/run-failure"), Map.of("id", o.pipelineRunId()))
                .path("run");
        assertThat(parent.path("status").asText()).isEqualTo("FAILED");
        assertThat(parent.path("failureReason").asText()).contains("broken");
    }
}
