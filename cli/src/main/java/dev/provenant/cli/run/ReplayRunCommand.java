package dev.provenant.cli.run;

import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStores;
import dev.provenant.cli.client.ServerLocator;
import dev.provenant.recorder.client.CliException;
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
 * Replaying a pipeline run replays its steps in order, each from its own recorded inputs.
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
            names = "--workdir",
            paramLabel = "DIR",
            description = "where replays are made (default PROVENANT_HOME/replays)")
    Path workRoot;

    @Override
    public Integer call() {
        try {
            ServerLocator locator = ServerLocator.fromEnvironment();
            try (ArtifactStore store = ArtifactStores.fromEnvironment(locator.home(), locator.env())) {
                RunRecorder recorder = new RunRecorder(store, locator.connect(), locator.env(), System.out, System.err);
                Replayer.Outcome o = new Replayer(recorder, locator.env())
                        .replay(runId, strictEnv, workRoot(locator.home()), hermetic);
                print(o, System.out);
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

    /**
     * A pipeline run: replays its steps in the order they ran, each from its own recorded inputs.
     * The pipeline's verdict is FAILED if any step failed, else DIFFERENT if any differed.
     */
    private int replayPipeline(
            Replayer replayer, java.util.List<com.fasterxml.jackson.databind.JsonNode> steps, Path root) {
        int worst = Replayer.EXIT_IDENTICAL;
        for (com.fasterxml.jackson.databind.JsonNode step : steps) {
            System.out.println(
                    "step " + step.path("stepName").asText(step.path("name").asText()) + ":");
            Replayer.Outcome o = replayer.replay(step.path("id").asText(), strictEnv, root);
            print(o, System.out);
            if (o.exitCode() == Replayer.EXIT_FAILED) {
                worst = Replayer.EXIT_FAILED;
            } else if (o.exitCode() == Replayer.EXIT_DIFFERENT && worst != Replayer.EXIT_FAILED) {
                worst = Replayer.EXIT_DIFFERENT;
            }
        }
        String verdict = worst == Replayer.EXIT_IDENTICAL
                ? "IDENTICAL"
                : worst == Replayer.EXIT_DIFFERENT ? "DIFFERENT" : "FAILED";
        System.out.println("pipeline verdict: " + verdict + " (" + steps.size() + " steps)");
        return worst;
    }

    /** Prints a verdict the way scripts and people read it. */
    public static void print(Replayer.Outcome o, PrintStream out) {
        o.print(out);
    }
}
