package dev.provenant.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.cli.CliRun;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.run.RunApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pipelines through the CLI a user types, on a real server, PostgreSQL and S3 server: the course-style Python
 * pipeline in examples/ records, caches per step (editing one step's code re-runs only that step),
 * and replays as a whole to IDENTICAL; a replayed step is fed what the replayed upstream step
 * produced; the server's replayRun replays a whole pipeline too.
 */
class PipelineReplayIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RecordedServer server;

    @BeforeAll
    static void start() throws Exception {
        // artifacts in a real S3 server (s3proxy here, MinIO where Docker runs), for the server, the
        // CLI and the server's replay worker alike
        dev.provenant.testsupport.TestS3.TestBucket bucket =
                dev.provenant.testsupport.TestS3.shared().newBucket();
        System.setProperty("PROVENANT_S3_ENDPOINT", bucket.endpoint());
        System.setProperty("PROVENANT_S3_BUCKET", bucket.bucket());
        System.setProperty("PROVENANT_S3_ACCESS_KEY", bucket.accessKey());
        System.setProperty("PROVENANT_S3_SECRET_KEY", bucket.secretKey());
        server = new RecordedServer("--provenant.replay.server-side.enabled=true");
        System.setProperty("PROVENANT_HOME", server.home.toString());
        System.setProperty("PROVENANT_URL", "http://127.0.0.1:" + server.port);
        System.setProperty("PROVENANT_TOKEN", RecordedServer.TOKEN);
    }

    @AfterAll
    static void stop() {
        System.clearProperty("PROVENANT_HOME");
        System.clearProperty("PROVENANT_URL");
        System.clearProperty("PROVENANT_TOKEN");
        for (String s : new String[] {"ENDPOINT", "BUCKET", "ACCESS_KEY", "SECRET_KEY"}) {
            System.clearProperty("PROVENANT_S3_" + s);
        }
        server.close();
    }

    static CliRun.Result cli(String... args) {
        return CliRun.of(args);
    }

    private static Map<String, String> statuses(JsonNode pipeline) {
        Map<String, String> m = new java.util.TreeMap<>();
        pipeline.path("steps")
                .forEach(s -> m.put(s.path("step").asText(), s.path("status").asText()));
        return m;
    }

    private static Path copyExample() throws Exception {
        Path source =
                Path.of("..", "examples", "python-pipeline").toAbsolutePath().normalize();
        assertThat(source.resolve("pipeline.yaml")).exists();
        Path dir = Files.createTempDirectory("python-pipeline");
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    @Test
    void givenTheCoursePythonPipeline_whenRunEditedAndReplayed_thenCachedPerStepAndReplaysIdentical() throws Exception {
        Path dir = copyExample();
        String file = dir.resolve("pipeline.yaml").toString();

        CliRun.Result first = cli("pipeline", "run", file, "--json");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(statuses(first.json()))
                .as(first.err())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "generate",
                        "SUCCEEDED",
                        "features",
                        "SUCCEEDED",
                        "train",
                        "SUCCEEDED",
                        "evaluate",
                        "SUCCEEDED"));
        String pipelineRun = first.json().path("pipelineRunId").asText();

        CliRun.Result again = cli("pipeline", "run", file, "--json");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(statuses(again.json()).values()).containsOnly("CACHED");
        // a cache hit carries the reused run's metrics
        RunApi api = new RunApi(server.client);
        String cachedEvaluate = runOf(again.json(), "evaluate");
        assertThat(names(api.get(cachedEvaluate).path("metrics"))).contains("rmse", "mae");

        // editing one step's code re-runs that step only
        Files.writeString(dir.resolve("evaluate.py"), "\n# reviewed\n", java.nio.file.StandardOpenOption.APPEND);
        CliRun.Result edited = cli("pipeline", "run", file, "--json");
        assertThat(edited.exit()).as(edited.err()).isZero();
        assertThat(statuses(edited.json()))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("generate", "CACHED", "features", "CACHED", "train", "CACHED", "evaluate", "SUCCEEDED"));
        // a change to shared code (imported by every step) re-runs every step
        Files.writeString(dir.resolve("common.py"), "\n# shared helpers\n", java.nio.file.StandardOpenOption.APPEND);
        CliRun.Result shared = cli("pipeline", "run", file, "--json");
        assertThat(statuses(shared.json()).values()).containsOnly("SUCCEEDED");

        // the whole pipeline replays, from nowhere in particular, to IDENTICAL
        CliRun.Result replay = cli("replay-run", pipelineRun, "--json");
        assertThat(replay.exit()).as(replay.err()).isZero();
        JsonNode verdict = replay.json();
        assertThat(verdict.path("verdict").asText()).as(replay.err()).isEqualTo("IDENTICAL");
        assertThat(verdict.path("steps")).hasSize(4);
        verdict.path("steps")
                .forEach(s -> assertThat(s.path("verdict").asText()).isEqualTo("IDENTICAL"));
        JsonNode recorded = api.get(verdict.path("replayRunId").asText());
        assertThat(recorded.path("replayOf").asText()).isEqualTo(pipelineRun);
        assertThat(recorded.path("verdict").asText()).isEqualTo("IDENTICAL");
        assertThat(api.steps(verdict.path("replayRunId").asText())).hasSize(4);

        // a pipeline run made of cache hits replays the runs that executed
        CliRun.Result replayCached =
                cli("replay-run", again.json().path("pipelineRunId").asText(), "--json");
        assertThat(replayCached.exit()).as(replayCached.err()).isZero();
        assertThat(replayCached.json().path("verdict").asText()).isEqualTo("IDENTICAL");
    }

    @Test
    void givenANondeterministicUpstreamStep_whenThePipelineIsReplayed_thenTheDownstreamStepReadsTheReplayedOutput()
            throws Exception {
        Path dir = Files.createTempDirectory("pipeline-feed");
        Files.writeString(dir.resolve("pipeline.yaml"), """
                name: feed
                steps:
                  - name: draw
                    command: [sh, -c, "od -An -N8 -tx8 /dev/urandom > a.txt"]
                    outputs: [a.txt]
                  - name: copy
                    command: [sh, -c, "cp a.txt b.txt"]
                    inputs: [a.txt]
                    outputs: [b.txt]
                """);
        CliRun.Result run = cli("pipeline", "run", dir.resolve("pipeline.yaml").toString(), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        CliRun.Result replay =
                cli("replay-run", run.json().path("pipelineRunId").asText(), "--json");
        assertThat(replay.exit()).as(replay.out() + replay.err()).isEqualTo(3);
        JsonNode steps = replay.json().path("steps");
        RunApi api = new RunApi(server.client);
        String drawn = outputDigest(api.get(steps.get(0).path("replayRunId").asText()), "a.txt");
        String copied = outputDigest(api.get(steps.get(1).path("replayRunId").asText()), "b.txt");
        assertThat(steps.get(0).path("verdict").asText()).isEqualTo("DIFFERENT");
        assertThat(copied).as("the replayed copy read the replayed draw").isEqualTo(drawn);
        assertThat(replay.json().path("verdict").asText()).isEqualTo("DIFFERENT");
    }

    @Test
    void givenAPipelineRun_whenAnAdminAsksTheServerToReplayIt_thenEveryStepIsReplayedAndTheJobHasTheOverallVerdict()
            throws Exception {
        Path dir = Files.createTempDirectory("pipeline-server");
        Files.writeString(dir.resolve("in.txt"), "b\na\n");
        Files.writeString(dir.resolve("pipeline.yaml"), """
                name: sorting
                steps:
                  - name: sort
                    command: [sort, in.txt, -o, sorted.txt]
                    inputs: [in.txt]
                    outputs: [sorted.txt]
                  - name: count
                    command: [sh, -c, "wc -l < sorted.txt > count.txt"]
                    inputs: [sorted.txt]
                    outputs: [count.txt]
                """);
        CliRun.Result run = cli("pipeline", "run", dir.resolve("pipeline.yaml").toString(), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        String pipelineRun = run.json().path("pipelineRunId").asText();
        JsonNode job = server.admin
                .query(GraphQlDocuments.load("run/replayRun-job"), Map.of("in", Map.of("runId", pipelineRun)))
                .path("replayRun")
                .path("job");
        String jobId = job.path("id").asText();
        JsonNode done = Awaitility.await("replay job " + jobId + " finishing")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> server.admin
                                .query(GraphQlDocuments.load("run/replayJob-status"), Map.of("id", jobId))
                                .path("replayJob"),
                        j -> !List.of("QUEUED", "RUNNING")
                                .contains(j.path("status").asText()));
        assertThat(done.path("status").asText()).as("%s", done).isEqualTo("DONE");
        assertThat(done.path("verdict").asText()).isEqualTo("IDENTICAL");
        RunApi api = new RunApi(server.client);
        String replayRun = done.path("replayRunId").asText();
        assertThat(api.get(replayRun).path("replayOf").asText()).isEqualTo(pipelineRun);
        assertThat(api.steps(replayRun)).hasSize(2);
    }

    @Test
    void givenAStepWithDeclaredTolerances_whenThePipelineIsReplayed_thenNoiseWithinThemIsEquivalent() throws Exception {
        String noisy = "import json, random; open('out.txt', 'w').write('fixed');"
                + " json.dump({'rmse': 1.0 + random.random() * 1e-12}, open('metrics.json', 'w'))";
        for (boolean tolerant : new boolean[] {true, false}) {
            Path dir = Files.createTempDirectory("pipeline-tolerance");
            Files.writeString(
                    dir.resolve("pipeline.yaml"),
                    "name: noisy\n"
                            + "steps:\n"
                            + "  - name: fit\n"
                            + "    command: [python3, -c, \"" + noisy.replace("\"", "\\\"") + "\"]\n"
                            + "    outputs: [out.txt]\n"
                            + (tolerant ? "    tolerances:\n      metrics: {rmse: {abs: 1.0e-9}}\n" : ""));
            CliRun.Result run =
                    cli("pipeline", "run", dir.resolve("pipeline.yaml").toString(), "--json");
            assertThat(run.exit()).as(run.err()).isZero();
            CliRun.Result replay =
                    cli("replay-run", run.json().path("pipelineRunId").asText(), "--json");
            assertThat(replay.json().path("verdict").asText())
                    .as(replay.err())
                    .isEqualTo(tolerant ? "EQUIVALENT" : "DIFFERENT");
            assertThat(replay.exit()).isEqualTo(tolerant ? 0 : 3);
        }
    }

    @Test
    void givenATypoInThePipelineFile_whenRun_thenUsageErrorNamingTheKey() throws Exception {
        Path dir = Files.createTempDirectory("pipeline-typo");
        Files.writeString(dir.resolve("pipeline.yaml"), """
                steps:
                  - name: a
                    command: [true]
                    ouputs: [x]
                """);
        CliRun.Result r = cli("pipeline", "run", dir.resolve("pipeline.yaml").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown key 'ouputs'").contains("did you mean 'outputs'");
    }

    private static String runOf(JsonNode pipeline, String step) {
        for (JsonNode s : pipeline.path("steps")) {
            if (s.path("step").asText().equals(step)) {
                return s.path("runId").asText();
            }
        }
        throw new AssertionError("no step " + step + " in " + pipeline);
    }

    private static List<String> names(JsonNode metrics) {
        List<String> n = new ArrayList<>();
        metrics.forEach(m -> n.add(m.path("name").asText()));
        return n;
    }

    private static String outputDigest(JsonNode run, String name) {
        for (JsonNode o : run.path("outputs")) {
            if (o.path("name").asText().equals(name)) {
                return o.path("digest").asText();
            }
        }
        throw new AssertionError("no output " + name + " in " + run);
    }
}
