package dev.provenant.cli.run;

import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStores;
import dev.provenant.cli.client.ServerLocator;
import dev.provenant.messages.common.InvalidTextException;
import dev.provenant.messages.common.TextRules;
import dev.provenant.messages.run.StartRunCommand;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.run.RunRecorder;
import dev.provenant.recorder.run.StepSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant run [--name N] [--input P]… [--output P]… [--param K=V]… -- <cmd…>}
 *
 * <p>Records one step: inputs (files or directories, relative to the working directory) are
 * hashed and stored before the command runs; the code snapshot (git tracked + untracked files,
 * uncommitted changes included), the environment fingerprint and parameters are captured;
 * parameters reach the command as {@code PARAM_<KEY>} variables; its output is streamed live and
 * kept as the {@code log} artifact; outputs and {@code metrics.json} are stored after it exits.
 *
 * <p>Prints {@code run:<id>} as the last line on stdout and exits with the command's exit code
 * (1 if Provenant itself failed, 2 for usage errors, e.g. a name or parameter with a control
 * character, refused before anything runs). Example:
 * {@code provenant run --name train --input data/train.csv --output model.bin --param seed=42 -- java Train.java};
 * with {@code --trace} every file the command reads is recorded and undeclared ones are named.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run a command and record it: inputs, code, environment, parameters, outputs, metrics, log.",
        footer = {
            "",
            "The command runs with this process's environment plus:",
            "  PARAM_<KEY>       each --param K=V, the key upper-cased with every other character as '_'",
            "                    (--param learning-rate=0.1 gives PARAM_LEARNING_RATE=0.1)",
            "  PROVENANT_PARAMS_FILE",
            "                    a JSON file of every --param as given: {\"learning-rate\": \"0.1\", ...}",
            "                    (keys not upper-cased, values as strings; deleted when the command ends);",
            "                    the Python client's provenant.params() reads it",
            "  PROVENANT_RUN_ID  the run being recorded (run:<id>); the Python client (clients/python)",
            "                    attaches to it, so log_metric/log_param/log_output land on this run",
            "  PROVENANT_URL, PROVENANT_TOKEN",
            "                    the server this run is recorded on (never part of the recorded environment)",
            "",
            "Examples:",
            "  provenant run --name train --input data/train.csv --output model.bin --param seed=42 -- python3 train.py",
            "  provenant run -- python3 train.py      (named 'train.py': a Python step is named after its script)"
        })
public class RunCommand implements Callable<Integer> {

    @Option(
            names = "--name",
            description = "run name (default: the script of a Python command, e.g. train.py, or the module of"
                    + " 'python -m'; otherwise the command's first word)")
    String name;

    @Option(
            names = {"-i", "--input"},
            paramLabel = "PATH",
            description = "an input file or directory (repeatable)")
    List<String> inputs = new ArrayList<>();

    @Option(
            names = {"-o", "--output"},
            paramLabel = "PATH",
            description = "an output file or directory (repeatable)")
    List<String> outputs = new ArrayList<>();

    @Option(
            names = {"-p", "--param"},
            paramLabel = "K=V",
            description = "a parameter (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--code", paramLabel = "PATH", description = "extra code to snapshot outside git (repeatable)")
    List<String> code = new ArrayList<>();

    @Option(
            names = "--metrics",
            paramLabel = "FILE",
            description = "metrics file the command writes (default metrics.json)")
    String metrics;

    @Option(
            names = "--json",
            description = "print one JSON document on stdout (run id, exit code, outputs with digests, failure);"
                    + " the command's own output goes to stderr")
    boolean json;

    @Option(
            names = "--trace",
            description = "run the command under the file-access tracer (strace): every file it reads is"
                    + " recorded; files it read or wrote without declaring them are named, and undeclared reads stored"
                    + " (up to PROVENANT_TRACE_CAPTURE_MAX_BYTES, default 16 MiB, each)")
    boolean trace;

    @Option(names = "-C", paramLabel = "DIR", description = "working directory (default: current)")
    Path workdir;

    @Parameters(paramLabel = "CMD", description = "the command, after --")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        try {
            if (command.isEmpty()) {
                throw new CliException(2, "no command given: put it after '--', e.g. provenant run -- python train.py");
            }
            checkOptions(name, params, inputs, outputs, command);
            String stepName = name == null ? defaultName(command) : name;
            if (name == null) {
                checkOptions(stepName, Map.of(), List.of(), List.of(), List.of());
            }
            ServerLocator locator = ServerLocator.fromEnvironment();
            Path dir =
                    (workdir == null ? Path.of("") : workdir).toAbsolutePath().normalize();
            StepSpec spec = new StepSpec(
                    stepName, dir, command, inputs, outputs, params, code, null, null, null, metrics, List.of(), trace);
            try (ArtifactStore store = ArtifactStores.fromEnvironment(locator.home(), locator.env())) {
                RunRecorder recorder = new RunRecorder(
                        store, locator.connect(), locator.env(), json ? System.err : System.out, System.err);
                RunRecorder.Result r = recorder.record(spec);
                if (json) {
                    dev.provenant.cli.client.Output.json(
                            System.out, dev.provenant.recorder.client.ProvenantClient.JSON.valueToTree(r));
                    return r.exitCode() < 0 || r.exitCode() > 255 ? 1 : r.exitCode();
                }
                if (r.failureReason() != null) {
                    System.err.println("provenant: " + r.runId() + " failed: " + r.failureReason());
                }
                System.out.println(r.runId());
                return r.exitCode() < 0 || r.exitCode() > 255 ? 1 : r.exitCode();
            }
        } catch (CliException e) {
            System.err.println("provenant: " + e.getMessage());
            return e.exitCode();
        } catch (RuntimeException e) {
            System.err.println("provenant: " + e.getMessage());
            return 1;
        }
    }

    /** Python flags that take a value as the next argument. */
    private static final java.util.Set<String> PYTHON_FLAGS_WITH_VALUE = java.util.Set.of("-W", "-X", "-Q");

    /**
     * A run's default name: what a person would call the step. For a Python command the script
     * ({@code python3 -u train.py --epochs 3} → {@code train.py}) or module ({@code python -m
     * pkg.train} → {@code pkg.train}), also behind {@code env}; otherwise the program's file name.
     */
    static String defaultName(List<String> command) {
        int i = 0;
        String program = Path.of(command.get(0)).getFileName().toString();
        if (program.equals("env")) {
            i = 1;
            while (i < command.size()
                    && (command.get(i).startsWith("-") || command.get(i).contains("="))) {
                i++;
            }
            if (i >= command.size()) {
                return program;
            }
            program = Path.of(command.get(i)).getFileName().toString();
        }
        if (!program.matches("(python|pypy)(\\d+(\\.\\d+)*)?")) {
            return program;
        }
        for (int j = i + 1; j < command.size(); j++) {
            String a = command.get(j);
            if (a.equals("-m") || a.equals("-c")) {
                return a.equals("-m") && j + 1 < command.size() ? command.get(j + 1) : program;
            }
            if (PYTHON_FLAGS_WITH_VALUE.contains(a)) {
                j++;
            } else if (!a.startsWith("-") || a.equals("-")) {
                String script = Path.of(a).getFileName() == null
                        ? a
                        : Path.of(a).getFileName().toString();
                return script.isEmpty() ? program : script;
            }
        }
        return program;
    }

    /**
     * Refuses, before anything is stored or run, what the server would refuse to record (see
     * {@link TextRules}): a name, input or output path or parameter name with a control character,
     * a parameter value or command argument with a control character other than tab, LF or CR, or
     * anything too long. {@code name} may be null (not given). Throws a {@link CliException} with
     * exit code 2 naming the option.
     */
    static void checkOptions(
            String name, Map<String, String> params, List<String> inputs, List<String> outputs, List<String> command) {
        try {
            for (int i = 0; i < command.size(); i++) {
                TextRules.requireFreeText("command argument " + (i + 1), command.get(i), StartRunCommand.MAX_ARGUMENT);
            }
            TextRules.optionalName("--name", name, TextRules.RUN_NAME_MAX);
            for (Map.Entry<String, String> p : params.entrySet()) {
                TextRules.requireName("--param (a name)", p.getKey(), TextRules.NAME_MAX);
                TextRules.requireFreeText("--param " + p.getKey(), p.getValue(), StartRunCommand.MAX_PARAMETER_VALUE);
            }
            for (String in : inputs) {
                TextRules.requireName("--input", in, TextRules.NAME_MAX);
            }
            for (String out : outputs) {
                TextRules.requireName("--output", out, TextRules.NAME_MAX);
            }
        } catch (InvalidTextException e) {
            throw new CliException(2, e.getMessage());
        }
    }
}
