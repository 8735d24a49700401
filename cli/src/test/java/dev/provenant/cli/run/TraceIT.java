package dev.provenant.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.cli.CliRun;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.run.Sandbox;
import dev.provenant.recorder.trace.Tracer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traced and hermetic execution through the CLI, on a real server (real PostgreSQL) and store: the
 * three reproductions of issue 14 (an undeclared config that changes, a git-ignored local config, a
 * variable the output depends on) and the sandbox (no network; system files readable). Needs strace
 * and bubblewrap (CI installs both); Python steps use Debian's /usr/bin/python3, which the sandbox
 * user can run.
 */
class TraceIT {

    private static final String PYTHON = "/usr/bin/python3";
    private static final Pattern RUN_ID = Pattern.compile("run:[0-9a-f-]{36}");

    private static RecordedServer server;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Tracer.available(), "strace with --seccomp-bpf is needed: apt-get install strace");
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), "Debian's python3 is needed");
        server = new RecordedServer();
        System.setProperty("PROVENANT_HOME", server.home.toString());
        System.setProperty("PROVENANT_URL", "http://127.0.0.1:" + server.port);
        System.setProperty("PROVENANT_TOKEN", RecordedServer.TOKEN);
    }

    @AfterAll
    static void stop() {
        System.clearProperty("PROVENANT_HOME");
        System.clearProperty("PROVENANT_URL");
        System.clearProperty("PROVENANT_TOKEN");
        if (server != null) {
            server.close();
        }
    }

    private static String runId(String text) {
        Matcher m = RUN_ID.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        assertThat(last).as("a run id in: %s", text).isNotNull();
        return last;
    }

    private static JsonNode run(String id) {
        return server.client
                .query(GraphQlDocuments.load("run/run-trace"), Map.of("id", id))
                .path("run");
    }

    /** A directory readable by the sandbox user (nobody, when tests run as root). */
    private static Path workdir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    // (a) a pipeline step reads a config file it does not declare

    @Test
    void givenPipelineStepReadingAnUndeclaredConfig_whenTheConfigChanges_thenTheStepRunsAgainNamingTheFile()
            throws Exception {
        Path dir = workdir("provenant-trace-a");
        Files.writeString(dir.resolve("config.yaml"), "scale: 2\n");
        Files.writeString(dir.resolve("data.txt"), "1\n2\n3\n");
        Files.writeString(dir.resolve("train.py"), """
                scale = int(open("config.yaml").read().split(":")[1])
                nums = [int(x) for x in open("data.txt").read().split()]
                open("model.txt", "w").write(str(sum(n * scale for n in nums)) + "\\n")
                """);
        Files.writeString(dir.resolve("pipeline.yaml"), """
                name: undeclared
                steps:
                  - name: train
                    command: [%s, train.py]
                    inputs: [data.txt]
                    outputs: [model.txt]
                    trace: true
                """.formatted(PYTHON));

        CliRun.Result first =
                CliRun.of("pipeline", "run", dir.resolve("pipeline.yaml").toString());
        assertThat(first.exit()).as(first.all()).isZero();
        assertThat(first.all()).contains("SUCCEEDED").contains("provenant: undeclared read: config.yaml (sha256:");
        assertThat(Files.readString(dir.resolve("model.txt"))).isEqualTo("12\n");
        String firstRun = runId(first.out()
                .lines()
                .filter(l -> l.contains("train"))
                .reduce((a, b) -> b)
                .orElseThrow());
        JsonNode recorded = run(firstRun);
        assertThat(recorded.path("traced").asBoolean()).isTrue();
        assertThat(recorded.path("undeclaredReads")).hasSize(1);
        assertThat(recorded.path("undeclaredReads").get(0).path("path").asText())
                .isEqualTo("config.yaml");
        assertThat(recorded.path("undeclaredReads").get(0).path("stored").asBoolean())
                .isTrue();
        assertThat(recorded.path("execution").path("declaredReads").asInt()).isEqualTo(1);
        assertThat(recorded.path("execution").path("codeReads").asInt()).isEqualTo(1);

        CliRun.Result unchanged =
                CliRun.of("pipeline", "run", dir.resolve("pipeline.yaml").toString());
        assertThat(unchanged.exit()).as(unchanged.all()).isZero();
        assertThat(unchanged.out()).contains("CACHED");

        Files.writeString(dir.resolve("config.yaml"), "scale: 3\n");
        CliRun.Result changed =
                CliRun.of("pipeline", "run", dir.resolve("pipeline.yaml").toString());
        assertThat(changed.exit()).as(changed.all()).isZero();
        assertThat(changed.out()).doesNotContain("CACHED").contains("SUCCEEDED");
        assertThat(changed.out()).contains("undeclared read config.yaml changed since " + firstRun);
        assertThat(Files.readString(dir.resolve("model.txt"))).isEqualTo("18\n");

        CliRun.Result history = CliRun.of("history", firstRun);
        assertThat(history.out()).contains("RunExecutionObservedEvent").contains("undeclared read: config.yaml");
    }

    @Test
    void givenAStepCachedUntraced_whenTracingIsTurnedOn_thenItRunsOnceTracedThenIsReused() throws Exception {
        Path dir = workdir("provenant-trace-on");
        Files.writeString(dir.resolve("in.txt"), "x\n");
        Files.writeString(dir.resolve("pipeline.yaml"), """
                name: turn-on
                steps:
                  - name: copy
                    command: [%s, -c, "open('out.txt','w').write(open('in.txt').read())"]
                    inputs: [in.txt]
                    outputs: [out.txt]
                """.formatted(PYTHON));
        String file = dir.resolve("pipeline.yaml").toString();
        assertThat(CliRun.of("pipeline", "run", file).out()).contains("SUCCEEDED");
        assertThat(CliRun.of("pipeline", "run", file).out()).contains("CACHED");
        CliRun.Result traced = CliRun.of("pipeline", "run", "--trace", file);
        assertThat(traced.exit()).as(traced.all()).isZero();
        assertThat(traced.out()).contains("SUCCEEDED").contains("was not traced, so what it read is unknown");
        CliRun.Result again = CliRun.of("pipeline", "run", "--trace", file);
        assertThat(again.out()).as(again.all()).contains("CACHED");
    }

    // (b) a git-ignored local config: named when recorded, materialized by a hermetic replay

    @Test
    void givenStepReadingAGitIgnoredLocalConfig_whenRecordedAndReplayedHermetically_thenNamedThenMaterialized()
            throws Exception {
        assumeTrue(Sandbox.available(), "bubblewrap (and setpriv as root) is needed");
        Path dir = workdir("provenant-trace-b");
        Files.writeString(dir.resolve(".gitignore"), "local_config.json\n");
        Files.writeString(dir.resolve("local_config.json"), "{\"threshold\": 0.25}\n");
        Files.writeString(dir.resolve("step.py"), """
                import json
                cfg = json.load(open("local_config.json"))
                open("out.txt", "w").write("threshold=%s\\n" % cfg["threshold"])
                """);
        git(dir, "init", "-q");
        git(dir, "add", ".gitignore", "step.py");
        git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "step");

        CliRun.Result recorded =
                CliRun.of("run", "-C", dir.toString(), "--trace", "--output", "out.txt", "--", PYTHON, "step.py");
        assertThat(recorded.exit()).as(recorded.all()).isZero();
        assertThat(recorded.err()).contains("provenant: undeclared read: local_config.json (sha256:");
        String id = runId(recorded.out());
        assertThat(run(id).path("undeclaredReads").get(0).path("path").asText()).isEqualTo("local_config.json");

        CliRun.Result replay = CliRun.of("replay-run", id, "--hermetic", "--json");
        assertThat(replay.exit()).as(replay.all()).isZero();
        JsonNode verdict = replay.json();
        assertThat(verdict.path("verdict").asText()).isEqualTo("IDENTICAL");
        assertThat(verdict.path("notes").toString())
                .contains("materialized undeclared reads")
                .contains("local_config.json");

        JsonNode score = server.client
                .query(GraphQlDocuments.load("run/run-reproducibility"), Map.of("id", id))
                .path("run")
                .path("reproducibility");
        assertThat(score.path("runs").asInt()).isEqualTo(1);
        assertThat(score.path("reproduced").asInt()).isEqualTo(1);
        assertThat(score.path("score").asDouble()).isEqualTo(1.0);
        CliRun.Result audit = CliRun.of("audit-report", id, "--format", "md");
        assertThat(audit.exit()).as(audit.all()).isZero();
        assertThat(audit.out()).contains("Reproducibility: **1 of 1**").contains("`local_config.json`");
    }

    @Test
    void givenAnUndeclaredReadOverTheCaptureCap_whenReplayedHermetically_thenTheVerdictNamesItAsNotCaptured()
            throws Exception {
        assumeTrue(Sandbox.available(), "bubblewrap (and setpriv as root) is needed");
        Path dir = workdir("provenant-trace-cap");
        Files.writeString(dir.resolve("local_config.json"), "{\"threshold\": 0.5}\n");
        Files.writeString(dir.resolve("step.py"), """
                import json
                cfg = json.load(open("local_config.json"))
                open("out.txt", "w").write("threshold=%s\\n" % cfg["threshold"])
                """);
        System.setProperty("PROVENANT_TRACE_CAPTURE_MAX_BYTES", "4");
        String id;
        try {
            CliRun.Result recorded =
                    CliRun.of("run", "-C", dir.toString(), "--trace", "--output", "out.txt", "--", PYTHON, "step.py");
            assertThat(recorded.exit()).as(recorded.all()).isZero();
            assertThat(recorded.err()).contains("local_config.json").contains("over the capture cap: digest only");
            id = runId(recorded.out());
        } finally {
            System.clearProperty("PROVENANT_TRACE_CAPTURE_MAX_BYTES");
        }
        assertThat(run(id).path("undeclaredReads").get(0).path("stored").asBoolean())
                .isFalse();

        CliRun.Result replay = CliRun.of("replay-run", id, "--hermetic", "--json");
        assertThat(replay.exit()).as(replay.all()).isEqualTo(4);
        JsonNode causes = replay.json().path("causes");
        assertThat(causes.toString()).contains("UNDECLARED_INPUT_NOT_CAPTURED").contains("local_config.json");
        assertThat(causes.toString()).contains("MISSING_FILE");
    }

    // (c) the output depends on an environment variable

    @Test
    void givenOutputDependingOnAVariable_whenReplayedWithAnotherValue_thenDifferentNamingTheVariable()
            throws Exception {
        Path dir = workdir("provenant-trace-c");
        Files.writeString(dir.resolve("step.py"), """
                import os
                open("out.txt", "w").write(str(7 * int(os.environ.get("TRACE_IT_SCALE", "1"))) + "\\n")
                """);
        Proc recorded = cli(
                Map.of("TRACE_IT_SCALE", "2"),
                "run",
                "-C",
                dir.toString(),
                "--output",
                "out.txt",
                "--",
                PYTHON,
                "step.py");
        assertThat(recorded.exit).as(recorded.text).isZero();
        String id = runId(recorded.text);

        Proc replay = cli(Map.of("TRACE_IT_SCALE", "3"), "replay-run", id, "--json");
        assertThat(replay.exit).as(replay.text).isEqualTo(3);
        JsonNode verdict = new com.fasterxml.jackson.databind.ObjectMapper().readTree(replay.out);
        assertThat(verdict.path("verdict").asText()).isEqualTo("DIFFERENT");
        assertThat(verdict.path("causes").toString()).contains("TRACE_IT_SCALE");
        JsonNode replayRun = run(verdict.path("replayRunId").asText());
        JsonNode causes = replayRun.path("causes");
        assertThat(causes).isNotEmpty();
        boolean named = false;
        for (JsonNode c : causes) {
            if (c.path("kind").asText().equals("VARIABLE")
                    && c.path("subject").asText().equals("TRACE_IT_SCALE")) {
                named = true;
                assertThat(c.path("detail").asText()).contains("'2'").contains("'3'");
            }
        }
        assertThat(named).as("causes %s name TRACE_IT_SCALE", causes).isTrue();
        // the same conditions twice give the same output: not named nondeterministic
        assertThat(causes.toString()).doesNotContain("NONDETERMINISM");
    }

    @Test
    void givenNondeterministicOutput_whenReplayed_thenTheSecondReplayNamesItNondeterministic() throws Exception {
        Path dir = workdir("provenant-trace-nd");
        CliRun.Result recorded = CliRun.of(
                "run",
                "-C",
                dir.toString(),
                "--output",
                "out.txt",
                "--",
                PYTHON,
                "-c",
                "import os; open('out.txt','w').write(os.urandom(8).hex())");
        assertThat(recorded.exit()).as(recorded.all()).isZero();
        CliRun.Result replay = CliRun.of("replay-run", runId(recorded.out()), "--json");
        assertThat(replay.exit()).as(replay.all()).isEqualTo(3);
        JsonNode causes = replay.json().path("causes");
        assertThat(causes.toString()).contains("NONDETERMINISM").contains("out.txt");
    }

    // (d) the sandbox: no network; system files readable

    @Test
    void givenStepOpeningASocket_whenReplayedHermetically_thenItFailsAndTheCauseIsNetwork() throws Exception {
        assumeTrue(Sandbox.available(), "bubblewrap (and setpriv as root) is needed");
        Path dir = workdir("provenant-trace-net");
        Files.writeString(dir.resolve("net.py"), """
                import socket, sys
                s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
                s.close()
                open("out.txt", "w").write("connected\\n")
                """);
        CliRun.Result recorded = CliRun.of(
                "run",
                "-C",
                dir.toString(),
                "--output",
                "out.txt",
                "--",
                PYTHON,
                "net.py",
                Integer.toString(server.port));
        assertThat(recorded.exit()).as(recorded.all()).isZero();
        CliRun.Result replay = CliRun.of("replay-run", runId(recorded.out()), "--hermetic", "--json");
        assertThat(replay.exit()).as(replay.all()).isEqualTo(4);
        assertThat(replay.json().path("causes").toString()).contains("NETWORK");
    }

    @Test
    void givenStepReadingSystemFiles_whenReplayedHermetically_thenIdentical() throws Exception {
        assumeTrue(Sandbox.available(), "bubblewrap (and setpriv as root) is needed");
        Path dir = workdir("provenant-trace-sys");
        CliRun.Result recorded = CliRun.of(
                "run",
                "-C",
                dir.toString(),
                "--trace",
                "--output",
                "out.txt",
                "--",
                PYTHON,
                "-c",
                "open('out.txt','w').write(open('/etc/hostname').read() + open('/etc/os-release').read())");
        assertThat(recorded.exit()).as(recorded.all()).isZero();
        String id = runId(recorded.out());
        JsonNode run = run(id);
        assertThat(run.path("undeclaredReads"))
                .as("system files are not undeclared inputs")
                .isEmpty();
        assertThat(run.path("execution").path("systemReads").asInt()).isGreaterThan(2);
        CliRun.Result replay = CliRun.of("replay-run", id, "--hermetic", "--json");
        assertThat(replay.exit()).as(replay.all()).isZero();
        assertThat(replay.json().path("verdict").asText()).isEqualTo("IDENTICAL");
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    private record Proc(int exit, String out, String text) {}

    /**
     * The CLI in its own JVM (as a user starts it) with {@code extraEnv} added to this process's
     * environment: the only way to give a recorded command another variable.
     */
    private static Proc cli(Map<String, String> extraEnv, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.provenant.cli.ProvenantCli"));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("provenant-trace-it-", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
        pb.environment().put("PROVENANT_HOME", server.home.toString());
        pb.environment().put("PROVENANT_URL", "http://127.0.0.1:" + server.port);
        pb.environment().put("PROVENANT_TOKEN", RecordedServer.TOKEN);
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String text = out + Files.readString(err);
        Files.deleteIfExists(err);
        return new Proc(p.exitValue(), out, text);
    }
}
