package dev.provenant.recorder.run;

import dev.provenant.recorder.compare.Tolerances;
import java.nio.file.Path;
import java.util.Map;

/**
 * How to replay a run.
 *
 * @param workRoot where the replay's work directory is made
 * @param strictEnv refuse (verdict FAILED) when the environment differs from the recorded one
 * @param hermetic run the command in a {@link Sandbox}
 * @param pipelineRunId the replay of the pipeline this step replay belongs to, or null
 * @param inputOverrides inputs to use instead of the recorded ones, by input name: in a pipeline
 *     replay, what the replayed upstream steps produced
 * @param tolerances differences that still make the replay EQUIVALENT (metric tolerances, numeric
 *     tolerance for CSV/JSON outputs, ignored JSON fields); {@link Tolerances#NONE}: bit-for-bit
 * @param repeatOnDifference when the verdict is DIFFERENT, replay once more in the same conditions
 *     and name the outputs that differ between the two replays as nondeterministic
 */
public record ReplayOptions(
        Path workRoot,
        boolean strictEnv,
        boolean hermetic,
        String pipelineRunId,
        Map<String, StoredPath> inputOverrides,
        Tolerances tolerances,
        boolean repeatOnDifference) {

    public ReplayOptions {
        inputOverrides = inputOverrides == null ? Map.of() : Map.copyOf(inputOverrides);
        tolerances = tolerances == null ? Tolerances.NONE : tolerances;
    }

    /** Without tolerances (bit-for-bit). */
    public ReplayOptions(
            Path workRoot,
            boolean strictEnv,
            boolean hermetic,
            String pipelineRunId,
            Map<String, StoredPath> inputOverrides) {
        this(workRoot, strictEnv, hermetic, pipelineRunId, inputOverrides, Tolerances.NONE, true);
    }

    /** Repeating a DIFFERENT replay to find nondeterminism. */
    public ReplayOptions(
            Path workRoot,
            boolean strictEnv,
            boolean hermetic,
            String pipelineRunId,
            Map<String, StoredPath> inputOverrides,
            Tolerances tolerances) {
        this(workRoot, strictEnv, hermetic, pipelineRunId, inputOverrides, tolerances, true);
    }

    /** Defaults: not strict, not hermetic, a standalone replay with the recorded inputs, bit-for-bit. */
    public static ReplayOptions in(Path workRoot) {
        return new ReplayOptions(workRoot, false, false, null, Map.of(), Tolerances.NONE, true);
    }

    public ReplayOptions strictEnv(boolean strict) {
        return new ReplayOptions(
                workRoot, strict, hermetic, pipelineRunId, inputOverrides, tolerances, repeatOnDifference);
    }

    public ReplayOptions hermetic(boolean sealed) {
        return new ReplayOptions(
                workRoot, strictEnv, sealed, pipelineRunId, inputOverrides, tolerances, repeatOnDifference);
    }

    public ReplayOptions inPipeline(String pipelineReplayRunId, Map<String, StoredPath> overrides) {
        return new ReplayOptions(
                workRoot, strictEnv, hermetic, pipelineReplayRunId, overrides, tolerances, repeatOnDifference);
    }

    /** With these tolerances (e.g. a pipeline step's {@code tolerances:}, read by {@link Tolerances#fromMap}). */
    public ReplayOptions tolerances(Tolerances t) {
        return new ReplayOptions(workRoot, strictEnv, hermetic, pipelineRunId, inputOverrides, t, repeatOnDifference);
    }

    /** Whether a DIFFERENT verdict is followed by a second replay to tell nondeterminism apart. */
    public ReplayOptions repeatOnDifference(boolean repeat) {
        return new ReplayOptions(workRoot, strictEnv, hermetic, pipelineRunId, inputOverrides, tolerances, repeat);
    }
}
