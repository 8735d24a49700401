package dev.provenant.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStores;
import dev.provenant.artifacts.Digest;
import dev.provenant.artifacts.LocalArtifactStore;
import dev.provenant.cli.CliRun;
import dev.provenant.cli.ProvenantCli;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.run.RunRecorder;
import dev.provenant.recorder.run.StepSpec;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replay verdicts through the user's door: steps recorded on a real server (real PostgreSQL, the
 * local artifact store), replayed with {@code provenant replay-run} (in this JVM, or as a separate
 * process where the replay needs another PATH), and read back over GraphQL and {@code diff}.
 */
class VerdictIT {

    private static final String[] PROPS = {"PROVENANT_URL", "PROVENANT_TOKEN", "PROVENANT_HOME"};
    private static final Map<String, String> saved = new HashMap<>();
    private static RecordedServer server;
    private static ArtifactStore store;

    @BeforeAll
    static void start() throws Exception {
        server = new RecordedServer();
        store = ArtifactStores.fromEnvironment(server.home, Map.of());
        for (String p : PROPS) {
            saved.put(p, System.getProperty(p));
        }
        System.setProperty("PROVENANT_URL", "http://127.0.0.1:" + server.port);
        System.setProperty("PROVENANT_TOKEN", RecordedServer.TOKEN);
        System.setProperty("PROVENANT_HOME", server.home.toString());
    }

    @AfterAll
    static void stop() {
        for (String p : PROPS) {
            if (saved.get(p) == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, saved.get(p));
            }
        }
        store.close();
        server.close();
    }

    private Path work;
    private Path state;

    @BeforeEach
    void dirs() throws Exception {
        work = Files.createTempDirectory("provenant-verdict");
        state = Files.createTempDirectory("provenant-verdict-state").resolve("seen");
    }

    static CliRun.Result cli(String... args) {
        return CliRun.of(args);
    }

    private RunRecorder recorder() {
        return new RunRecorder(
                store,
                server.client,
                Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** Records {@code command} in the work dir; {@code PARAM_STATE} names a file outside it that replays can see. */
    private String record(List<String> command, List<String> outputs) {
        RunRecorder.Result r = recorder()
                .record(new StepSpec(
                        "step",
                        work,
                        command,
                        List.of(),
                        outputs,
                        Map.of("state", state.toString()),
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        List.of()));
        assertThat(r.exitCode()).as("recording %s", command).isZero();
        return r.runId();
    }

    /** A shell step: the first run writes {@code first}, every later run (a replay) {@code later}. */
    private String recordSh(String first, String later, String... outputs) {
        String script =
                "if [ -e \"$PARAM_STATE\" ]; then " + later + "; else touch \"$PARAM_STATE\"; " + first + "; fi";
        return record(List.of("sh", "-c", script), List.of(outputs));
    }

    private static String replayRunId(CliRun.Result c) {
        Matcher m = Pattern.compile("replay of \\S+ as (run:\\S+) in").matcher(c.out());
        assertThat(m.find()).as(c.all()).isTrue();
        return m.group(1);
    }

    private static JsonNode verdictOf(String replayRunId) {
        return server.client
                .query(GraphQlDocuments.load("run/run-verdict"), Map.of("id", replayRunId))
                .path("run");
    }

    @Test
    void givenRunWithNoOutputsAndNoMetrics_whenReplayed_thenUnverifiedExit6() {
        String run = recordSh("echo hello", "echo hello");
        CliRun.Result c = cli("replay-run", run);
        assertThat(c.exit()).as(c.all()).isEqualTo(6);
        assertThat(c.out()).contains("verdict: UNVERIFIED").contains("nothing was compared");
        JsonNode v = verdictOf(replayRunId(c));
        assertThat(v.path("verdict").asText()).isEqualTo("UNVERIFIED");
        assertThat(v.path("comparedOutputs").asInt()).isZero();
        assertThat(v.path("comparedMetrics").asInt()).isZero();
    }

    @Test
    void givenMetricOffBy1e12_whenReplayed_thenDifferentByDefault_andEquivalentWithAMetricTolerance() {
        String run = recordSh(
                "echo '{\"rmse\": 0.123456789012, \"n\": 10}' > metrics.json",
                "echo '{\"rmse\": 0.123456789013, \"n\": 10}' > metrics.json");

        CliRun.Result exact = cli("replay-run", run);
        assertThat(exact.exit()).as(exact.all()).isEqualTo(3);
        assertThat(exact.out())
                .contains("verdict: DIFFERENT")
                .contains("compared 0 outputs, 2 metrics: 1 differ")
                .contains("metric rmse: 0.123456789012 → 0.123456789013");
        JsonNode d = verdictOf(replayRunId(exact));
        assertThat(d.path("verdict").asText()).isEqualTo("DIFFERENT");
        assertThat(d.path("metricDifferences").get(0).path("withinTolerance").asBoolean())
                .isFalse();

        CliRun.Result tolerant = cli("replay-run", run, "--metric-tolerance", "rmse=rel:1e-9");
        assertThat(tolerant.exit()).as(tolerant.all()).isZero();
        assertThat(tolerant.out())
                .contains("verdict: EQUIVALENT")
                .contains("compared 0 outputs, 2 metrics: 1 within tolerance")
                .contains("metric rmse: 0.123456789012 → 0.123456789013 (within tolerance: |Δ|")
                .contains("≤ rel 1.0E-9");
        JsonNode e = verdictOf(replayRunId(tolerant));
        assertThat(e.path("verdict").asText()).isEqualTo("EQUIVALENT");
        assertThat(e.path("comparedMetrics").asInt()).isEqualTo(2);
        JsonNode m = e.path("metricDifferences").get(0);
        assertThat(m.path("name").asText()).isEqualTo("rmse");
        assertThat(m.path("withinTolerance").asBoolean()).isTrue();
        assertThat(m.path("replay").asDouble() - m.path("original").asDouble()).isBetween(0.9e-12, 1.1e-12);

        CliRun.Result bad = cli("replay-run", run, "--metric-tolerance", "rmse=1e-9");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--metric-tolerance").contains("rel:<number>");
    }

    @Test
    void givenJsonOutputWhoseOnlyChangeIsAnIgnoredField_whenReplayed_thenEquivalent() throws Exception {
        String run = recordSh(
                "mkdir -p out && printf '{\"acc\": 0.9, \"timestamp\": \"2026-01-05T10:00:00Z\"}' > out/metrics.json",
                "mkdir -p out && printf '{\"timestamp\": \"2026-11-30T01:02:03Z\", \"acc\": 0.9}' > out/metrics.json",
                "out/metrics.json");

        CliRun.Result exact = cli("replay-run", run);
        assertThat(exact.exit()).as(exact.all()).isEqualTo(3);

        CliRun.Result ignoring = cli("replay-run", run, "--ignore-json-field", "out/metrics.json:$.timestamp");
        assertThat(ignoring.exit()).as(ignoring.all()).isZero();
        assertThat(ignoring.out())
                .contains("verdict: EQUIVALENT")
                .contains("compared 1 output, 0 metrics: 1 within tolerance")
                .contains("out/metrics.json: sha256:")
                .contains("(within tolerance)")
                .contains("differs only in ignored fields ($.timestamp)");
        JsonNode v = verdictOf(replayRunId(ignoring));
        assertThat(v.path("differences").get(0).path("withinTolerance").asBoolean())
                .isTrue();
        assertThat(v.path("comparedOutputs").asInt()).isEqualTo(1);

        // an acc that changed is still a difference, whatever is ignored
        Files.delete(state);
        String changed = recordSh(
                "printf '{\"acc\": 0.9, \"timestamp\": 1}' > m.json",
                "printf '{\"acc\": 0.8, \"timestamp\": 2}' > m.json",
                "m.json");
        CliRun.Result still = cli("replay-run", changed, "--ignore-json-field", "$.timestamp");
        assertThat(still.exit()).as(still.all()).isEqualTo(3);
        assertThat(still.out()).contains("$.acc: 0.9 → 0.8");
    }

    @Test
    void givenCsvWithinANumericToleranceFromAFile_whenReplayed_thenEquivalent() throws Exception {
        String run = recordSh(
                "printf 'id,score\\n1,0.30000000000000004\\n2,0.5\\n' > preds.csv",
                "printf 'id,score\\n1,0.3\\n2,0.5\\n' > preds.csv",
                "preds.csv");
        Path file = Files.createTempFile("tolerances", ".yaml");
        Files.writeString(file, "outputs:\n  preds.csv: {rel: 1e-12}\n");
        CliRun.Result c = cli("replay-run", run, "--tolerances", file.toString());
        assertThat(c.exit()).as(c.all()).isZero();
        assertThat(c.out()).contains("verdict: EQUIVALENT").contains("row 2, column score: 0.30000000000000004 → 0.3");

        Files.writeString(file, "outputs:\n  preds.csv: {relative: 1e-12}\n");
        CliRun.Result bad = cli("replay-run", run, "--tolerances", file.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("tolerances.outputs.preds.csv").contains("neither rel nor abs");
    }

    @Test
    void givenInsertedLine_whenReplayed_thenTheDiffShowsOneInsertedLine() {
        String run = recordSh(
                "printf 'a\\nb\\nc\\nd\\ne\\n' > out.txt", "printf 'a\\nb\\nNEW\\nc\\nd\\ne\\n' > out.txt", "out.txt");
        CliRun.Result c = cli("replay-run", run);
        assertThat(c.exit()).as(c.all()).isEqualTo(3);
        JsonNode v = verdictOf(replayRunId(c));
        assertThat(v.path("differences").get(0).path("detail").asText()).isEqualTo("inserted after line 2:\n  + NEW");
        assertThat(c.out()).contains("      inserted after line 2:\n        + NEW\n");
    }

    @Test
    void givenRunInGit_whenReplayedOutsideGitAndDiffed_thenNoCodeChange() throws Exception {
        Files.writeString(work.resolve("step.sh"), "printf 'same\\n' > out.txt\n");
        git("init", "-q");
        git("add", "step.sh");
        git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "step");
        String run = record(List.of("sh", "step.sh"), List.of("out.txt"));
        JsonNode original = recorder().api().get(run);
        assertThat(original.path("code").path("commit").asText()).matches("[0-9a-f]{40}");

        CliRun.Result replay = cli("replay-run", run);
        assertThat(replay.exit()).as(replay.all()).isZero();
        assertThat(replay.out()).contains("verdict: IDENTICAL").contains("compared 1 output, 0 metrics");
        String replayId = replayRunId(replay);

        CliRun.Result diff = cli("diff", run, replayId, "--json");
        assertThat(diff.exit()).as(diff.all()).isZero();
        JsonNode d = new ObjectMapper().readTree(diff.out());
        assertThat(d.path("code")).as(diff.out()).isEmpty();
        assertThat(d.path("outputs")).as(diff.out()).isEmpty();
        CliRun.Result text = cli("diff", run, replayId);
        assertThat(text.out()).doesNotContain("code:").doesNotContain("repository");
    }

    private void git(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }

    @Test
    void
            givenPythonStepRecordedWithNumpy_whenReplayedWithAnInterpreterWithoutIt_thenDriftPerPackage_andStrictEnvRefuses()
                    throws Exception {
        assumeTrue(
                new ProcessBuilder("python3", "-c", "import numpy").start().waitFor() == 0,
                "python3 with numpy on PATH");
        Files.writeString(work.resolve("step.py"), "import numpy\nopen('out.txt', 'w').write('ok\\n')\n");
        String run = record(List.of("python3", "step.py"), List.of("out.txt"));
        JsonNode env = recorder().api().get(run).path("environment").path("properties");
        Map<String, String> props = new HashMap<>();
        env.forEach(kv -> props.put(kv.path("key").asText(), kv.path("value").asText()));
        assertThat(props).containsKeys("python.version", "python.environment", "python.packages");
        assertThat(props).doesNotContainKey("java.version");

        // an interpreter where numpy is not importable: a venv of the same Python, first on PATH
        Path venv = Files.createTempDirectory("provenant-venv").resolve("venv");
        Process mk = new ProcessBuilder("python3", "-m", "venv", "--without-pip", venv.toString())
                .inheritIO()
                .start();
        assertThat(mk.waitFor()).isZero();

        CliRun.Result strict = replayInOwnProcess(venv.resolve("bin"), run, "--strict-env");
        assertThat(strict.exit()).as(strict.all()).isEqualTo(4);
        assertThat(strict.out())
                .containsPattern("package numpy: \\S+ → \\(absent\\)")
                .containsPattern("environment drift: \\(Python packages: 0 other versions, \\d+ missing in the replay")
                .contains("python.prefix: ")
                .contains("refused: the environment differs from the recorded one (--strict-env); nothing was run")
                .contains("verdict: FAILED");
        assertThat(strict.all()).doesNotContain("ModuleNotFoundError");

        CliRun.Result loose = replayInOwnProcess(venv.resolve("bin"), run);
        assertThat(loose.exit()).as(loose.all()).isEqualTo(4);
        assertThat(loose.out())
                .containsPattern("package numpy: \\S+ → \\(absent\\)")
                .contains("verdict: FAILED");
        assertThat(loose.all()).contains("ModuleNotFoundError: No module named 'numpy'");

        // the same interpreter as recorded: no drift, identical
        CliRun.Result same = replayInOwnProcess(null, run, "--strict-env");
        assertThat(same.exit()).as(same.all()).isZero();
        assertThat(same.out()).doesNotContain("environment drift").contains("verdict: IDENTICAL");
    }

    @Test
    void givenAllowListedVariablesAndASecret_whenRecorded_thenTheSecretIsNeverRecorded_andReplayRestoresTheOthers()
            throws Exception {
        CliRun.Result recorded = cliProcess(
                null,
                Map.of("TZ", "Pacific/Chatham", "HF_TOKEN", "hf_secret", "PROVENANT_ENV_ALLOWLIST", "TZ,HF_TOKEN"),
                "run",
                "-C",
                work.toString(),
                "--output",
                "out.txt",
                "--",
                "sh",
                "-c",
                "echo \"tz=$TZ\" > out.txt");
        assertThat(recorded.exit()).as(recorded.all()).isZero();
        String run = recorded.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        JsonNode env = recorder().api().get(run).path("environment").path("properties");
        assertThat(env.toString())
                .contains("\"env.TZ\"")
                .contains("Pacific/Chatham")
                .doesNotContain("HF_TOKEN")
                .doesNotContain("hf_secret");

        // this JVM has another (or no) TZ: the replay gets the recorded one
        CliRun.Result replay = cli("replay-run", run);
        assertThat(replay.exit()).as(replay.all()).isZero();
        assertThat(replay.out())
                .containsPattern("restored recorded environment variables \\(different or unset here\\): .*TZ")
                .contains("verdict: IDENTICAL");
    }

    @Test
    void givenPythonStep_whenReplayedHermetically_thenTheSandboxedInterpreterIsTheOneExamined() throws Exception {
        assumeTrue(dev.provenant.recorder.run.Sandbox.available(), "bubblewrap");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "a system python3 inside the sandbox");
        Files.writeString(work.resolve("step.py"), "open('out.txt', 'w').write('ok\\n')\n");
        String run = record(List.of("python3", "step.py"), List.of("out.txt"));
        CliRun.Result c = cli("replay-run", run, "--hermetic");
        assertThat(c.exit()).as(c.all()).isZero();
        assertThat(c.out()).contains("verdict: IDENTICAL");
        JsonNode env = verdictEnvironment(replayRunId(c));
        assertThat(env.path("python.executable").asText())
                .isEqualTo(new ProcessBuilder("/usr/bin/python3", "-c", "import sys; print(sys.executable)")
                        .start()
                        .inputReader()
                        .readLine());
        assertThat(env.has("python.probe")).as(env.toString()).isFalse();
    }

    private static JsonNode verdictEnvironment(String runId) {
        JsonNode props = server.client
                .query(GraphQlDocuments.load("run/run-environment"), Map.of("id", runId))
                .path("run")
                .path("environment")
                .path("properties");
        com.fasterxml.jackson.databind.node.ObjectNode m = new ObjectMapper().createObjectNode();
        props.forEach(kv -> m.put(kv.path("key").asText(), kv.path("value").asText()));
        return m;
    }

    /** Records {@code script} with {@code in.txt} (holding {@code content}) as its input and {@code out.txt} as output. */
    private String recordWithInput(String content, String script) throws Exception {
        Files.writeString(work.resolve("in.txt"), content);
        RunRecorder.Result r = recorder()
                .record(new StepSpec(
                        "step",
                        work,
                        List.of("sh", "-c", script),
                        List.of("in.txt"),
                        List.of("out.txt"),
                        Map.of(),
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        List.of()));
        assertThat(r.exitCode()).isZero();
        return r.runId();
    }

    private Path storedInput(String run) {
        String digest =
                recorder().api().get(run).path("inputs").path(0).path("digest").asText();
        return ((LocalArtifactStore) store).pathOf(Digest.parse(digest));
    }

    @Test
    void givenAStepThatWritesToItsInput_whenReplayedTwice_thenIdenticalBothTimes_andTheStoredInputIsUntouched()
            throws Exception {
        // the replay's copy of in.txt is the command's to damage; the store's object must not be
        // (a hard link to it would share its inode: this append would change the stored bytes)
        String run = recordWithInput("precious\n", "cat in.txt > out.txt; echo scribbled >> in.txt");
        Path stored = storedInput(run);
        byte[] before = Files.readAllBytes(stored);

        for (int i = 0; i < 2; i++) {
            CliRun.Result c = cli("replay-run", run, "--keep");
            assertThat(c.exit()).as(c.all()).isZero();
            assertThat(c.out()).contains("verdict: IDENTICAL");
            Matcher m = Pattern.compile("replay of \\S+ as \\S+ in (\\S+)").matcher(c.out());
            assertThat(m.find()).as(c.all()).isTrue();
            assertThat(Files.readString(Path.of(m.group(1)).resolve("in.txt"))).isEqualTo("precious\nscribbled\n");
        }
        assertThat(Files.readAllBytes(stored)).isEqualTo(before);
        CliRun.Result verify = cli("verify", "--artifacts", "all");
        assertThat(verify.exit()).as(verify.all()).isZero();
    }

    @Test
    void givenAStoredInputTamperedWith_whenReplayed_thenFailedNamingTheInput_neverIdentical() throws Exception {
        // the command never reads its input, so its output is the same whatever the bytes: only the
        // check of the stored input (which runs while the command does) can tell
        String run = recordWithInput("precious\n", "echo constant > out.txt");
        Path stored = storedInput(run);
        Files.setPosixFilePermissions(stored, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.writeString(stored, "tampered\n"); // same size, other bytes

        CliRun.Result c = cli("replay-run", run);
        assertThat(c.exit()).as(c.all()).isEqualTo(4);
        assertThat(c.out())
                .contains("verdict: FAILED")
                .contains("recorded input 'in.txt' could not be verified: integrity error")
                .doesNotContain("IDENTICAL");
        JsonNode v = verdictOf(replayRunId(c));
        assertThat(v.path("verdict").asText()).isEqualTo("FAILED");
        JsonNode replayRun = recorder().api().get(replayRunId(c));
        assertThat(replayRun.path("status").asText()).isEqualTo("FAILED");
        assertThat(replayRun.path("failureReason").asText()).contains("in.txt").contains("integrity error");
    }

    @Test
    void givenHelp_whenAsked_thenEveryExitCodeIsListed() {
        CliRun.Result help = cli("replay-run", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out())
                .containsPattern("0\\s+IDENTICAL .*or EQUIVALENT")
                .containsPattern("3\\s+DIFFERENT")
                .containsPattern("4\\s+FAILED")
                .containsPattern("6\\s+UNVERIFIED")
                .contains("--metric-tolerance")
                .contains("--numeric-tolerance")
                .contains("--ignore-json-field")
                .contains("--tolerances");
    }

    /**
     * {@code provenant replay-run} as its own process, with {@code bin} first on PATH (the way a
     * user replays with another interpreter); null: this process's PATH.
     */
    private CliRun.Result replayInOwnProcess(Path bin, String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("replay-run"));
        all.addAll(List.of(args));
        return cliProcess(bin, Map.of(), all.toArray(String[]::new));
    }

    /** {@code provenant <args>} as its own process, with {@code bin} first on PATH and {@code env} added. */
    private CliRun.Result cliProcess(Path bin, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ProvenantCli.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("PROVENANT_"));
        pb.environment().put("PROVENANT_URL", "http://127.0.0.1:" + server.port);
        pb.environment().put("PROVENANT_TOKEN", RecordedServer.TOKEN);
        pb.environment().put("PROVENANT_HOME", server.home.toString());
        pb.environment().putAll(env);
        if (bin != null) {
            pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        }
        Path out = Files.createTempFile("replay", ".out");
        Path err = Files.createTempFile("replay", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new CliRun.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
