package dev.provenant.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStores;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.run.Replayer;
import dev.provenant.recorder.run.RunRecorder;
import dev.provenant.recorder.run.StepSpec;
import dev.provenant.testsupport.TestS3;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Record and replay on real parts: a Provenant server on real PostgreSQL, artifacts in a real S3
 * server (in-JVM s3proxy here, MinIO where Docker exists) and in the local store.
 */
class RecordReplayIT {

    private static RecordedServer server;
    private static ArtifactStore s3;
    private static ArtifactStore local;

    @BeforeAll
    static void start() throws Exception {
        server = new RecordedServer();
        TestS3.TestBucket bucket = TestS3.shared().newBucket();
        s3 = ArtifactStores.fromEnvironment(
                server.home,
                Map.of(
                        "PROVENANT_S3_ENDPOINT", bucket.endpoint(),
                        "PROVENANT_S3_BUCKET", bucket.bucket(),
                        "PROVENANT_S3_ACCESS_KEY", bucket.accessKey(),
                        "PROVENANT_S3_SECRET_KEY", bucket.secretKey()));
        local = ArtifactStores.fromEnvironment(server.home, Map.of());
    }

    @AfterAll
    static void stop() {
        s3.close();
        local.close();
        server.close();
    }

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("s3"), Arguments.of("local"));
    }

    private Path work;
    private ByteArrayOutputStream out;

    @BeforeEach
    void workdir() throws Exception {
        work = Files.createTempDirectory("provenant-step");
        out = new ByteArrayOutputStream();
    }

    private RunRecorder recorder(String which) {
        return new RunRecorder(
                which.equals("s3") ? s3 : local,
                server.client,
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private StepSpec step(String script, List<String> inputs, List<String> outputs, Map<String, String> params) {
        return new StepSpec(
                "step",
                work,
                List.of("sh", "-c", script),
                inputs,
                outputs,
                params,
                List.of(),
                null,
                null,
                null,
                null,
                List.of());
    }

    private Replayer.Outcome replay(String which, String runId) {
        return new Replayer(recorder(which), Map.of()).replay(runId, false, server.home.resolve("replays"));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void givenDeterministicStep_whenRecordedAndReplayed_thenIdentical_evenAfterTheInputChangedOnDisk(String which)
            throws Exception {
        Files.writeString(work.resolve("in.txt"), "hello provenant\n");
        Files.createDirectories(work.resolve("data/sub"));
        Files.writeString(work.resolve("data/sub/part.csv"), "a,b\n1,2\n");
        RunRecorder.Result r = recorder(which)
                .record(step(
                        "tr a-z A-Z < in.txt > out.txt && echo \"$PARAM_GREETING\" >> out.txt && cat data/sub/part.csv > copy.csv"
                                + " && echo '{\"score\": 0.5}' > metrics.json",
                        List.of("in.txt", "data"),
                        List.of("out.txt", "copy.csv"),
                        Map.of("greeting", "hi")));
        assertThat(r.exitCode()).isZero();
        assertThat(Files.readString(work.resolve("out.txt"))).isEqualTo("HELLO PROVENANT\nhi\n");
        JsonNode run = recorder(which).api().get(r.runId());
        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.path("inputs").toString()).contains("in.txt").contains("\"data\"");
        assertThat(run.path("outputs").toString()).contains("out.txt").contains("\"LOG\"");
        assertThat(run.path("metrics").toString()).contains("score");
        assertThat(run.path("parameters").toString()).contains("greeting");

        Files.writeString(work.resolve("in.txt"), "changed after recording\n"); // replay must use recorded bytes
        Replayer.Outcome o = replay(which, r.runId());
        assertThat(o.verdict()).isEqualTo("IDENTICAL");
        assertThat(o.exitCode()).isZero();
        JsonNode replayRun = recorder(which).api().get(o.replayRunId());
        assertThat(replayRun.path("replayOf").asText()).isEqualTo(r.runId());
        assertThat(replayRun.path("verdict").asText()).isEqualTo("IDENTICAL");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void givenNondeterministicStep_whenReplayed_thenDifferentNamingTheOutputWithBothDigestsAndATextDiff(String which) {
        RunRecorder.Result r = recorder(which)
                .record(step("echo header > out.txt; date +%s%N >> out.txt", List.of(), List.of("out.txt"), Map.of()));
        Replayer.Outcome o = replay(which, r.runId());
        assertThat(o.verdict()).isEqualTo("DIFFERENT");
        assertThat(o.exitCode()).isEqualTo(3);
        assertThat(o.differences()).hasSize(1);
        Replayer.Difference d = o.differences().get(0);
        assertThat(d.name()).isEqualTo("out.txt");
        assertThat(d.originalDigest()).isNotEqualTo(d.replayDigest()).startsWith("sha256:");
        assertThat(d.detail()).contains("line 2:");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void givenFailingOrKilledCommands_whenRecorded_thenFailedWithExitCodeAndReplayIsFailed(String which) {
        RunRecorder.Result failed =
                recorder(which).record(step("echo partial > out.txt; exit 7", List.of(), List.of("out.txt"), Map.of()));
        assertThat(failed.exitCode()).isEqualTo(7);
        JsonNode run = recorder(which).api().get(failed.runId());
        assertThat(run.path("status").asText()).isEqualTo("FAILED");
        assertThat(run.path("exitCode").asInt()).isEqualTo(7);
        assertThat(replay(which, failed.runId()).exitCode()).isEqualTo(4);

        RunRecorder.Result killed = recorder(which).record(step("kill -9 $$", List.of(), List.of(), Map.of()));
        JsonNode k = recorder(which).api().get(killed.runId());
        assertThat(k.path("status").asText()).isEqualTo("FAILED");
        assertThat(k.path("failureReason").asText()).contains("killed by signal 9");

        RunRecorder.Result missing = recorder(which).record(step("true", List.of(), List.of("never.txt"), Map.of()));
        JsonNode m = recorder(which).api().get(missing.runId());
        assertThat(m.path("status").asText()).isEqualTo("FAILED");
        assertThat(m.path("failureReason").asText()).contains("never.txt");

        RunRecorder.Result noSuchCommand = recorder(which)
                .record(new StepSpec(
                        "x",
                        work,
                        List.of("/nonexistent/binary"),
                        List.of(),
                        List.of(),
                        Map.of(),
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        List.of()));
        assertThat(recorder(which)
                        .api()
                        .get(noSuchCommand.runId())
                        .path("failureReason")
                        .asText())
                .contains("could not start");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void givenPathsEscapingTheWorkingDirectory_whenRecordingOrReplaying_thenRefusedAndNothingWritten(String which)
            throws Exception {
        Path outside = Files.createTempFile("outside", ".txt");
        assertThatThrownBy(() -> recorder(which)
                        .record(step("true", List.of("../" + outside.getFileName()), List.of(), Map.of())))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("escapes the working directory");
        assertThatThrownBy(() -> recorder(which).record(step("true", List.of(outside.toString()), List.of(), Map.of())))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("relative path inside the working directory");

        // a run recorded by another client with a hostile input name cannot make replay write outside
        String digest = (which.equals("s3") ? s3 : local)
                .put("x".getBytes(StandardCharsets.UTF_8))
                .digest()
                .toString();
        Map<String, Object> start = new HashMap<>();
        start.put("name", "hostile");
        start.put("command", List.of("true"));
        start.put("inputs", List.of(Map.of("name", "../../escaped.txt", "digest", digest, "sizeBytes", 1)));
        String runId = recorder(which).api().start(start).path("id").asText();
        recorder(which).api().finish(runId, 0, 1, null);
        assertThatThrownBy(() -> replay(which, runId))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("escapes the working directory");
        assertThat(server.home.resolve("escaped.txt")).doesNotExist();
    }
}
