package dev.provenant.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.recorder.client.CliException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code provenant run} refuses names and parameters the server could not record, before running anything. */
class RunCommandOptionsTest {

    @TempDir
    Path tmp;

    private final PrintStream realErr = System.err;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        // if the check ever came too late, this server does not exist: no background server is started
        System.setProperty("PROVENANT_URL", "http://127.0.0.1:9");
        System.setProperty("PROVENANT_TOKEN", "unused-token-0123456789");
        System.setProperty("PROVENANT_HOME", tmp.resolve("home").toString());
    }

    @AfterEach
    void tearDown() {
        System.setErr(realErr);
        System.clearProperty("PROVENANT_URL");
        System.clearProperty("PROVENANT_TOKEN");
        System.clearProperty("PROVENANT_HOME");
    }

    private int run(String... args) {
        return new CommandLine(new RunCommand()).execute(args);
    }

    @Test
    void givenControlCharacterInName_whenRun_thenExit2NamingTheOptionAndTheCommandDoesNotRun() {
        Path marker = tmp.resolve("ran");
        int code = run("--name", "tr\u001bain", "-C", tmp.toString(), "--", "touch", marker.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--name: contains control character U+001B at position 3; remove it")
                .doesNotContain("\u001b");
        assertThat(marker).doesNotExist();
    }

    @Test
    void givenControlCharacterInParamValueOrName_whenRun_thenExit2NamingTheParam() {
        assertThat(run("--param", "seed=4\u00002", "--", "true")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--param seed: contains control character U+0000 at position 2");
        assertThat(run("--param", "se\u0007ed=42", "--", "true")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--param (a name): contains control character U+0007");
    }

    @Test
    void givenOverLongName_whenChecked_thenRefused() {
        assertThatThrownBy(
                        () -> RunCommand.checkOptions("n".repeat(513), Map.of(), List.of(), List.of(), List.of("true")))
                .isInstanceOf(CliException.class)
                .hasMessage("--name: is 513 characters long; at most 512 are allowed")
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(2));
    }

    @Test
    void givenMultiLineParamValueAndCommand_whenChecked_thenAccepted() {
        RunCommand.checkOptions(
                "train",
                Map.of("query", "SELECT 1\n\tFROM t\r\n"),
                List.of("data/train.csv"),
                List.of("model.bin"),
                List.of("sh", "-c", "echo a\necho b"));
        assertThatThrownBy(() ->
                        RunCommand.checkOptions("train", Map.of(), List.of("da\u0000ta"), List.of(), List.of("true")))
                .hasMessageStartingWith("--input: contains control character U+0000");
        assertThatThrownBy(() -> RunCommand.checkOptions(
                        "train", Map.of(), List.of(), List.of(), List.of("printf", "\u001b[31m")))
                .hasMessageStartingWith("command argument 2: contains control character U+001B");
    }

    @Test
    void givenAPythonCommand_thenTheDefaultNameIsTheScriptOrModule_andOtherwiseTheProgram() {
        assertThat(RunCommand.defaultName(List.of("python3", "train.py"))).isEqualTo("train.py");
        assertThat(RunCommand.defaultName(
                        List.of("/usr/bin/python3.11", "-u", "-X", "utf8", "steps/train.py", "--epochs", "3")))
                .isEqualTo("train.py");
        assertThat(RunCommand.defaultName(List.of("python", "-m", "pkg.train"))).isEqualTo("pkg.train");
        assertThat(RunCommand.defaultName(List.of("env", "PYTHONHASHSEED=0", "python3", "evaluate.py")))
                .isEqualTo("evaluate.py");
        assertThat(RunCommand.defaultName(List.of("python3", "-c", "print(1)"))).isEqualTo("python3");
        assertThat(RunCommand.defaultName(List.of("java", "Train.java"))).isEqualTo("java");
        assertThat(RunCommand.defaultName(List.of("./train.sh"))).isEqualTo("train.sh");
    }

    @Test
    void givenHelp_thenItDocumentsTheVariablesTheCommandGets() {
        String help = new CommandLine(new RunCommand()).getUsageMessage();
        assertThat(help).contains("PARAM_<KEY>").contains("PARAM_LEARNING_RATE").contains("PROVENANT_RUN_ID");
    }
}
