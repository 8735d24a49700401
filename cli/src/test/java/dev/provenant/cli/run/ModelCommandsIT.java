package dev.provenant.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model registry from the command line, as a user types it against a real server (real
 * PostgreSQL): {@code model register}, {@code model promote}, {@code models}, their exit codes
 * (0 ok, 1 error incl. not found, 2 usage before anything is sent), {@code --json} and {@code
 * --help}; refused input changes nothing.
 */
class ModelCommandsIT {

    private static final String[] PROPS = {"PROVENANT_URL", "PROVENANT_TOKEN", "PROVENANT_HOME"};
    private static final Map<String, String> saved = new HashMap<>();
    private static RecordedServer server;
    private static String run;

    @BeforeAll
    static void record() throws Exception {
        server = new RecordedServer();
        for (String p : PROPS) {
            saved.put(p, System.getProperty(p));
        }
        System.setProperty("PROVENANT_URL", "http://127.0.0.1:" + server.port);
        System.setProperty("PROVENANT_TOKEN", RecordedServer.TOKEN);
        System.setProperty("PROVENANT_HOME", server.home.toString());
        Path work = Files.createTempDirectory("provenant-models");
        CliRun.Result r = CliRun.of(
                "run",
                "-C",
                work.toString(),
                "--name",
                "train",
                "--output",
                "model.bin",
                "--",
                "sh",
                "-c",
                "printf weights > model.bin");
        assertThat(r.exit()).as(r.all()).isZero();
        run = r.out().strip().lines().reduce((a, b) -> b).orElseThrow().trim();
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

    private static JsonNode models(String... filters) throws Exception {
        String[] args = new String[filters.length + 2];
        args[0] = "models";
        System.arraycopy(filters, 0, args, 1, filters.length);
        args[args.length - 1] = "--json";
        CliRun.Result r = CliRun.of(args);
        assertThat(r.exit()).as(r.all()).isZero();
        return r.json();
    }

    @Test
    void givenARecordedRun_whenItsOutputIsRegisteredAndPromoted_thenModelsListsItInItsStage() throws Exception {
        CliRun.Result first = CliRun.of("model", "register", "churn", "--run", run, "--output", "model.bin");
        assertThat(first.exit()).as(first.all()).isZero();
        assertThat(first.out().strip()).isEqualTo("model:churn@1");
        // the next integer version by default; --from is the spelling of --run
        CliRun.Result second =
                CliRun.of("model", "register", "churn", "--from", run, "--output", "./model.bin", "--json");
        assertThat(second.exit()).as(second.all()).isZero();
        JsonNode v2 = second.json();
        assertThat(v2.path("id").asText()).isEqualTo("model:churn@2");
        assertThat(v2.path("runId").asText()).isEqualTo(run);
        assertThat(v2.path("stage").asText()).isEqualTo("NONE");
        assertThat(v2.path("sizeBytes").asLong()).isEqualTo(7);

        CliRun.Result promoted =
                CliRun.of("model", "promote", "model:churn@2", "--stage", "production", "--reason", "beat v1");
        assertThat(promoted.exit()).as(promoted.all()).isZero();
        assertThat(promoted.out().strip()).isEqualTo("model:churn@2 PRODUCTION");
        CliRun.Result staged = CliRun.of(
                "model", "promote", "model:churn@1", "--stage", "STAGING", "--reason", "validating", "--json");
        assertThat(staged.exit()).as(staged.all()).isZero();
        JsonNode transitions = staged.json().path("transitions");
        assertThat(transitions).hasSize(1);
        assertThat(transitions.get(0).path("to").asText()).isEqualTo("STAGING");
        assertThat(transitions.get(0).path("reason").asText()).isEqualTo("validating");

        JsonNode all = models("--name", "churn");
        assertThat(all.path("count").asInt()).isEqualTo(2);
        assertThat(all.path("models").findValuesAsText("id")).containsExactly("model:churn@1", "model:churn@2");
        JsonNode production = models("--stage", "PRODUCTION");
        assertThat(production.path("models").findValuesAsText("id")).containsExactly("model:churn@2");
        assertThat(models("--name", "nothing-here").path("count").asInt()).isZero();
        CliRun.Result table = CliRun.of("models");
        assertThat(table.exit()).isZero();
        assertThat(table.out()).contains("ID", "STAGE", "model:churn@1", "STAGING", "model:churn@2", "PRODUCTION", run);

        // visible where a user looks next
        CliRun.Result history = CliRun.of("history", "model:churn@2", "--json");
        assertThat(history.exit()).as(history.all()).isZero();
        assertThat(history.out()).contains("ModelStageTransitionedEvent", "PRODUCTION", "beat v1");
        CliRun.Result lineage = CliRun.of("lineage", "model:churn@2");
        assertThat(lineage.exit()).as(lineage.all()).isZero();
        assertThat(lineage.out()).contains(run);
    }

    @Test
    void givenBadInput_whenModelCommandsRun_thenExitCodesFollowTheTableAndNothingChanges() throws Exception {
        int before = models().path("matched").asInt();
        record Case(List<String> args, int exit, String message) {}
        List<Case> cases = List.of(
                // 2: usage, checked before anything is sent
                new Case(List.of("model", "register", "churn", "--output", "model.bin"), 2, "--run"),
                new Case(List.of("model", "register", "churn", "--run", run), 2, "--output"),
                new Case(List.of("model", "register", "churn", "--run", "sha256:abc", "--output", "x"), 2, ""),
                new Case(List.of("model", "register", "bad name!", "--run", run, "--output", "model.bin"), 2, ""),
                new Case(List.of("model", "promote", "model:churn@1", "--stage", "LIVE", "--reason", "r"), 2, "LIVE"),
                new Case(List.of("model", "promote", "model:churn@1", "--stage", "STAGING"), 2, "--reason"),
                new Case(
                        List.of("model", "promote", "model:churn@1", "--stage", "STAGING", "--reason", " "),
                        2,
                        "--reason"),
                new Case(
                        List.of("model", "promote", run, "--stage", "STAGING", "--reason", "r"),
                        2,
                        "not a model version id"),
                new Case(List.of("models", "--stage", "LIVE"), 2, "LIVE"),
                new Case(List.of("models", "--limit", "0"), 2, "out of range"),
                new Case(List.of("model"), 2, "missing subcommand"),
                // 1: error, including not found
                new Case(
                        List.of(
                                "model",
                                "register",
                                "churn",
                                "--run",
                                "run:00000000-0000-0000-0000-000000000000",
                                "--output",
                                "model.bin"),
                        1,
                        "no run"),
                new Case(List.of("model", "register", "churn", "--run", run, "--output", "nope.bin"), 1, "nope.bin"),
                new Case(
                        List.of("model", "promote", "model:nope@9", "--stage", "STAGING", "--reason", "r"),
                        1,
                        "no model version 'model:nope@9'"));
        for (Case c : cases) {
            CliRun.Result r = CliRun.of(c.args().toArray(String[]::new));
            assertThat(r.exit()).as(c.args() + ": " + r.all()).isEqualTo(c.exit());
            assertThat(r.err()).as(c.args().toString()).contains(c.message());
            assertThat(r.out())
                    .as("stdout stays empty on an error: " + c.args())
                    .isEmpty();
        }
        assertThat(models().path("matched").asInt()).isEqualTo(before);

        // an archived version cannot leave ARCHIVED: refused (1), its stage unchanged
        CliRun.Result reg =
                CliRun.of("model", "register", "old", "--run", run, "--output", "model.bin", "--model-version", "a1");
        assertThat(reg.exit()).as(reg.all()).isZero();
        assertThat(CliRun.of("model", "promote", "model:old@a1", "--stage", "ARCHIVED", "--reason", "retired")
                        .exit())
                .isZero();
        CliRun.Result back = CliRun.of("model", "promote", "model:old@a1", "--stage", "PRODUCTION", "--reason", "undo");
        assertThat(back.exit()).as(back.all()).isEqualTo(1);
        assertThat(models("--name", "old").path("models").get(0).path("stage").asText())
                .isEqualTo("ARCHIVED");
        // an explicit version registered again from the same run and output: an idempotent repeat
        CliRun.Result dup =
                CliRun.of("model", "register", "old", "--run", run, "--output", "model.bin", "--model-version", "a1");
        assertThat(dup.exit()).as(dup.all()).isZero();
    }

    @Test
    void givenHelp_thenEachModelCommandDescribesItselfAndItsExitCodes() {
        for (List<String> cmd : List.of(
                List.of("model", "--help"),
                List.of("model", "register", "--help"),
                List.of("model", "promote", "--help"),
                List.of("models", "--help"))) {
            String[] args = cmd.toArray(String[]::new);
            CliRun.Result r = CliRun.of(args);
            assertThat(r.exit()).as(cmd.toString()).isZero();
            assertThat(r.out()).as(cmd.toString()).contains("Usage:");
        }
        assertThat(CliRun.of("model", "register", "--help").out())
                .contains("--run", "--output", "--model-version", "Exit 0");
        assertThat(CliRun.of("model", "promote", "--help").out()).contains("--stage", "--reason", "PRODUCTION");
        assertThat(CliRun.of("--help").out()).contains("model", "models");
    }
}
