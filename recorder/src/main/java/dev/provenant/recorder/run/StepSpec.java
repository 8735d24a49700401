package dev.provenant.recorder.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to run and record: a command in a working directory with named inputs and outputs
 * (relative paths) and parameters. {@code codeExclude} lists more paths to leave out of the code
 * snapshot (in a pipeline: every step's inputs and outputs, which other steps may be writing).
 * {@code trace}: run the command under the file-access tracer and record what it read and wrote
 * beyond its declarations.
 */
public record StepSpec(
        String name,
        Path workdir,
        List<String> command,
        List<String> inputs,
        List<String> outputs,
        Map<String, String> params,
        List<String> codePaths,
        String pipelineRunId,
        String stepName,
        String replayOf,
        String metricsFile,
        List<String> codeExclude,
        boolean trace) {

    public StepSpec {
        codeExclude = codeExclude == null ? List.of() : List.copyOf(codeExclude);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        params = Map.copyOf(params);
        codePaths = List.copyOf(codePaths);
        command = List.copyOf(command);
    }

    /** An untraced step. */
    public StepSpec(
            String name,
            Path workdir,
            List<String> command,
            List<String> inputs,
            List<String> outputs,
            Map<String, String> params,
            List<String> codePaths,
            String pipelineRunId,
            String stepName,
            String replayOf,
            String metricsFile,
            List<String> codeExclude) {
        this(
                name,
                workdir,
                command,
                inputs,
                outputs,
                params,
                codePaths,
                pipelineRunId,
                stepName,
                replayOf,
                metricsFile,
                codeExclude,
                false);
    }

    /** This step, traced or not. */
    public StepSpec traced(boolean traced) {
        return new StepSpec(
                name,
                workdir,
                command,
                inputs,
                outputs,
                params,
                codePaths,
                pipelineRunId,
                stepName,
                replayOf,
                metricsFile,
                codeExclude,
                traced);
    }
}
