package dev.provenant.messages.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.provenant.messages.common.Sha256Digest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Read model of a run. For replays: {@code verdict}, the differing outputs and metrics, and how
 * many outputs and metrics the verdict compared (null when the verdict was recorded before counts
 * were, or for ordinary runs).
 */
public record RunView(
        RunId id,
        String name,
        RunId pipelineRunId,
        String stepName,
        List<String> command,
        Map<String, String> parameters,
        CodeVersion code,
        EnvironmentFingerprint environment,
        List<RunInput> inputs,
        List<RunOutput> outputs,
        Map<String, Double> metrics,
        RunStatus status,
        Integer exitCode,
        Long durationMillis,
        String failureReason,
        String startedBy,
        Instant startedAt,
        Instant finishedAt,
        RunId replayOf,
        Verdict verdict,
        List<OutputDifference> differences,
        RunId cacheHitOf,
        Sha256Digest cacheKey,
        long eventPosition,
        List<MetricDifference> metricDifferences,
        Integer comparedOutputs,
        Integer comparedMetrics,
        List<VerdictCause> causes,
        RunExecution execution) {

    public RunView {
        metricDifferences = metricDifferences == null ? List.of() : metricDifferences;
        causes = causes == null ? List.of() : causes;
    }

    /**
     * What was observed while the run executed (null: nothing recorded, e.g. a run reported through
     * the API or OpenLineage): see {@link RunExecutionObservedEvent}.
     */
    public record RunExecution(
            boolean traced,
            Sha256Digest variablesDigest,
            @JsonInclude(JsonInclude.Include.NON_NULL) String invalidVariablesDigest,
            List<TracedRead> undeclaredReads,
            List<String> undeclaredWrites,
            List<String> missingReads,
            int declaredReads,
            int codeReads,
            int systemReads) {

        public RunExecution {
            undeclaredReads = undeclaredReads == null ? List.of() : undeclaredReads;
            undeclaredWrites = undeclaredWrites == null ? List.of() : undeclaredWrites;
            missingReads = missingReads == null ? List.of() : missingReads;
        }
    }

    /** A run view without metric differences and counts (the shape before they existed). */
    public RunView(
            RunId id,
            String name,
            RunId pipelineRunId,
            String stepName,
            List<String> command,
            Map<String, String> parameters,
            CodeVersion code,
            EnvironmentFingerprint environment,
            List<RunInput> inputs,
            List<RunOutput> outputs,
            Map<String, Double> metrics,
            RunStatus status,
            Integer exitCode,
            Long durationMillis,
            String failureReason,
            String startedBy,
            Instant startedAt,
            Instant finishedAt,
            RunId replayOf,
            Verdict verdict,
            List<OutputDifference> differences,
            RunId cacheHitOf,
            Sha256Digest cacheKey,
            long eventPosition) {
        this(
                id,
                name,
                pipelineRunId,
                stepName,
                command,
                parameters,
                code,
                environment,
                inputs,
                outputs,
                metrics,
                status,
                exitCode,
                durationMillis,
                failureReason,
                startedBy,
                startedAt,
                finishedAt,
                replayOf,
                verdict,
                differences,
                cacheHitOf,
                cacheKey,
                eventPosition,
                List.of(),
                null,
                null,
                List.of(),
                null);
    }
}
