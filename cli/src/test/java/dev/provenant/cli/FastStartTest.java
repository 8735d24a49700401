package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A client command builds only its own part of the command line (issue #17), and that part
 * behaves as the whole tree does.
 */
class FastStartTest {

    @Test
    void givenTheSubcommandTable_thenEachNameIsTheNameItsCommandDeclares() {
        ProvenantCli.SUBCOMMANDS.forEach((name, cls) -> assertThat(
                        cls.getAnnotation(CommandLine.Command.class).name())
                .as(cls.getName())
                .isEqualTo(name));
        assertThat(ProvenantCli.commandLine().getSubcommands().keySet())
                .containsExactlyElementsOf(ProvenantCli.SUBCOMMANDS.keySet());
    }

    @Test
    void givenAClientCommand_thenOnlyItsSubcommandIsBuilt_andHelpAndCompletionGetTheTree() {
        assertThat(ProvenantCli.commandLine("run", "--", "true")
                        .getSubcommands()
                        .keySet())
                .containsExactly("run");
        assertThat(ProvenantCli.commandLine("artifact", "put", "x")
                        .getSubcommands()
                        .get("artifact")
                        .getSubcommands())
                .containsKeys("put", "get");
        assertThat(ProvenantCli.commandLine("help", "run").getSubcommands()).hasSize(ProvenantCli.SUBCOMMANDS.size());
        assertThat(ProvenantCli.commandLine("completion").getSubcommands()).hasSize(ProvenantCli.SUBCOMMANDS.size());
        assertThat(ProvenantCli.commandLine("--version").getSubcommands()).hasSize(ProvenantCli.SUBCOMMANDS.size());
        assertThat(ProvenantCli.commandLine("nonsense").getSubcommands()).hasSize(ProvenantCli.SUBCOMMANDS.size());
    }

    @Test
    void givenASubcommandAlone_whenItsHelpOrAUsageErrorIsPrinted_thenItIsNamedAsInTheWholeTree() {
        String alone = usage(ProvenantCli.commandLine("run", "--help"), "run", "--help");
        String whole = usage(ProvenantCli.commandLine(), "run", "--help");
        assertThat(alone).startsWith("Usage: provenant run ").isEqualTo(whole);

        CommandLine cmd = ProvenantCli.commandLine("run", "--no-such-option");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        cmd.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        assertThat(cmd.execute("run", "--no-such-option")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("provenant run: Unknown option: '--no-such-option'")
                .contains("Try 'provenant run --help'");
    }

    @Test
    void givenTheVersionOption_thenTheVersionIsPrinted() {
        assertThat(usage(ProvenantCli.commandLine("--version"), "--version")).startsWith("provenant ");
    }

    private static String usage(CommandLine cmd, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cmd.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cmd.execute(args);
        return out.toString(StandardCharsets.UTF_8);
    }
}
