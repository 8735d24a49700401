package dev.provenant.cli.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStores;
import dev.provenant.cli.client.Output;
import dev.provenant.cli.client.ServerLocator;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.ProvenantClient;
import dev.provenant.recorder.pipeline.PipelineReplayer;
import dev.provenant.recorder.run.ReplayOptions;
import dev.provenant.recorder.run.ReplayWorkdirs;
import dev.provenant.recorder.run.Replayer;
import dev.provenant.recorder.run.RunRecorder;
import dev.provenant.recorder.run.Sandbox;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant replay-run <run-id> [--strict-env] [--workdir DIR]}
 *
 * <p>Re-executes a historical run from its recorded code snapshot and inputs (every digest
 * verified) with its recorded parameters, in a fresh directory, and compares the outputs:
 *
 * <ul>
 *   <li>{@code verdict: IDENTICAL} — exit 0;
 *   <li>{@code verdict: DIFFERENT} — exit 3, naming each differing output with both digests and
 *       sizes, and a short diff for text;
 *   <li>{@code verdict: FAILED} — exit 4 (the command failed, or the environment drifted with
 *       {@code --strict-env}).
 * </ul>
 *
 * <p>The replay is itself a run, linked to the original by replay-of, with its verdict recorded.
 * Replaying a pipeline run replays its steps in data-flow order, each fed what the replayed upstream
 * steps produced, and records one verdict per step and one for the pipeline.
 */
@Command(
        name = "replay-run",
        mixinStandardHelpOptions = true,
        description = "Re-execute a recorded run from its stored code and inputs and compare the outputs.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:IDENTICAL", "1:error", "2:usage", "3:DIFFERENT", "4:FAILED"})
public class ReplayRunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<run-id>", description = "run:<id>")
    String runId;

    @Option(names = "--strict-env", description = "refuse to replay when the environment differs from the recorded one")
    boolean strictEnv;

    @Option(
            names = "--hermetic",
            description = "run the command sealed off with bubblewrap: no network, a clean environment (only"
                    + " PROVENANT_RUN_ID and PARAM_* variables), the system read-only, a private /tmp, only the"
                    + " replay's work directory writable; as user nobody when provenant runs as root. Server-side"
                    + " replays always run this way. Needs bwrap (apt-get install bubblewrap).")
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

    @Override
    public Integer call() {
        try {
            ServerLocator locator = ServerLocator.fromEnvironment();
            try (ArtifactStore store = ArtifactStores.fromEnvironment(locator.home(), locator.env())) {
                PrintStream human = json ? System.err : System.out;
                RunRecorder recorder = new RunRecorder(store, locator.connect(), locator.env(), human, System.err);
                Replayer replayer = new Replayer(recorder, locator.env());
                ReplayOptions options = ReplayOptions.in(workRoot(locator.home()))
                        .strictEnv(strictEnv)
                        .hermetic(hermetic);
                if (PipelineReplayer.isPipeline(recorder.api(), recorder.api().get(runId))) {
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
                        }
                        Output.json(System.out, doc);
                    }
                    return o.exitCode();
                }
                Replayer.Outcome o = replayer.replay(runId, options);
                ReplayWorkdirs.settle(o.workdir(), o.verdict(), keep, System.err);
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
