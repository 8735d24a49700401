package dev.provenant.cli.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStores;
import dev.provenant.cli.client.Output;
import dev.provenant.cli.client.ServerLocator;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.ProvenantClient;
import dev.provenant.recorder.compare.Tolerance;
import dev.provenant.recorder.compare.Tolerances;
import dev.provenant.recorder.pipeline.PipelineReplayer;
import dev.provenant.recorder.run.ReplayOptions;
import dev.provenant.recorder.run.ReplayWorkdirs;
import dev.provenant.recorder.run.Replayer;
import dev.provenant.recorder.run.RunRecorder;
import dev.provenant.recorder.run.Sandbox;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant replay-run <run-id> [--strict-env] [--hermetic] [--workdir DIR] [tolerances]}
 *
 * <p>Re-executes a historical run from its recorded code snapshot and inputs (every digest
 * verified) with its recorded parameters and allow-listed environment variables, in a fresh
 * directory, and compares its declared outputs and its metrics with the original's:
 *
 * <ul>
 *   <li>{@code verdict: IDENTICAL} — exit 0: every output and metric bit-for-bit;
 *   <li>{@code verdict: EQUIVALENT} — exit 0: differences only within the declared tolerances,
 *       each listed "within tolerance";
 *   <li>{@code verdict: DIFFERENT} — exit 3, naming each differing output (both digests and sizes,
 *       a line diff for text, the values for CSV/JSON compared within tolerance) and metric;
 *   <li>{@code verdict: FAILED} — exit 4: the command failed, or the environment drifted with
 *       {@code --strict-env} (nothing is run then);
 *   <li>{@code verdict: UNVERIFIED} — exit 6: the run declared no outputs and recorded no metrics.
 * </ul>
 *
 * <p>The replay is itself a run, linked to the original by replay-of, with its verdict, the
 * differences and what was compared recorded. Replaying a pipeline run replays its steps in
 * data-flow order, each fed what the replayed upstream steps produced, and records one verdict per
 * step and one for the pipeline.
 */
@Command(
        name = "replay-run",
        mixinStandardHelpOptions = true,
        description = {
            "Re-execute a recorded run from its stored code and inputs and compare its declared outputs and"
                    + " metrics with the original's.",
            "Prints 'verdict: <V>' and what was compared ('compared 2 outputs, 3 metrics'). Without tolerances"
                    + " every output and metric must be bit-for-bit the original's; differences within the declared"
                    + " tolerances make the verdict EQUIVALENT and are listed as 'within tolerance'."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:IDENTICAL (every output and metric bit-for-bit), or EQUIVALENT (differences only within the"
                    + " declared tolerances)",
            "1:error (including an unknown run)",
            "2:usage (a bad option or tolerance)",
            "3:DIFFERENT (an output or metric differs beyond tolerance, is missing or extra)",
            "4:FAILED (the command failed, or --strict-env refused on environment drift)",
            "6:UNVERIFIED (nothing was compared: the run declared no outputs and recorded no metrics)"
        })
public class ReplayRunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<run-id>", description = "run:<id>")
    String runId;

    @Option(
            names = "--strict-env",
            description = "refuse (verdict FAILED, nothing run) when the environment differs from the recorded one:"
                    + " OS, runtime (for Python steps the interpreter, its version and every installed package),"
                    + " lockfiles, GPU driver")
    boolean strictEnv;

    @Option(
            names = "--hermetic",
            description = "run the command sealed off with bubblewrap: no network, a clean environment (only"
                    + " PROVENANT_RUN_ID, PARAM_* and the recorded allow-listed variables), the system read-only,"
                    + " a private /tmp, only the replay's work directory writable; as user nobody when provenant"
                    + " runs as root. Server-side replays always run this way. Needs bwrap (apt-get install"
                    + " bubblewrap).")
    boolean hermetic;

    @Option(
            names = "--keep",
            description = "keep the replay's work directory even when the verdict is IDENTICAL or EQUIVALENT (it is"
                    + " always kept, and named, otherwise)")
    boolean keep;

    @Option(
            names = "--json",
            description = "print one JSON document on stdout (verdict, replay run id, differences, drift; for a"
                    + " pipeline, each step's verdict); progress and the command's output go to stderr")
    boolean json;

    @Option(
            names = "--workdir",
            paramLabel = "DIR",
            description = "where replays are made (default PROVENANT_HOME/replays)")
    Path workRoot;

    @Option(
            names = "--metric-tolerance",
            paramLabel = "[NAME=]TOL",
            description = "accept a metric within TOL: rel:1e-9 (|a-b| ≤ 1e-9·max(|a|,|b|)), abs:1e-6, or"
                    + " rel:1e-9,abs:1e-12 (either); without NAME= for every metric. Repeatable,"
                    + " e.g. --metric-tolerance rmse=rel:1e-9")
    List<String> metricTolerances = new ArrayList<>();

    @Option(
            names = "--numeric-tolerance",
            paramLabel = "[OUTPUT=]TOL",
            description = "compare the numbers in CSV/TSV/JSON/JSONL outputs within TOL (rel:…, abs:… as above),"
                    + " everything else in them exactly; without OUTPUT= for every such output; OUTPUT may be a file"
                    + " inside a directory output. Repeatable, e.g. --numeric-tolerance out/preds.csv=rel:1e-9")
    List<String> numericTolerances = new ArrayList<>();

    @Option(
            names = "--ignore-json-field",
            paramLabel = "[OUTPUT:]PATH",
            description = "leave a field out when comparing a JSON/JSONL output: a JSON path ($.timestamp,"
                    + " $.run.host, $.rows[*].ts, $..elapsed); without OUTPUT: in every JSON output. Repeatable,"
                    + " e.g. --ignore-json-field out/metrics.json:$.timestamp")
    List<String> ignoredJsonFields = new ArrayList<>();

    @Option(
            names = "--tolerances",
            paramLabel = "FILE",
            description = "tolerances from a YAML/JSON file, the shape of a pipeline step's 'tolerances:' key:"
                    + " metrics: {rmse: {rel: 1e-9}}, outputs: {out/preds.csv: {abs: 1e-6}},"
                    + " ignore_json_fields: {out/metrics.json: [$.timestamp]}; the options above add to it")
    Path tolerancesFile;

    @Override
    public Integer call() {
        Tolerances tolerances;
        try {
            tolerances = tolerances();
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("provenant: " + e.getMessage());
            return 2;
        }
        try {
            ServerLocator locator = ServerLocator.fromEnvironment();
            try (ArtifactStore store = ArtifactStores.fromEnvironment(locator.home(), locator.env())) {
                PrintStream human = json ? System.err : System.out;
                RunRecorder recorder = new RunRecorder(store, locator.connect(), locator.env(), human, System.err);
                Replayer replayer = new Replayer(recorder, locator.env());
                ReplayOptions options = ReplayOptions.in(workRoot(locator.home()))
                        .strictEnv(strictEnv)
                        .hermetic(hermetic)
                        .tolerances(tolerances);
                dev.provenant.recorder.run.Timings.mark("cli start (options, store, server)");
                com.fasterxml.jackson.databind.JsonNode original =
                        recorder.api().get(runId);
                boolean pipeline = PipelineReplayer.isPipeline(recorder.api(), original);
                dev.provenant.recorder.run.Timings.mark("fetch run (is it a pipeline?)");
                if (pipeline) {
                    PipelineReplayer.Outcome o = new PipelineReplayer(recorder, replayer, human).replay(runId, options);
                    for (PipelineReplayer.StepReplay s : o.steps()) {
                        if (s.outcome() != null) {
                            ReplayWorkdirs.settle(s.outcome().workdir(), s.verdict(), keep, System.err);
                        }
                    }
                    if (json) {
                        ObjectNode doc = ProvenantClient.JSON.createObjectNode();
                        doc.put("pipelineRunId", o.pipelineRunId());
                        doc.put("replayRunId", o.replayRunId());
                        doc.put("verdict", o.verdict());
                        doc.put("exitCode", o.exitCode());
                        var steps = doc.putArray("steps");
                        for (PipelineReplayer.StepReplay s : o.steps()) {
                            ObjectNode step = steps.addObject();
                            step.put("step", s.step());
                            step.put("originalRunId", s.originalRunId());
                            step.put("verdict", s.verdict());
                            step.put(
                                    "replayRunId",
                                    s.outcome() == null ? null : s.outcome().replayRunId());
                            step.put("notReplayed", s.notReplayed());
                            step.set(
                                    "causes",
                                    ProvenantClient.JSON.valueToTree(
                                            s.outcome() == null
                                                    ? java.util.List.of()
                                                    : s.outcome().causes()));
                        }
                        Output.json(System.out, doc);
                    }
                    return o.exitCode();
                }
                Replayer.Outcome o = replayer.replay(runId, original, options);
                ReplayWorkdirs.settle(o.workdir(), o.verdict(), keep, System.err);
                dev.provenant.recorder.run.Timings.mark("remove the work directory");
                if (json) {
                    ObjectNode doc = ProvenantClient.JSON.valueToTree(o);
                    doc.put("exitCode", o.exitCode());
                    Output.json(System.out, doc);
                } else {
                    print(o, System.out);
                }
                return o.exitCode();
            }
        } catch (CliException e) {
            System.err.println("provenant: " + e.getMessage());
            return e.exitCode();
        } catch (RuntimeException | java.io.IOException e) {
            System.err.println("provenant: replay failed: " + e.getMessage());
            return 1;
        }
    }

    /** The tolerances of the file, then the options (which win where they name the same thing). */
    Tolerances tolerances() throws java.io.IOException {
        Tolerances t = tolerancesFile == null ? Tolerances.NONE : Tolerances.read(tolerancesFile);
        for (String spec : metricTolerances) {
            int eq = spec.lastIndexOf('=');
            t = t.withMetric(
                    eq < 0 ? null : spec.substring(0, eq), parse("--metric-tolerance", spec.substring(eq + 1)));
        }
        for (String spec : numericTolerances) {
            int eq = spec.lastIndexOf('=');
            t = t.withNumeric(
                    eq < 0 ? null : spec.substring(0, eq), parse("--numeric-tolerance", spec.substring(eq + 1)));
        }
        for (String spec : ignoredJsonFields) {
            int at = spec.startsWith("$") ? 0 : spec.indexOf(":$");
            if (at < 0) {
                throw new IllegalArgumentException("--ignore-json-field '" + spec
                        + "': write [OUTPUT:]PATH with a JSON path starting with $, e.g. out/metrics.json:$.timestamp");
            }
            String output = at == 0 ? null : spec.substring(0, at);
            String path = at == 0 ? spec : spec.substring(at + 1);
            try {
                t = t.withIgnoredField(output, path);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--ignore-json-field: " + e.getMessage(), e);
            }
        }
        return t;
    }

    private static Tolerance parse(String option, String spec) {
        try {
            return Tolerance.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where replays are made: {@code --workdir}, else {@code PROVENANT_HOME/replays}; a hermetic
     * replay run as root drops to nobody, who cannot enter the (private) home, so it is made in a
     * fresh directory under the system temp directory that others may traverse but not list.
     */
    private Path workRoot(Path home) throws java.io.IOException {
        if (workRoot != null) {
            return workRoot;
        }
        if (hermetic && Sandbox.isRoot()) {
            return dev.provenant.recorder.ReplayMain.traversableTempRoot();
        }
        return home.resolve("replays");
    }

    /** Prints a verdict the way scripts and people read it. */
    public static void print(Replayer.Outcome o, PrintStream out) {
        o.print(out);
    }
}
