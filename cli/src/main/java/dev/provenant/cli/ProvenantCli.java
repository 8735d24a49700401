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
 * <p>Exit codes, the same for every command ({@link ExitCodes}): 0 ok, 1 error (including not
 * found), 2 usage, 3 DIFFERENT, 4 FAILED, 5 integrity failure, 6 UNVERIFIED.
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
            "  PROVENANT_URL           server for client commands (+ PROVENANT_TOKEN); default: a",
            "                          local server, started in the background when none runs",
            "                          (it stops after PROVENANT_IDLE_TIMEOUT, 10m, without requests)",
            "",
            "Every command that prints results takes --json: one JSON document on stdout.",
            "Errors go to stderr, with the exit codes above.",
            "Shell completion: source <(provenant completion bash)",
        },
        // subcommands: added by commandLine(...), all of them or only the one a command line names
        exitCodeListHeading = "%nExit codes (every command):%n",
        exitCodeList = {
            "0:ok (diff --exit-code: no difference; replay-run: IDENTICAL or EQUIVALENT)",
            "1:error, including not found (message on stderr)",
            "2:usage error (unknown option, malformed or out-of-range value)",
            "3:DIFFERENT (replay-run verdict; diff --exit-code: the runs differ)",
            "4:FAILED (replay-run verdict)",
            "5:integrity failure (verify, a digest mismatch)",
            "6:UNVERIFIED (replay-run: nothing was compared)"
        })
public class ProvenantCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The subcommands in the order {@code --help} lists them, by name. A command line that names
     * one of them (other than {@code help} and {@code completion}, which read the whole tree) gets
     * only that one: picocli builds each command's model by reflection, and building all of them
     * is a good part of a client command's start.
     */
    static final java.util.Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static java.util.Map<String, Class<?>> subcommands() {
        java.util.Map<String, Class<?>> m = new java.util.LinkedHashMap<>();
        m.put("server", ServerCommand.class);
        m.put("artifact", dev.provenant.cli.artifact.ArtifactCommand.class);
        m.put("run", dev.provenant.cli.run.RunCommand.class);
        m.put("replay-run", dev.provenant.cli.run.ReplayRunCommand.class);
        m.put("pipeline", dev.provenant.cli.pipeline.PipelineCommand.class);
        m.put("demo", dev.provenant.cli.demo.DemoCommand.class);
        m.put("lineage", dev.provenant.cli.query.LineageCommand.class);
        m.put("history", dev.provenant.cli.query.HistoryCommand.class);
        m.put("diff", dev.provenant.cli.query.DiffCommand.class);
        m.put("runs", dev.provenant.cli.query.RunsCommand.class);
        m.put("show", dev.provenant.cli.query.ShowCommand.class);
        m.put("model", dev.provenant.cli.model.ModelCommand.class);
        m.put("models", dev.provenant.cli.model.ModelsCommand.class);
        m.put("verify", dev.provenant.cli.ledger.VerifyCommand.class);
        m.put("audit-report", dev.provenant.cli.audit.AuditReportCommand.class);
        m.put("gc", GcCommand.class);
        m.put("completion", CompletionCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Subcommands that need every other one in the tree (help lists them, completion walks them). */
    private static final java.util.Set<String> NEED_THE_TREE = java.util.Set.of("help", "completion");

    public static void main(String[] args) {
        dev.provenant.recorder.run.Timings.jvmStarted();
        // Before picocli loads: its default factory looks for Groovy's Closure class otherwise, and a
        // class on no jar makes the class loader open every jar of the class path (the server's
        // too: about 120) before it gives up.
        System.setProperty("picocli.disable.closures", "true");
        if (args.length > 0 && args[0].equals(REPLAY_JOB)) {
            // the server's replay worker, when the server runs from this executable jar
            CliLogging.install();
            dev.provenant.recorder.ReplayMain.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length == 1 && args[0].equals(CdsTraining.ENTRY)) {
            CliLogging.install();
            try {
                CdsTraining.main(args);
            } catch (Exception e) {
                System.err.println("provenant: the class-data sharing training run failed: " + e);
                System.exit(1);
            }
            System.exit(0);
        }
        boolean server = args.length > 0 && args[0].equals("server");
        if (!server) {
            // a client command: its few log lines to stderr, without starting logback (the server's)
            CliLogging.install();
        }
        if (dev.provenant.cli.server.LocalServer.startsAServer(args)
                && new dev.provenant.cli.server.LocalServer(dev.provenant.cli.client.ServerLocator.fromEnvironment()
                                .home())
                        .refuseSecondServer(System.err)) {
            System.exit(ExitCodes.ERROR); // before anything else loads: a held home refuses at once
        }
        System.exit(execute(args));
    }

    /** Not a user command: how the server starts its replay worker from this jar. */
    public static final String REPLAY_JOB = "__replay-job";

    /** Runs the CLI and returns its exit code (for tests). */
    public static int execute(String... args) {
        return commandLine(args).execute(args);
    }

    /** The configured command line with every subcommand: usage errors exit 2, help wraps at {@link #helpWidth}. */
    public static CommandLine commandLine() {
        return configure(withSubcommands(SUBCOMMANDS.keySet()));
    }

    /**
     * The command line for {@code args}: only the subcommand they name when that is all they need
     * (see {@link #SUBCOMMANDS}), else every subcommand.
     */
    static CommandLine commandLine(String... args) {
        if (args.length > 0 && SUBCOMMANDS.containsKey(args[0]) && !NEED_THE_TREE.contains(args[0])) {
            return configure(withSubcommands(java.util.List.of(args[0])));
        }
        return commandLine();
    }

    private static CommandLine withSubcommands(java.util.Collection<String> names) {
        CommandLine cmd = new CommandLine(new ProvenantCli());
        for (String name : names) {
            cmd.addSubcommand(name, SUBCOMMANDS.get(name));
        }
        return cmd;
    }

    /** Settings apply to the subcommands present, so they are made after the subcommands are added. */
    private static CommandLine configure(CommandLine cmd) {
        return cmd.setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpLongOptionsMaxWidth(28)
                .setHelpFactory((spec, colors) -> {
                    // decided when help is printed (not on every command): the terminal's width, capped
                    spec.usageMessage().autoWidth(false).width(helpWidth(terminalColumns()));
                    return new CommandLine.Help(spec, colors);
                })
                .setParameterExceptionHandler(ProvenantCli::usageError);
    }

    /**
     * The terminal's width: {@code COLUMNS} when exported, else {@code stty size} on the controlling
     * terminal when there is one; null when unknown (output to a pipe or file).
     */
    static String terminalColumns() {
        String columns = System.getenv("COLUMNS");
        if (columns != null && !columns.isBlank()) {
            return columns;
        }
        java.io.File tty = new java.io.File("/dev/tty");
        if (System.console() == null || !tty.exists()) {
            return null;
        }
        try {
            Process p = new ProcessBuilder("stty", "size")
                    .redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(1, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String[] rowsCols = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .trim()
                    .split("\\s+");
            return rowsCols.length == 2 ? rowsCols[1] : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Help is wrapped to the terminal's width between 60 and 120 columns, 100 when unknown: wide
     * enough for the option descriptions, narrow enough to read on a wide terminal.
     */
    static int helpWidth(String columns) {
        int w = 100;
        if (columns != null) {
            try {
                w = Integer.parseInt(columns.trim());
            } catch (NumberFormatException e) {
                w = 100;
            }
        }
        return Math.max(60, Math.min(120, w));
    }

    /**
     * A usage error (unknown option, missing or malformed value, value out of range): the message,
     * the command's synopsis and where to read more, on stderr; exit 2.
     */
    static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        java.io.PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + usageMessage(ex.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.print("Usage: " + cmd.getHelp().synopsis(0));
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** picocli's message, without its doubled word ("Value for option option '--param'"). */
    static String usageMessage(String message) {
        return message == null ? "usage error" : message.replace("option option '", "option '");
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
