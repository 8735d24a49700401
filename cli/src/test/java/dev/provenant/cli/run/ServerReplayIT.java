package dev.provenant.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStores;
import dev.provenant.artifacts.Digest;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.run.RunApi;
import dev.provenant.recorder.run.RunRecorder;
import dev.provenant.recorder.run.Sandbox;
import dev.provenant.recorder.run.StepSpec;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GraphQL replayRun mutation: a server-side worker replays a recorded run in a sandbox and
 * records the verdict as the admin who asked; recorders may not ask; jobs time out and cancel.
 * Needs bubblewrap (.ci/run installs it).
 */
class ServerReplayIT {

    private static RecordedServer server;
    private static ArtifactStore store;
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @BeforeAll
    static void start() throws Exception {
        server = new RecordedServer("--provenant.replay.server-side.enabled=true");
        store = ArtifactStores.fromEnvironment(server.home, Map.of());
    }

    @AfterAll
    static void stop() {
        store.close();
        server.close();
    }

    private static RunRecorder.Result record(
            Path work, List<String> command, List<String> inputs, List<String> outputs, Map<String, String> params) {
        RunRecorder recorder = new RunRecorder(store, server.client, Map.of(), QUIET, QUIET);
        return recorder.record(new StepSpec(
                "step", work, command, inputs, outputs, params, List.of(), null, null, null, null, List.of()));
    }

    private static JsonNode replay(String runId, Integer timeoutSeconds) {
        Map<String, Object> in = timeoutSeconds == null
                ? Map.of("runId", runId)
                : Map.of("runId", runId, "timeoutSeconds", timeoutSeconds);
        return server.admin
                .query(GraphQlDocuments.load("run/replayRun-submitter"), Map.of("in", in))
                .path("replayRun");
    }

    /** The job once it is neither QUEUED nor RUNNING; fails the test after {@code max}. */
    private static JsonNode await(String jobId, Duration max) {
        return Awaitility.await("replay job " + jobId + " finishing")
                .atMost(max)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> server.admin
                                .query(GraphQlDocuments.load("run/replayJob-submitter"), Map.of("id", jobId))
                                .path("replayJob"),
                        j -> !List.of("QUEUED", "RUNNING")
                                .contains(j.path("status").asText()));
    }

    @Test
    void givenRecordedRun_whenAnAdminAsks_thenJobFinishesIdenticalAndTheReplayNamesTheAdmin() throws Exception {
        Path work = Files.createTempDirectory("server-replay");
        Files.writeString(work.resolve("in.txt"), "abc\n");
        RunRecorder.Result r = record(
                work,
                List.of("sh", "-c", "tr a-z A-Z < in.txt > out.txt"),
                List.of("in.txt"),
                List.of("out.txt"),
                Map.of());

        JsonNode payload = replay(r.runId(), null);
        assertThat(payload.path("errors")).isEmpty();
        assertThat(payload.path("job").path("submittedBy").asText()).isEqualTo("boss");
        JsonNode job = await(payload.path("job").path("id").asText(), Duration.ofSeconds(90));
        assertThat(job.path("status").asText()).as("job %s", job).isEqualTo("DONE");
        assertThat(job.path("verdict").asText()).isEqualTo("IDENTICAL");
        JsonNode replay = new RunApi(server.client).get(job.path("replayRunId").asText());
        assertThat(replay.path("replayOf").asText()).isEqualTo(r.runId());
        assertThat(replay.path("verdict").asText()).isEqualTo("IDENTICAL");
        // the replay's events carry the admin who asked, not a server identity
        assertThat(replay.path("startedBy").asText()).isEqualTo("boss");

        JsonNode missing = server.admin
                .query(GraphQlDocuments.load("run/replayRun-unknown-run"), Map.of())
                .path("replayRun");
        assertThat(missing.path("errors").get(0).path("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void givenARecorder_whenAskingForAServerSideReplay_thenForbidden() throws Exception {
        Path work = Files.createTempDirectory("server-replay-recorder");
        RunRecorder.Result r =
                record(work, List.of("sh", "-c", "echo hi > o.txt"), List.of(), List.of("o.txt"), Map.of());
        assertThatThrownBy(() -> server.client.query(
                        GraphQlDocuments.load("run/replayRun-job-only"), Map.of("in", Map.of("runId", r.runId()))))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("tester")
                .hasMessageContaining("replayRun");
    }

    @Test
    void givenAHostileRecordedCommand_whenReplayedOnTheServer_thenItSeesNoSecretNoNetworkAndRunsUnprivileged()
            throws Exception {
        Path work = Files.createTempDirectory("server-replay-hostile");
        String adminTokenFile = server.home.resolve("admin.token").toString();
        String script = String.join(
                "\n",
                "env | sort > env.txt",
                "id -u > uid.txt",
                "(cat \"$PARAM_TOKENFILE\" 2>/dev/null || echo unreadable) > token.txt",
                "(ls \"$PARAM_HOMEDIR\" 2>/dev/null || echo unlistable) > home.txt",
                "(cat /proc/1/environ 2>/dev/null | tr '\\0' '\\n' | grep -c TOKEN || true) > init-env.txt",
                "python3 -c \"import socket; socket.create_connection(('127.0.0.1', " + server.port
                        + "), 2); print('connected')\" > net.txt 2>/dev/null || echo no-network > net.txt",
                "(touch /usr/provenant-was-here 2>/dev/null && echo wrote-system || echo read-only-system) > system.txt");
        RunRecorder.Result r = record(
                work,
                List.of("sh", "-c", script),
                List.of(),
                List.of("env.txt", "uid.txt", "token.txt", "home.txt", "init-env.txt", "net.txt", "system.txt"),
                Map.of("tokenfile", adminTokenFile, "homedir", server.home.toString()));
        // the probes work: unsealed, the original run could reach the server and read the token
        Map<String, String> original = new java.util.HashMap<>();
        for (var e : r.outputs().entrySet()) {
            try (InputStream in = store.get(Digest.parse(e.getValue().digest()))) {
                original.put(e.getKey(), new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
            }
        }
        assertThat(original.get("net.txt")).isEqualTo("connected");
        if (Sandbox.isRoot()) {
            assertThat(original.get("token.txt")).isNotEqualTo("unreadable");
            assertThat(original.get("system.txt")).isEqualTo("wrote-system");
        }
        // the original ran unsealed (as root here) and could write there; the replay must not
        Files.deleteIfExists(Path.of("/usr/provenant-was-here"));

        JsonNode job = await(replay(r.runId(), null).path("job").path("id").asText(), Duration.ofSeconds(90));
        assertThat(job.path("status").asText()).as("job %s", job).isEqualTo("DONE");
        JsonNode replay = new RunApi(server.client).get(job.path("replayRunId").asText());
        Map<String, String> out = new java.util.HashMap<>();
        for (JsonNode o : replay.path("outputs")) {
            if (!o.path("kind").asText().equals("LOG")) {
                try (InputStream in = store.get(Digest.parse(o.path("digest").asText()))) {
                    out.put(o.path("name").asText(), new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
                }
            }
        }
        String adminToken = Files.readString(server.home.resolve("admin.token")).trim();
        String env = out.get("env.txt");
        assertThat(env)
                .contains("PROVENANT_RUN_ID=" + replay.path("id").asText())
                .contains("PARAM_TOKENFILE=");
        assertThat(env)
                .doesNotContain(adminToken)
                .doesNotContain(RecordedServer.ADMIN_TOKEN)
                .doesNotContain(RecordedServer.TOKEN)
                .doesNotContain("PROVENANT_TOKEN")
                .doesNotContain("PROVENANT_URL")
                .doesNotContain("PROVENANT_HOME")
                .doesNotContain("PROVENANT_S3")
                .doesNotContain("JAVA_TOOL_OPTIONS");
        // besides its run id, only the file of its own parameters (the PARAM_* values as JSON)
        assertThat(env.lines().filter(l -> l.startsWith("PROVENANT_")).toList())
                .hasSize(2)
                .contains("PROVENANT_RUN_ID=" + replay.path("id").asText())
                .anySatisfy(
                        l -> assertThat(l).matches("PROVENANT_PARAMS_FILE=/tmp/provenant-params-[0-9]+/params\\.json"));
        assertThat(out.get("token.txt")).isEqualTo("unreadable");
        assertThat(out.get("home.txt")).isEqualTo("unlistable");
        assertThat(out.get("init-env.txt")).isEqualTo("0");
        assertThat(out.get("net.txt")).isEqualTo("no-network");
        assertThat(out.get("system.txt")).isEqualTo("read-only-system");
        assertThat(Path.of("/usr/provenant-was-here")).doesNotExist();
        if (Sandbox.isRoot()) {
            assertThat(out.get("uid.txt")).isEqualTo("65534");
        }
    }

    @Test
    void givenAReplayThatHangs_whenItsTimeoutPasses_thenTimedOutAndItsProcessesAreGone() throws Exception {
        Path work = Files.createTempDirectory("server-replay-hang");
        // recorded where 'done' existed (not declared): the replay does not have it and waits
        Files.writeString(work.resolve("done"), "");
        String seconds = Integer.toString(1000 + new java.util.Random().nextInt(8000));
        RunRecorder.Result r = record(
                work,
                List.of("sh", "-c", "test -f done || sleep " + seconds + "; echo ok > o.txt"),
                List.of(),
                List.of("o.txt"),
                Map.of());
        long t0 = System.nanoTime();
        JsonNode job = await(replay(r.runId(), 2).path("job").path("id").asText(), Duration.ofSeconds(60));
        assertThat(job.path("status").asText()).as("job %s", job).isEqualTo("TIMED_OUT");
        assertThat(job.path("output").asText()).contains("timed out after 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(40));
        assertThat(goneWithin(seconds, Duration.ofSeconds(10)))
                .as("sleep %s still running", seconds)
                .isTrue();
    }

    @Test
    void givenARunningReplay_whenCancelled_thenCancelledAndItsProcessesAreGone() throws Exception {
        Path work = Files.createTempDirectory("server-replay-cancel");
        Files.writeString(work.resolve("done"), "");
        String seconds = Integer.toString(1000 + new java.util.Random().nextInt(8000));
        RunRecorder.Result r = record(
                work,
                List.of("sh", "-c", "test -f done || sleep " + seconds + "; echo ok > o.txt"),
                List.of(),
                List.of("o.txt"),
                Map.of());
        String jobId = replay(r.runId(), null).path("job").path("id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (sleepers(seconds) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(sleepers(seconds)).as("the replayed command started").isPositive();
        JsonNode cancelled = server.admin
                .query(GraphQlDocuments.load("run/cancelReplayJob"), Map.of("id", jobId))
                .path("cancelReplayJob");
        assertThat(cancelled.path("errors")).isEmpty();
        JsonNode job = await(jobId, Duration.ofSeconds(60));
        assertThat(job.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(goneWithin(seconds, Duration.ofSeconds(10)))
                .as("sleep %s still running", seconds)
                .isTrue();
    }

    /** Whether every {@code sleep <seconds>} process is gone within {@code max} (killing is asynchronous). */
    private static boolean goneWithin(String seconds, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (sleepers(seconds) == 0) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** How many {@code sleep <seconds>} processes are alive on this machine. */
    private static long sleepers(String seconds) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                                .commandLine()
                                .map(c -> c.endsWith("sleep " + seconds))
                                .orElse(false)
                        || p.info()
                                .arguments()
                                .map(a -> a.length == 1 && a[0].equals(seconds))
                                .orElse(false))
                .count();
    }
}
