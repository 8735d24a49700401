package dev.provenant.recorder.run;

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
 */
public record ReplayOptions(
        Path workRoot,
        boolean strictEnv,
        boolean hermetic,
        String pipelineRunId,
        Map<String, StoredPath> inputOverrides) {

    public ReplayOptions {
        inputOverrides = inputOverrides == null ? Map.of() : Map.copyOf(inputOverrides);
    }

    /** Defaults: not strict, not hermetic, a standalone replay with the recorded inputs. */
    public static ReplayOptions in(Path workRoot) {
        return new ReplayOptions(workRoot, false, false, null, Map.of());
    }

    public ReplayOptions strictEnv(boolean strict) {
        return new ReplayOptions(workRoot, strict, hermetic, pipelineRunId, inputOverrides);
    }

    public ReplayOptions hermetic(boolean sealed) {
        return new ReplayOptions(workRoot, strictEnv, sealed, pipelineRunId, inputOverrides);
    }

    public ReplayOptions inPipeline(String pipelineReplayRunId, Map<String, StoredPath> overrides) {
        return new ReplayOptions(workRoot, strictEnv, hermetic, pipelineReplayRunId, overrides);
    }
}
