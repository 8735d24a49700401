package dev.provenant.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code provenant} command line.
 *
 * <pre>
 *   provenant server [--port N]     start the service (embedded default unless PROVENANT_DB_URL is set)
 *   provenant --help                every command
 * </pre>
 *
 * <p>Exit codes: 0 success, 1 failure, 2 usage error; commands document their own extra codes.
 */
@Command(
        name = "provenant",
        mixinStandardHelpOptions = true,
        versionProvider = ProvenantCli.Version.class,
        description = "Record, trace and replay ML pipelines: every dataset, code version, run and model as an"
                + " immutable, content-addressed event.",
        footer = {
            "",
            "Environment:",
            "  PROVENANT_HOME          data of the embedded default (default ~/.provenant)",
            "  PROVENANT_DB_URL        external PostgreSQL (+ PROVENANT_DB_USER, PROVENANT_DB_PASSWORD)",
            "  PROVENANT_S3_ENDPOINT   external S3 store (+ _BUCKET, _ACCESS_KEY, _SECRET_KEY)",
            "  PROVENANT_URL           server for client commands (+ PROVENANT_TOKEN); default: a local server,",
            "                          started in the background when none runs (stops after PROVENANT_IDLE_TIMEOUT, 10m)",
        },
        subcommands = {
            ServerCommand.class,
            dev.provenant.cli.artifact.ArtifactCommand.class,
            dev.provenant.cli.run.RunCommand.class,
            dev.provenant.cli.run.ReplayRunCommand.class,
            dev.provenant.cli.pipeline.PipelineCommand.class,
            dev.provenant.cli.demo.DemoCommand.class,
            dev.provenant.cli.query.LineageCommand.class,
            dev.provenant.cli.query.HistoryCommand.class,
            dev.provenant.cli.query.DiffCommand.class,
            dev.provenant.cli.ledger.VerifyCommand.class,
            dev.provenant.cli.audit.AuditReportCommand.class,
            GcCommand.class,
            CommandLine.HelpCommand.class
        })
public class ProvenantCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(REPLAY_JOB)) {
            // the server's replay worker, when the server runs from this executable jar
            dev.provenant.recorder.ReplayMain.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(execute(args));
    }

    /** Not a user command: how the server starts its replay worker from this jar. */
    public static final String REPLAY_JOB = "__replay-job";

    /** Runs the CLI and returns its exit code (for tests). */
    public static int execute(String... args) {
        return new CommandLine(new ProvenantCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ProvenantCli.class.getPackage().getImplementationVersion();
            return new String[] {"provenant " + (v == null ? "dev" : v)};
        }
    }
}
