package dev.provenant.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The GraphQL replayRun mutation: a server-side worker replays a recorded run and records the verdict. */
class ServerReplayIT {

    private static RecordedServer server;
    private static ArtifactStore store;

    @BeforeAll
    static void start() throws Exception {
        server = new RecordedServer();
        store = ArtifactStores.fromEnvironment(server.home, Map.of());
    }

    @AfterAll
    static void stop() {
        store.close();
        server.close();
    }

    @Test
    void givenRecordedRun_whenReplayRunMutation_thenJobFinishesIdenticalWithAReplayRun() throws Exception {
        Path work = Files.createTempDirectory("server-replay");
        Files.writeString(work.resolve("in.txt"), "abc\n");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        RunRecorder recorder = new RunRecorder(store, server.client, Map.of(), quiet, quiet);
        RunRecorder.Result r = recorder.record(new StepSpec(
                "upper",
                work,
                List.of("sh", "-c", "tr a-z A-Z < in.txt > out.txt"),
                List.of("in.txt"),
                List.of("out.txt"),
                Map.of(),
                List.of(),
                null,
                null,
                null,
                null,
                List.of()));

        JsonNode payload = server.client
                .query(
                        "mutation($in: ReplayRunInput!) { replayRun(input: $in) { job { id status } errors { code message } } }",
                        Map.of("in", Map.of("runId", r.runId())))
                .path("replayRun");
        assertThat(payload.path("errors")).isEmpty();
        String jobId = payload.path("job").path("id").asText();

        JsonNode job = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            job = server.client
                    .query(
                            "query($id: ID!) { replayJob(id: $id) { status verdict replayRunId output } }",
                            Map.of("id", jobId))
                    .path("replayJob");
            if (job.path("status").asText().equals("DONE")
                    || job.path("status").asText().equals("ERROR")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(job.path("status").asText()).as("job %s", job).isEqualTo("DONE");
        assertThat(job.path("verdict").asText()).isEqualTo("IDENTICAL");
        JsonNode replay = recorder.api().get(job.path("replayRunId").asText());
        assertThat(replay.path("replayOf").asText()).isEqualTo(r.runId());
        assertThat(replay.path("verdict").asText()).isEqualTo("IDENTICAL");

        JsonNode missing = server.client
                .query(
                        "mutation { replayRun(input: { runId: \"run:does-not-exist\" }) { job { id } errors { code } } }",
                        Map.of())
                .path("replayRun");
        assertThat(missing.path("errors").get(0).path("code").asText()).isEqualTo("NOT_FOUND");
    }
}
