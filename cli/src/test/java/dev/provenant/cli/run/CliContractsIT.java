package dev.provenant.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.cli.CliRun;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CLI's contract with scripts, driven as a user types it against a real server (real
 * PostgreSQL): one exit-code table (0 ok, 1 error incl. not found, 2 usage, 3 DIFFERENT, 5
 * integrity), {@code --json} as one document with nested JSON, {@code runs}, {@code show}, {@code
 * diff --exit-code}, {@code server status}, shell completion. Runs are recorded with {@code
 * provenant run}; a dataset and a model are registered through GraphQL.
 */
class CliContractsIT {

    private static final String[] PROPS = {"PROVENANT_URL", "PROVENANT_TOKEN", "PROVENANT_HOME"};
    private static final Map<String, String> saved = new HashMap<>();
    private static RecordedServer server;
    private static String runA;
    private static String runB;
    private static String broken;
    private static String outDigest;

    @BeforeAll
    static void record() throws Exception {
        server = new RecordedServer();
        for (String p : PROPS) {
            saved.put(p, System.getProperty(p));
        }
        System.setProperty("PROVENANT_URL", "http://127.0.0.1:" + server.port);
        System.setProperty("PROVENANT_TOKEN", RecordedServer.TOKEN);
        System.setProperty("PROVENANT_HOME", server.home.toString());

        runA = record("train", "seed=1", "echo one > out.txt");
        runB = record("train", "seed=2", "echo two > out.txt");
        CliRun.Result failed = cli("run", "-C", work().toString(), "--name", "broken", "--", "sh", "-c", "exit 3");
        assertThat(failed.exit()).as(failed.all()).isEqualTo(3);
        broken = lastLine(failed.out());

        outDigest = cli("show", runA, "--json")
                .json()
                .path("outputs")
                .path(0)
                .path("digest")
                .asText();
        assertThat(outDigest).startsWith("sha256:");
        mutate(
                "run/contracts/registerDatasetVersion",
                Map.of("name", "iris", "version", "v1", "contentDigest", outDigest, "sizeBytes", 4));
        mutate(
                "run/contracts/registerModelVersion",
                Map.of("name", "churn", "version", "1", "runId", runA, "outputName", "out.txt"));
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
        server.close();
    }

    private static Path work() throws Exception {
        return Files.createTempDirectory("provenant-contracts");
    }

    private static String record(String name, String param, String script) throws Exception {
        CliRun.Result r = cli(
                "run",
                "-C",
                work().toString(),
                "--name",
                name,
                "--param",
                param,
                "--output",
                "out.txt",
                "--",
                "sh",
                "-c",
                script);
        assertThat(r.exit()).as(r.all()).isZero();
        return lastLine(r.out());
    }

    private static String lastLine(String out) {
        return out.strip().lines().reduce((a, b) -> b).orElseThrow().trim();
    }

    /** Sends the document {@code run/contracts/<field>} ({@code graphql-documents/run/contracts/<field>.graphql}) with {@code input}. */
    private static void mutate(String document, Map<String, Object> input) {
        JsonNode r = server.client.query(GraphQlDocuments.load(document), Map.of("input", input));
        assertThat(r.toString()).doesNotContain("\"code\"");
    }

    static CliRun.Result cli(String... args) {
        return CliRun.of(args);
    }

    // --- 1: not found -------------------------------------------------------------------------

    static Stream<Arguments> notFound() {
        return Stream.of(
                Arguments.of(List.of("lineage", "model:nope@9"), "no model version 'model:nope@9'"),
                Arguments.of(List.of("lineage", "model:nope@9", "--json"), "no model version 'model:nope@9'"),
                Arguments.of(
                        List.of("history", "run:doesnotexist"),
                        "no run 'run:doesnotexist'; list runs with `provenant runs`"),
                Arguments.of(List.of("history", "run:doesnotexist", "--json"), "no run 'run:doesnotexist'"),
                Arguments.of(List.of("audit-report", "model:nope@1"), "no model version 'model:nope@1'"),
                Arguments.of(List.of("audit-report", "model:nope@1", "--json"), "no model version 'model:nope@1'"),
                Arguments.of(List.of("show", "run:nope"), "no run 'run:nope'"),
                Arguments.of(List.of("show", "dataset:nope@1", "--json"), "no dataset version 'dataset:nope@1'"),
                Arguments.of(List.of("show", "model:nope@1"), "no model version 'model:nope@1'"),
                Arguments.of(List.of("show", "sha256:" + "0".repeat(64)), "nothing recorded about 'sha256:"),
                Arguments.of(List.of("diff", "run:nope", "run:nope2"), "no run 'run:nope'"),
                Arguments.of(List.of("runs", "--pipeline", "run:nope"), "no run 'run:nope'"),
                Arguments.of(
                        List.of("lineage", "dataset:iris@v1", "--as-of", "2000-01-01T00:00:00Z"),
                        "no dataset version 'dataset:iris@v1' as of 2000-01-01T00:00:00Z"));
    }

    @ParameterizedTest
    @MethodSource("notFound")
    void givenAnUnknownNode_whenAsked_thenExit1NamingItAndWhatToDo_andNothingOnStdout(
            List<String> args, String message) {
        CliRun.Result r = cli(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.err()).contains(message);
        assertThat(r.out()).isEmpty();
    }

    // --- 2: usage -----------------------------------------------------------------------------

    static Stream<Arguments> usage() {
        return Stream.of(
                Arguments.of(
                        List.of("lineage", "model:x@1", "--depth", "500"),
                        "--depth: 500 is out of range; use 0 to 100"),
                Arguments.of(List.of("lineage", "model:x@1", "--depth", "-3"), "use 0 to 100"),
                Arguments.of(
                        List.of("lineage", "model:x@1", "--limit", "0"), "--limit: 0 is out of range; use 1 to 10000"),
                Arguments.of(List.of("lineage", "model:x@1", "--as-of", "yesterday"), "not an ISO-8601 instant"),
                Arguments.of(List.of("lineage", "../../etc/passwd"), "unknown type"),
                Arguments.of(List.of("lineage"), "Missing required parameter"),
                Arguments.of(List.of("history", "run:x", "--as-of", "2026-13-01"), "not an ISO-8601 instant"),
                Arguments.of(List.of("history", "nope"), "unknown type"),
                Arguments.of(List.of("diff", runA(), "dataset:iris@v1"), "is not a run"),
                Arguments.of(List.of("diff", "run:a"), "Missing required parameter"),
                Arguments.of(List.of("audit-report", "model:x@1", "--format", "pdf"), "not a format"),
                Arguments.of(List.of("audit-report", "model:x@1", "--as-of", "now"), "not an ISO-8601 instant"),
                Arguments.of(List.of("runs", "--status", "bogus"), "expected one of"),
                Arguments.of(List.of("runs", "--limit", "0"), "out of range"),
                Arguments.of(List.of("runs", "--pipeline", "dataset:iris@v1"), "is not a run id"),
                Arguments.of(List.of("show", "nope"), "unknown type"),
                Arguments.of(List.of("verify", "--artifacts", "bogus"), "expected one of"),
                Arguments.of(List.of("run", "--param", "foo", "--", "true"), "Value for option '--param'"),
                Arguments.of(List.of("artifact", "get", "sha256:xyz", "-o", "/tmp/x"), "sha256"),
                Arguments.of(List.of("completion", "fish"), "expected one of"),
                Arguments.of(List.of("server", "--port", "abc"), "Invalid value"),
                Arguments.of(List.of("lineag", "x"), "Did you mean: provenant lineage"));
    }

    private static String runA() {
        return runA == null ? "run:a" : runA;
    }

    @ParameterizedTest
    @MethodSource("usage")
    void givenAUsageError_whenRun_thenExit2NamingTheRule_beforeAnythingIsSent(List<String> args, String message) {
        CliRun.Result r = cli(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains(message).doesNotContain("option option").doesNotContain("Variable '");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void givenAnUnknownOption_whenAnyCommandRuns_thenExit2() {
        List<List<String>> commands = List.of(
                List.of("server"),
                List.of("server", "status"),
                List.of("server", "stop"),
                List.of("artifact", "put"),
                List.of("artifact", "get"),
                List.of("run"),
                List.of("replay-run"),
                List.of("pipeline", "run"),
                List.of("demo"),
                List.of("lineage"),
                List.of("history"),
                List.of("diff"),
                List.of("runs"),
                List.of("show"),
                List.of("verify"),
                List.of("audit-report"),
                List.of("gc"),
                List.of("completion"));
        for (List<String> c : commands) {
            List<String> args = new java.util.ArrayList<>(c);
            args.add("--no-such-option");
            CliRun.Result r = cli(args.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.all()).isEqualTo(2);
            // the first problem picocli finds is named (for `artifact put`, the missing <path>)
            assertThat(r.err()).as(String.join(" ", args)).contains("Usage: provenant " + c.get(0));
        }
    }

    // --- 5: integrity -------------------------------------------------------------------------

    @Test
    void givenATamperedArtifact_whenVerifiedOrMaterialized_thenExit5() throws Exception {
        String run = record("tamper", "x=1", "echo precious > out.txt");
        String digest = cli("show", run, "--json")
                .json()
                .path("outputs")
                .path(0)
                .path("digest")
                .asText();
        String hex = digest.substring("sha256:".length());
        Path stored;
        try (Stream<Path> files = Files.walk(server.home.resolve("artifacts"))) {
            // the local store keeps an object at sha256/<first 2 hex>/<the other 62>
            stored = files.filter(p -> p.getFileName().toString().equals(hex.substring(2)))
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .orElseThrow();
        }
        Files.setPosixFilePermissions(stored, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(stored, "tampered\n");

        CliRun.Result verify = cli("verify", "--artifacts", "all");
        assertThat(verify.exit()).as(verify.all()).isEqualTo(5);
        assertThat(verify.err()).contains("verification failed");
        CliRun.Result json = cli("verify", "--artifacts", "all", "--json");
        assertThat(json.exit()).isEqualTo(5);
        assertThat(json.json().path("ok").asBoolean()).isFalse();
        assertThat(json.json().path("problems").isArray()).isTrue();

        Path target = work().resolve("copy.txt");
        CliRun.Result get = cli("artifact", "get", digest, "-o", target.toString());
        assertThat(get.exit()).as(get.all()).isEqualTo(5);
        assertThat(target).doesNotExist();

        CliRun.Result key = cli("verify", "--artifacts", "none", "--expect-key-id", "ed25519:0000000000000000");
        assertThat(key.exit()).as(key.all()).isEqualTo(5);
    }

    // --- --json -------------------------------------------------------------------------------

    @Test
    void givenJson_whenEachQueryCommandRuns_thenOneJsonObjectWithNestedFields() throws Exception {
        JsonNode lineage = ok("lineage", "model:churn@1", "--json");
        assertThat(lineage.path("nodes").isArray()).isTrue();
        assertThat(lineage.path("nodes").path(0).path("attributes").isArray()).isTrue();

        JsonNode history = ok("history", runA, "--json");
        assertThat(history.path("events").isArray()).isTrue();
        JsonNode payload = history.path("events").path(0).path("payload");
        assertThat(payload.isObject()).as(payload.toString()).isTrue();
        assertThat(payload.toString()).contains(runA.substring(4));

        JsonNode diff = ok("diff", runA, runB, "--json");
        assertThat(diff.path("identical").isBoolean()).isTrue();
        assertThat(diff.path("parameters").path(0).path("key").asText()).isEqualTo("seed");

        JsonNode show = ok("show", runA, "--json");
        assertThat(show.path("kind").asText()).isEqualTo("RUN");
        assertThat(show.path("parameters").path(0).path("value").asText()).isEqualTo("1");
        assertThat(show.path("code").isObject()).isTrue();

        JsonNode runs = ok("runs", "--json");
        assertThat(runs.path("runs").isArray()).isTrue();
        assertThat(runs.path("runs").path(0).isObject()).isTrue();

        JsonNode audit = ok("audit-report", "model:churn@1", "--json");
        assertThat(audit.isObject()).isTrue();
        assertThat(audit.size()).isGreaterThan(1);

        JsonNode verify = ok("verify", "--artifacts", "none", "--json");
        assertThat(verify.path("ok").isBoolean()).isTrue();

        JsonNode status = ok("server", "status", "--json");
        assertThat(status.path("running").asBoolean()).isTrue();
        assertThat(status.path("health").asText()).isEqualTo("UP");
        assertThat(status.path("port").asInt()).isEqualTo(server.port);
        assertThat(status.path("version").isTextual()).isTrue();

        Path file = Files.writeString(work().resolve("data.csv"), "a,b\n1,2\n");
        JsonNode put = ok("artifact", "put", file.toString(), "--json");
        assertThat(put.path("size").asLong()).isEqualTo(8);
        JsonNode get = ok(
                "artifact",
                "get",
                put.path("digest").asText(),
                "-o",
                work().resolve("back.csv").toString(),
                "--json");
        assertThat(get.path("digest").asText()).isEqualTo(put.path("digest").asText());
        assertThat(get.path("size").asLong()).isEqualTo(8);
        assertThat(get.path("kind").asText()).isEqualTo("file");
    }

    private static JsonNode ok(String... args) throws Exception {
        CliRun.Result r = cli(args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.all()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.isObject()).as(r.out()).isTrue();
        return doc;
    }

    // --- runs, show, diff --exit-code ---------------------------------------------------------

    @Test
    void givenRecordedRuns_whenListed_thenTableAndFiltersWork() throws Exception {
        CliRun.Result table = cli("runs");
        assertThat(table.exit()).as(table.all()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow())
                .contains("ID", "NAME", "STATUS", "STARTED", "DURATION", "WHO");
        assertThat(table.out()).contains(runA, runB, broken, "SUCCEEDED", "FAILED", "tester");

        JsonNode train = ok("runs", "--name", "train", "--json");
        assertThat(train.path("runs").findValuesAsText("id"))
                .contains(runA, runB)
                .doesNotContain(broken);

        JsonNode failed = ok("runs", "--status", "failed", "--json");
        assertThat(failed.path("runs").findValuesAsText("id")).containsExactly(broken);

        JsonNode one = ok("runs", "--name", "train", "--limit", "1", "--json");
        assertThat(one.path("count").asInt()).isEqualTo(1);
        assertThat(one.path("truncated").asBoolean()).isTrue();
        assertThat(one.path("runs").path(0).path("id").asText()).isEqualTo(runB); // the most recent

        Path dir = work();
        Path file = Files.writeString(dir.resolve("pipeline.yaml"), """
                name: twosteps
                steps:
                  - name: first
                    command: [sh, -c, "echo 1 > a.txt"]
                    outputs: [a.txt]
                  - name: second
                    command: [sh, -c, "cat a.txt > b.txt"]
                    inputs: [a.txt]
                    outputs: [b.txt]
                """);
        CliRun.Result pipeline = cli("pipeline", "run", file.toString());
        assertThat(pipeline.exit()).as(pipeline.all()).isZero();
        String pipelineRun = lastLine(pipeline.out());
        JsonNode steps = ok("runs", "--pipeline", pipelineRun, "--json");
        assertThat(steps.path("runs").findValuesAsText("stepName")).containsExactlyInAnyOrder("first", "second");
        assertThat(steps.path("runs").findValuesAsText("pipelineRunId")).containsOnly(pipelineRun);

        CliRun.Result none = cli("runs", "--name", "never-recorded");
        assertThat(none.exit()).isZero();
        assertThat(none.out()).contains("no runs match");
    }

    @Test
    void givenEachKindOfNode_whenShown_thenItsDetailsReadably() throws Exception {
        CliRun.Result run = cli("show", runA);
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("Run " + runA, "SUCCEEDED", "seed = 1", "outputs:", "out.txt", "command");

        CliRun.Result dataset = cli("show", "dataset:iris@v1");
        assertThat(dataset.exit()).as(dataset.all()).isZero();
        assertThat(dataset.out()).contains("Dataset version dataset:iris@v1", outDigest, "tester");
        assertThat(ok("show", "dataset:iris@v1", "--json").path("kind").asText())
                .isEqualTo("DATASET_VERSION");

        CliRun.Result model = cli("show", "model:churn@1");
        assertThat(model.exit()).as(model.all()).isZero();
        assertThat(model.out()).contains("Model version model:churn@1", "stage NONE", runA);
        assertThat(ok("show", "model:churn@1", "--json").path("transitions").isArray())
                .isTrue();

        CliRun.Result artifact = cli("show", outDigest);
        assertThat(artifact.exit()).as(artifact.all()).isZero();
        assertThat(artifact.out()).contains(outDigest);
        assertThat(ok("show", outDigest, "--json").path("attributes").isArray()).isTrue();
    }

    @Test
    void givenDiffExitCode_whenRunsDifferOrNot_then3Or0() throws Exception {
        assertThat(cli("diff", runA, runA, "--exit-code").exit()).isZero();
        CliRun.Result differ = cli("diff", runA, runB, "--exit-code");
        assertThat(differ.exit()).as(differ.all()).isEqualTo(3);
        assertThat(differ.out()).contains("parameters:", "seed");
        assertThat(cli("diff", runA, runB).exit()).isZero();
        CliRun.Result json = cli("diff", runA, runB, "--exit-code", "--json");
        assertThat(json.exit()).isEqualTo(3);
        assertThat(json.json().path("identical").asBoolean()).isFalse();
    }

    // --- help, completion, local status -------------------------------------------------------

    @Test
    void givenHelp_thenTheExitCodeTableIsThere_andLinesWrapWithinTheWidth() {
        CliRun.Result help = cli("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out())
                .contains("Exit codes (every command):")
                .contains("0   ok", "1   error, including not found", "2   usage error", "3   DIFFERENT")
                .contains("4   FAILED", "5   integrity failure", "6   UNVERIFIED", "runs", "show", "completion");
        assertThat(help.out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(120));
        for (String c : List.of("lineage", "runs", "show", "diff", "server")) {
            CliRun.Result h = cli(c, "--help");
            assertThat(h.exit()).as(c).isZero();
            assertThat(h.out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(120));
        }
    }

    @Test
    void givenCompletionBash_thenAScriptCompletingEveryCommand() {
        CliRun.Result r = cli("completion", "bash");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("complete -F", "provenant").contains("lineage", "runs", "show", "status", "stop");
        assertThat(r.out()).contains("--exit-code", "--as-of");
    }

    @Test
    void givenTheServerOfThisHomeRunsInThisJvm_whenStatusWithoutUrl_thenRunningWithItsPid() throws Exception {
        String url = System.getProperty("PROVENANT_URL");
        System.clearProperty("PROVENANT_URL");
        try {
            CliRun.Result r = cli("server", "status", "--json");
            assertThat(r.exit()).as(r.all()).isZero();
            assertThat(r.json().path("pid").asLong())
                    .isEqualTo(ProcessHandle.current().pid());
            assertThat(r.json().path("remote").asBoolean()).isFalse();
            CliRun.Result stop = cli("server", "stop");
            assertThat(stop.exit()).isEqualTo(1);
            assertThat(stop.err()).contains("runs in this process");
        } finally {
            System.setProperty("PROVENANT_URL", url);
        }
    }

    @Test
    void givenAUrlNobodyAnswers_whenStatus_thenExit1_andNoServerIsStarted() throws Exception {
        String url = System.getProperty("PROVENANT_URL");
        System.setProperty("PROVENANT_URL", "http://127.0.0.1:1");
        try {
            CliRun.Result r = cli("server", "status", "--json");
            assertThat(r.exit()).as(r.all()).isEqualTo(1);
            assertThat(r.json().path("running").asBoolean()).isFalse();
            assertThat(r.json().path("remote").asBoolean()).isTrue();
            CliRun.Result text = cli("server", "status");
            assertThat(text.out()).contains("no server answers at PROVENANT_URL=http://127.0.0.1:1");
        } finally {
            System.setProperty("PROVENANT_URL", url);
        }
    }
}
